package br.com.etlvendas.transform.step;

import br.com.etlvendas.sale.Sale;

/**
 * One step of the transformation chain declared under {@code transformations:} in {@code etl-config.yml}. It
 * gets every sale that passed validation, already normalised, before de-duplication, and returns the sale to
 * pass on: the same instance when it changes nothing, a changed copy, or {@code null} to drop the sale (a
 * filter). Dropping some lines means returning {@code sale.withLines(kept)}; the dropped lines are counted as
 * filtered, so reconciliation still accounts for them. A step may not add lines or change the sale id.
 *
 * <p>Your own step: a public class implementing this interface with a public constructor taking a
 * {@code Map<String, String>} (the step's {@code config:} settings), which should throw
 * {@link IllegalArgumentException} with a clear message for a setting it cannot use: start-up then lists it as a
 * configuration problem (exit 2). One instance serves every stream thread, so keep it stateless or thread-safe.
 * Anything {@link #apply} throws sends that one record to {@code sales.dlq} (stage {@code transform}, the step's
 * name, the exception and the original bytes) and processing goes on with the next record.
 */
public interface Transformation {

    /** The sale to pass on (this one, or a changed copy), or {@code null} to drop it. */
    Sale apply(Sale sale);
}
