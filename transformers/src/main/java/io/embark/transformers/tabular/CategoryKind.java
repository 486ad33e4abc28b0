package io.embark.transformers.tabular;

import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampType;

import java.math.BigDecimal;
import java.util.Comparator;

/**
 * The families of column types that {@link Categorify} accepts, each with fastai's natural sort order over the
 * values' canonical string form (Spark's {@code CAST(x AS STRING)}): numbers numerically, strings by Unicode code
 * point (as Python sorts them), booleans false before true, dates and timestamps chronologically.
 * A fitted model only encodes columns of the kind it was fitted on.
 */
public enum CategoryKind {
    /** byte, short, int, long. */
    INTEGRAL(Comparator.comparingLong(Long::parseLong)),
    /** float and double; NaN is treated as missing. */
    FRACTIONAL(Comparator.comparingDouble(Double::parseDouble)),
    /** decimal(p, s). */
    DECIMAL(Comparator.comparing(BigDecimal::new)),
    /** string, ordered by code point. */
    STRING(CategoryKind::compareCodePoints),
    /** boolean: {@code false < true}. */
    BOOLEAN(Comparator.naturalOrder()),
    /** date, ISO text sorts chronologically. */
    DATE(Comparator.naturalOrder()),
    /** timestamp, rendered in the session time zone; fit and transform must use the same zone. */
    TIMESTAMP(Comparator.naturalOrder());

    private final Comparator<String> order;

    CategoryKind(Comparator<String> order) {
        this.order = order;
    }

    /** The natural order of this kind's canonical string values. */
    public Comparator<String> order() {
        return order;
    }

    /** Human-readable list of accepted Spark types, for error messages. */
    public static final String ACCEPTED = "a string, boolean, numeric, date or timestamp column";

    /** Returns the kind of {@code type}, or {@code null} when Categorify cannot encode it. */
    public static CategoryKind of(DataType type) {
        if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType) {
            return INTEGRAL;
        }
        if (type instanceof FloatType || type instanceof DoubleType) {
            return FRACTIONAL;
        }
        if (type instanceof DecimalType) {
            return DECIMAL;
        }
        if (type instanceof StringType) {
            return STRING;
        }
        if (type instanceof BooleanType) {
            return BOOLEAN;
        }
        if (type instanceof DateType) {
            return DATE;
        }
        if (type instanceof TimestampType) {
            return TIMESTAMP;
        }
        return null;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
