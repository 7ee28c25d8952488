package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
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

    private final ColumnMapping mapping;
    private final ValueReader reader;

    public RowMapper(ColumnMapping mapping) {
        this.mapping = mapping;
        this.reader = new ValueReader(mapping.numbers(), new DateTimeParser(mapping.timeZone(), mapping.dates()));
    }

    /** Either kind of row; {@code origin} says where it came from, e.g. {@code s3://bucket/key#L17}. */
    public RawSale map(RowResult row, String origin) {
        return row instanceof SourceRow s ? map(s, origin) : map((RowError) row, origin);
    }

    public RawSale map(RowError error, String origin) {
        return RawSale.rejectedAtSource(error.rawText(), error.reasons(), mapping.source(), origin);
    }

    public RawSale map(SourceRow row, String origin) {
        List<String> reasons = new ArrayList<>();
        Map<SaleField, String> v = new EnumMap<>(SaleField.class);
        mapping.fields().forEach((field, spec) -> v.put(field, reader.read(field.key(), spec, row, reasons)));
        Map<String, String> attributes = new LinkedHashMap<>();
        mapping.attributes().forEach((name, spec) -> {
            String value = reader.read("attributes." + name, spec, row, reasons);
            if (value != null) {
                attributes.put(name, value);
            }
        });
        if (!reasons.isEmpty()) {
            return RawSale.rejectedAtSource(row.rawText(), reasons, mapping.source(), origin);
        }
        RawSaleLine line = new RawSaleLine(v.get(SaleField.LINE_NO), v.get(SaleField.SKU), v.get(SaleField.PRODUCT_NAME),
                v.get(SaleField.CATEGORY), v.get(SaleField.QUANTITY), v.get(SaleField.UNIT_PRICE),
                v.get(SaleField.DISCOUNT), v.get(SaleField.NET_AMOUNT), Collections.unmodifiableMap(attributes));
        return new RawSale(v.get(SaleField.SALE_ID), v.get(SaleField.SOLD_AT), v.get(SaleField.STORE_ID),
                v.get(SaleField.STORE_NAME), v.get(SaleField.STORE_CITY), v.get(SaleField.STORE_STATE),
                v.get(SaleField.STORE_COUNTRY), v.get(SaleField.CHANNEL), v.get(SaleField.CUSTOMER_ID),
                v.get(SaleField.CUSTOMER_NAME), v.get(SaleField.CUSTOMER_DOCUMENT), v.get(SaleField.PAYMENT_METHOD),
                v.get(SaleField.CURRENCY), v.get(SaleField.STATUS), List.of(line), mapping.source(), origin, null, null);
    }
}
