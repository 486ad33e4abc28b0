package io.embark.transformers.shared;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Validates column lists against a schema and throws {@link IllegalArgumentException} with a message that says
 * which column is wrong and how to fix it. Every stage calls these from {@code transformSchema}, so a bad
 * configuration fails before any Spark job runs.
 */
public final class SchemaChecks {
    private SchemaChecks() {
    }

    /** Fails when {@code cols} is null or empty; {@code what} names the parameter in the message. */
    public static void requireNonEmpty(String stage, String what, String[] cols) {
        if (cols == null || cols.length == 0) {
            throw new IllegalArgumentException(stage + ": " + what + " must name at least one column");
        }
        for (String c : cols) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException(stage + ": " + what + " contains an empty column name");
            }
        }
    }

    /**
     * Validates a multi-column stage's input and output lists: both non-empty, without duplicates, and of the same
     * length (one output per input).
     */
    public static void requireColumnPairs(String stage, String[] inputs, String[] outputs) {
        requireNonEmpty(stage, "inputCols", inputs);
        requireNonEmpty(stage, "outputCols", outputs);
        requireDistinct(stage, "inputCols", inputs);
        requireDistinct(stage, "outputCols", outputs);
        if (inputs.length != outputs.length) {
            throw new IllegalArgumentException(stage + ": inputCols has " + inputs.length + " columns but outputCols has "
                    + outputs.length + "; give one output per input");
        }
    }

    /** Fails when a name appears twice in {@code cols}. */
    public static void requireDistinct(String stage, String what, String[] cols) {
        Set<String> seen = new HashSet<>();
        for (String c : cols) {
            if (!seen.add(c)) {
                throw new IllegalArgumentException(stage + ": column '" + c + "' appears more than once in " + what);
            }
        }
    }

    /** Returns the field named {@code col}, or fails listing the columns the schema does have. */
    public static StructField requireColumn(String stage, StructType schema, String col) {
        if (!Arrays.asList(schema.fieldNames()).contains(col)) {
            throw new IllegalArgumentException(stage + ": input column '" + col + "' does not exist. Available columns: "
                    + String.join(", ", schema.fieldNames()));
        }
        return schema.apply(col);
    }

    /**
     * Fails when {@code col} already exists, so that a stage never silently overwrites data. Names are compared
     * ignoring case, as Spark resolves them by default: {@code Dayofweek} next to {@code DayOfWeek} would make
     * every later reference ambiguous.
     */
    public static void requireAbsent(String stage, StructType schema, String col) {
        for (String existing : schema.fieldNames()) {
            if (existing.equals(col)) {
                throw new IllegalArgumentException(stage + ": output column '" + col
                        + "' already exists; choose another output column name or drop the column first");
            }
            if (existing.equalsIgnoreCase(col)) {
                throw new IllegalArgumentException(stage + ": output column '" + col + "' would clash with the existing "
                        + "column '" + existing + "' (Spark column names are case-insensitive); choose another output "
                        + "name (or prefix) or drop the column first");
            }
        }
    }

    /** Fails when the type of {@code field} does not satisfy {@code accepted}; {@code expected} describes it. */
    public static void requireType(String stage, StructField field, Predicate<DataType> accepted, String expected) {
        if (!accepted.test(field.dataType())) {
            throw new IllegalArgumentException(stage + ": column '" + field.name() + "' must be " + expected
                    + " but is " + field.dataType().catalogString());
        }
    }

    /** Returns a copy of {@code schema} with {@code extra} fields appended. */
    public static StructType append(StructType schema, List<StructField> extra) {
        List<StructField> all = new java.util.ArrayList<>(JavaConverters.seqAsJavaList(schema.toList()));
        all.addAll(extra);
        return new StructType(all.toArray(new StructField[0]));
    }
}
