package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.config.ConfigReader;
import br.com.etlvendas.extract.format.FormatSpec;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A source's mapping file, validated: how its files are written, how its numbers and dates read, and where
 * each published field and extra attribute comes from. Config only: a new export layout needs a new file,
 * not new code. Load it with {@link MappingLoader}; apply it with {@link RowMapper}.
 *
 * @param source     name published as every record's {@code source}
 * @param timeZone   zone of the local dates and times in the source's files
 * @param fields     the mapped fields; a field not in the map is published as absent
 * @param attributes extra values kept on every line under their names, in the order declared
 * @param wholeSale  whether each record carries every line of its sale (one row per sale), so that a changed
 *                   record replaces the sale and lines it no longer has are removed
 */
public record ColumnMapping(String source, FormatSpec format, ZoneId timeZone, NumberStyle numbers, DateStyle dates,
                            Map<SaleField, FieldSpec> fields, Map<String, FieldSpec> attributes, boolean wholeSale) {

    public ColumnMapping {
        Map<SaleField, FieldSpec> byField = new EnumMap<>(SaleField.class);
        byField.putAll(fields);
        fields = Collections.unmodifiableMap(byField);
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public Optional<FieldSpec> field(SaleField field) {
        return Optional.ofNullable(fields.get(field));
    }

    static ColumnMapping from(ConfigReader root) {
        String source = root.requiredString("source",
                "name of the source, published as each record's source, e.g. superstore or erp-loja-01");
        if (!source.isEmpty() && !source.matches("[A-Za-z0-9._:-]{1,64}")) {
            root.problem(root.pathOf("source"), "must be 1-64 letters, digits or . _ : -, got '" + source + "'");
        }
        FormatSpec format = FormatSpec.from(root.section("format", "how the source's files are written"));
        ZoneId zone = zone(root);
        NumberStyle numbers = NumberStyle.from(root.section("numbers", "how numbers are written in the source"));
        DateStyle dates = DateStyle.from(root.section("dates", "how dates and times are written in the source"));
        ConfigReader fieldsSection = root.section("fields",
                "where each sale field comes from, by its snake_case name (sale_id, sold_at, …, net_amount)");
        Map<SaleField, FieldSpec> fields = FieldSpecReader.fields(fieldsSection);
        Map<String, FieldSpec> attributes = FieldSpecReader.attributes(root.section("attributes",
                "extra source values kept as text on every line, by name, e.g. profit: { column: Profit, number: true }"));
        requireNeededFields(fieldsSection, fields);
        if (format.type() == FormatSpec.Type.CSV && !format.header()) {
            requireNumberedColumns(fieldsSection, fields);
        }
        boolean wholeSale = root.bool("whole-sale", false, "whether each record (row) carries every line of its sale, so "
                + "that a changed one replaces the sale and the lines it no longer has are removed; false for exports "
                + "with one row per line, whose rows add or correct lines");
        return new ColumnMapping(source, format, zone, numbers, dates, fields, attributes, wholeSale);
    }

    private static ZoneId zone(ConfigReader root) {
        String zone = root.requiredString("time-zone",
                "zone of local dates and times in the source's files, e.g. America/Sao_Paulo (used for daylight saving too)");
        if (zone.isEmpty()) {
            return ZoneId.of("America/Sao_Paulo");
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            root.problem(root.pathOf("time-zone"), "is not a time zone such as America/Sao_Paulo or UTC, got '" + zone + "'");
            return ZoneId.of("America/Sao_Paulo");
        }
    }

    /** A mapping that leaves out what every sale needs would send every row to the DLQ: refuse it now. */
    private static void requireNeededFields(ConfigReader fieldsSection, Map<SaleField, FieldSpec> fields) {
        for (SaleField field : SaleField.values()) {
            if (field.needed() && !fields.containsKey(field) && !fieldsSection.has(field.key())) {
                fieldsSection.problem(fieldsSection.pathOf(field.key()),
                        "is not mapped, and every sale needs it (" + field.description() + ")");
            }
        }
        if (!fieldsSection.has(SaleField.UNIT_PRICE.key()) && !fieldsSection.has(SaleField.NET_AMOUNT.key())) {
            fieldsSection.problem(fieldsSection.pathOf(SaleField.NET_AMOUNT.key()),
                    "is not mapped, nor is unit_price; every line needs one of them");
        }
    }

    private static void requireNumberedColumns(ConfigReader fieldsSection, Map<SaleField, FieldSpec> fields) {
        fields.forEach((field, spec) -> {
            if (spec.source() instanceof ValueSource.Column c && !c.name().matches("[1-9]\\d*")) {
                fieldsSection.problem(fieldsSection.pathOf(field.key()) + ".column", "the files have no header "
                        + "(format.header: false), so columns are named 1, 2, …; got '" + c.name() + "'");
            }
        });
    }
}
