package br.com.etlvendas.transform;

import br.com.etlvendas.sale.DlqEnvelope;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.transform.step.StepFailedException;
import br.com.etlvendas.transform.step.TransformationChain;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Normalises a valid sale and runs the transformation chain on it. An exception in either does not escape: the
 * record comes out as failed, with the step's name and the exception as its reason and in the headers
 * {@link DlqHeaders#STEP} and {@link DlqHeaders#EXCEPTION}, so that it goes to the DLQ with its original bytes,
 * counts as rejected, and the next record is processed as usual.
 */
final class TransformProcessor implements FixedKeyProcessor<String, Checked, Transformed> {

    static final String STEP_NORMALISE = "normalise";
    private static final Logger log = LoggerFactory.getLogger(TransformProcessor.class);

    private final SaleNormalizer normalizer;
    private final TransformationChain chain;
    private final PoisonRecords poison;
    private FixedKeyProcessorContext<String, Transformed> context;

    TransformProcessor(SaleNormalizer normalizer, TransformationChain chain, PoisonRecords poison) {
        this.normalizer = normalizer;
        this.chain = chain;
        this.poison = poison;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Transformed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Checked> record) {
        Checked checked = record.value();
        Sale sale = ((Validation.Valid) checked.validation()).sale();
        String step = STEP_NORMALISE;
        try {
            Sale normalised = normalizer.normalize(sale);
            step = null;
            Sale out = chain.apply(normalised);
            int filtered = sale.lines().size() - (out == null ? 0 : out.lines().size());
            context.forward(record.withValue(new Transformed(checked, out, filtered, null)));
        } catch (StepFailedException e) {
            failed(record, e.step(), e.getCause());
        } catch (RuntimeException e) {
            failed(record, step == null ? "chain" : step, e);
        }
    }

    private void failed(FixedKeyRecord<String, Checked> record, String step, Throwable e) {
        String exception = e.getClass().getName();
        String reason = "step '" + step + "' threw " + exception + ": " + e.getMessage();
        log.warn("Record of source {} (sale {}) sent to the DLQ: {}", record.value().raw().source(),
                record.value().raw().saleId(), reason, e);
        poison.record(DlqHeaders.STAGE_TRANSFORM + ":" + step, e);
        Headers headers = new RecordHeaders(record.headers().toArray());
        DlqEnvelope.on(headers).thrownBy(step, e);
        context.forward(record.withValue(new Transformed(record.value(), null, 0, List.of(reason))).withHeaders(headers));
    }
}
