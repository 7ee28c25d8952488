package br.com.etlvendas.extract.mapping;

/**
 * What a mapped value is, which decides how its source text is read and how it is published: text as it
 * is, numbers as canonical decimal text ({@code 1234.56}), whole numbers as digits, date-times as ISO-8601
 * with an offset.
 */
public enum ValueType {
    TEXT("text"),
    NUMBER("a number"),
    WHOLE_NUMBER("a whole number"),
    DATE_TIME("a date-time");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    /** How a value of this type is called in messages, e.g. "a number". */
    public String description() {
        return description;
    }
}
