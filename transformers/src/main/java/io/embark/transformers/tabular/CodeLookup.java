package io.embark.transformers.tabular;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * Builds the column expression that maps a column's values to their {@link Vocabulary} codes (0 for null, NaN
 * and unseen values). Integer columns whose values span a small range (store ids, days, years, counts: most
 * tabular categoricals) get a generated-code array lookup, {@code table[x - min]}, with no per-row conversion;
 * every other column goes through the value's canonical string and a broadcast hash map in a UDF.
 */
final class CodeLookup {
    /** Widest value range encoded with an array lookup (4 bytes per slot). */
    static final long MAX_DENSE_RANGE = 1 << 20;

    private CodeLookup() {
    }

    /** The codes of {@code input} under {@code vocabulary}, a non-null int column. */
    static Column encode(Column input, Vocabulary vocabulary, JavaSparkContext jsc) {
        if (vocabulary.kind() == CategoryKind.INTEGRAL && vocabulary.size() > 1) {
            Column dense = denseIntegral(input, vocabulary);
            if (dense != null) {
                return dense;
            }
        }
        Broadcast<Map<String, Integer>> index = jsc.broadcast(vocabulary.index());
        return byString(index).apply(CategoryKeys.key(input, vocabulary.kind()));
    }

    /** {@code table[x - min]} when the kept values span at most {@link #MAX_DENSE_RANGE}; null otherwise. */
    private static Column denseIntegral(Column input, Vocabulary vocabulary) {
        List<String> labels = vocabulary.labels();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int code = 1; code < labels.size(); code++) {
            long v = Long.parseLong(labels.get(code));
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (max - min >= MAX_DENSE_RANGE || max - min < 0) {
            return null;
        }
        int[] table = new int[(int) (max - min + 1)];
        for (int code = 1; code < labels.size(); code++) {
            table[(int) (Long.parseLong(labels.get(code)) - min)] = code;
        }
        Column x = input.cast("long");
        Column slot = x.minus(min).plus(1).cast("int");
        return coalesce(when(x.between(min, max), element_at(lit(table), slot)), lit(0));
    }

    /** The lookup UDF; static so that the closure holds only the broadcast. */
    private static UserDefinedFunction byString(Broadcast<Map<String, Integer>> index) {
        UDF1<String, Integer> lookup = key -> {
            if (key == null) {
                return 0;
            }
            Integer code = index.value().get(key);
            return code == null ? 0 : code;
        };
        return udf(lookup, DataTypes.IntegerType).asNonNullable();
    }
}
