package io.embark.transformers.tabular;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.udf;

/**
 * Builds the column expression that maps a column to its {@link Vocabulary} codes (0 for null, NaN and unseen
 * values): a small UDF over a broadcast table. Integer columns are looked up by their long value with no
 * conversion to text, in an array ({@code table[x - min]}) when the kept values span a compact range (store ids,
 * days, years, counts: most tabular categoricals), otherwise in a hash map; every other kind by the value's
 * canonical string. The closures hold only the broadcast, never the model.
 *
 * <p>A tabular recipe fuses 20+ such lookups with the neighbouring stages into one generated method; past 8,000
 * bytes of bytecode HotSpot stops compiling it, which is why embark's sessions set
 * {@code spark.sql.codegen.hugeMethodLimit=8000} (Spark then splits the code instead).
 */
final class CodeLookup {
    /** Widest value range encoded with an array lookup (4 bytes per slot). */
    static final long MAX_DENSE_RANGE = 1 << 20;

    private CodeLookup() {
    }

    /** The key expression of {@code input} for a vocabulary of {@code kind}: a long or the canonical string. */
    static Column key(Column input, CategoryKind kind) {
        return kind == CategoryKind.INTEGRAL ? input.cast("long") : CategoryKeys.key(input, kind);
    }

    /** The codes of {@code input} under {@code vocabulary}: a non-null int column, one UDF call per row. */
    static Column encode(Column input, Vocabulary vocabulary, JavaSparkContext jsc) {
        if (vocabulary.kind() == CategoryKind.INTEGRAL) {
            Broadcast<IntegerCodes> codes = jsc.broadcast(IntegerCodes.of(vocabulary));
            UDF1<Long, Integer> lookup = value -> value == null ? 0 : codes.value().code(value);
            return udf(lookup, DataTypes.IntegerType).asNonNullable().apply(key(input, vocabulary.kind()));
        }
        Broadcast<StringCodes> codes = jsc.broadcast(new StringCodes(vocabulary.index()));
        UDF1<String, Integer> lookup = value -> value == null ? 0 : codes.value().code(value);
        return udf(lookup, DataTypes.IntegerType).asNonNullable().apply(key(input, vocabulary.kind()));
    }

    /** The code of one non-null key. */
    interface Lookup extends Serializable {
        int code(Object key);
    }

    /** Codes of canonical strings. */
    static final class StringCodes implements Lookup {
        private static final long serialVersionUID = 1L;
        private final HashMap<String, Integer> index;

        StringCodes(Map<String, Integer> index) {
            this.index = new HashMap<>(index);
        }

        @Override
        public int code(Object key) {
            Integer code = index.get((String) key);
            return code == null ? 0 : code;
        }
    }

    /** Codes of integer values: an array over [min, max] when compact, a hash map otherwise. */
    static final class IntegerCodes implements Lookup {
        private static final long serialVersionUID = 1L;
        private final long min;
        private final int[] dense;
        private final HashMap<Long, Integer> sparse;

        private IntegerCodes(long min, int[] dense, HashMap<Long, Integer> sparse) {
            this.min = min;
            this.dense = dense;
            this.sparse = sparse;
        }

        static IntegerCodes of(Vocabulary vocabulary) {
            List<String> labels = vocabulary.labels();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            long[] values = new long[labels.size()];
            for (int code = 1; code < labels.size(); code++) {
                values[code] = Long.parseLong(labels.get(code));
                min = Math.min(min, values[code]);
                max = Math.max(max, values[code]);
            }
            if (labels.size() > 1 && max - min >= 0 && max - min < MAX_DENSE_RANGE) {
                int[] table = new int[(int) (max - min + 1)];
                for (int code = 1; code < labels.size(); code++) {
                    table[(int) (values[code] - min)] = code;
                }
                return new IntegerCodes(min, table, null);
            }
            HashMap<Long, Integer> map = new HashMap<>();
            for (int code = 1; code < labels.size(); code++) {
                map.put(values[code], code);
            }
            return new IntegerCodes(0, null, map);
        }

        @Override
        public int code(Object key) {
            long value = (Long) key;
            if (dense != null) {
                // compare before subtracting: value - min may overflow for values far below min
                return value >= min && value - min < dense.length ? dense[(int) (value - min)] : 0;
            }
            Integer code = sparse.get(value);
            return code == null ? 0 : code;
        }
    }
}
