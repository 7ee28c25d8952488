package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link ColumnMapping} to the rows a source reads: each row becomes a {@link RawSale} with exactly
 * one line, ready for {@code sales.raw}. A row holding a value the mapping cannot convert becomes
 * {@link RawSale#rejectedAtSource} with every such problem and the row's raw text, so it reaches the DLQ;
 * whether the converted values make a valid sale is left to the validator downstream. Immutable, so one
 * instance can serve several reading threads.
 */
public final class RowMapper {

    private static final SaleField[] ALL_FIELDS = SaleField.values();

    private final ColumnMapping mapping;
    private final ValueReader reader;
    /** The mapped fields and their specs, side by side: looping over arrays is most of the cost of a row here. */
    private final SaleField[] fields;
    private final FieldSpec[] fieldSpecs;
    private final String[] attributeNames;
    private final FieldSpec[] attributeSpecs;
    /** "attributes.NAME", as reasons name an attribute. */
    private final String[] attributeKeys;
    /** {@code true} when the mapping says each row is a whole sale; absent (null) otherwise, as the JSON leaves it out. */
    private final Boolean wholeSale;

    public RowMapper(ColumnMapping mapping) {
        this.mapping = mapping;
        this.reader = new ValueReader(mapping.numbers(), new DateTimeParser(mapping.timeZone(), mapping.dates()));
        this.fields = mapping.fields().keySet().toArray(SaleField[]::new);
        this.fieldSpecs = new FieldSpec[fields.length];
        for (int i = 0; i < fields.length; i++) {
            fieldSpecs[i] = mapping.fields().get(fields[i]);
        }
        this.wholeSale = mapping.wholeSale() ? Boolean.TRUE : null;
        this.attributeNames = mapping.attributes().keySet().toArray(String[]::new);
        this.attributeSpecs = new FieldSpec[attributeNames.length];
        this.attributeKeys = new String[attributeNames.length];
        for (int i = 0; i < attributeNames.length; i++) {
            attributeSpecs[i] = mapping.attributes().get(attributeNames[i]);
            attributeKeys[i] = "attributes." + attributeNames[i];
        }
    }

    /** Either kind of row; {@code origin} says where it came from, e.g. {@code s3://bucket/key#L17}. */
    public RawSale map(RowResult row, String origin) {
        return row instanceof SourceRow s ? map(s, origin) : map((RowError) row, origin);
    }

    public RawSale map(RowError error, String origin) {
        return RawSale.rejectedAtSource(error.rawText(), error.reasons(), mapping.source(), origin);
    }

    public RawSale map(SourceRow row, String origin) {
        List<String> reasons = new ArrayList<>(0);
        String[] v = new String[ALL_FIELDS.length];
        for (int i = 0; i < fields.length; i++) {
            v[fields[i].ordinal()] = reader.read(fields[i].key(), fieldSpecs[i], row, reasons);
        }
        Map<String, String> attributes = attributeNames.length == 0 ? Map.of()
                : new LinkedHashMap<>(attributeNames.length * 2);
        for (int i = 0; i < attributeNames.length; i++) {
            String value = reader.read(attributeKeys[i], attributeSpecs[i], row, reasons);
            if (value != null) {
                attributes.put(attributeNames[i], value);
            }
        }
        if (!reasons.isEmpty()) {
            return RawSale.rejectedAtSource(row.rawText(), reasons, mapping.source(), origin);
        }
        RawSaleLine line = new RawSaleLine(v[SaleField.LINE_NO.ordinal()], v[SaleField.SKU.ordinal()],
                v[SaleField.PRODUCT_NAME.ordinal()], v[SaleField.CATEGORY.ordinal()], v[SaleField.QUANTITY.ordinal()],
                v[SaleField.UNIT_PRICE.ordinal()], v[SaleField.DISCOUNT.ordinal()], v[SaleField.NET_AMOUNT.ordinal()],
                attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(attributes));
        return new RawSale(v[SaleField.SALE_ID.ordinal()], v[SaleField.SOLD_AT.ordinal()], v[SaleField.STORE_ID.ordinal()],
                v[SaleField.STORE_NAME.ordinal()], v[SaleField.STORE_CITY.ordinal()], v[SaleField.STORE_STATE.ordinal()],
                v[SaleField.STORE_COUNTRY.ordinal()], v[SaleField.CHANNEL.ordinal()], v[SaleField.CUSTOMER_ID.ordinal()],
                v[SaleField.CUSTOMER_NAME.ordinal()], v[SaleField.CUSTOMER_DOCUMENT.ordinal()],
                v[SaleField.PAYMENT_METHOD.ordinal()], v[SaleField.CURRENCY.ordinal()], v[SaleField.STATUS.ordinal()],
                List.of(line), mapping.source(), origin, null, null,
                v[SaleField.VERSION.ordinal()] != null ? v[SaleField.VERSION.ordinal()] : v[SaleField.UPDATED_AT.ordinal()],
                wholeSale, v[SaleField.INSTALLMENTS.ordinal()]);
    }
}
