package io.embark.transformers.tabular;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

/**
 * Builds the column expression that maps every input column to its {@link Vocabulary} codes (0 for null, NaN and
 * unseen values): one UDF call per row for all columns, over one broadcast code book, returning an
 * {@code array<int>} of codes. Integer columns are looked up by their long value with no conversion to text, in
 * an array ({@code table[x - min]}) when the kept values span a compact range (store ids, days, years, counts:
 * most tabular categoricals), otherwise in a hash map; every other kind by the value's canonical string.
 *
 * <p>One call for all columns keeps the generated code small: a lookup expression per column, for the 20+
 * columns of a tabular recipe fused with the neighbouring stages, made Spark's generated method too large for
 * the JIT (over 8,000 bytes of bytecode) and several times slower.
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

    /** An {@code array<int>} column with the codes of {@code inputs} under {@code vocabularies}, never null. */
    static Column encodeAll(Column[] inputs, Vocabulary[] vocabularies, JavaSparkContext jsc) {
        Column[] keys = new Column[inputs.length];
        Lookup[] lookups = new Lookup[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            keys[i] = key(inputs[i], vocabularies[i].kind()).as("k" + i);
            lookups[i] = vocabularies[i].kind() == CategoryKind.INTEGRAL ? IntegerCodes.of(vocabularies[i])
                    : new StringCodes(vocabularies[i].index());
        }
        Broadcast<Lookup[]> book = jsc.broadcast(lookups);
        return codesUdf(book).apply(struct(keys));
    }

    private static org.apache.spark.sql.expressions.UserDefinedFunction codesUdf(Broadcast<Lookup[]> book) {
        UDF1<Row, int[]> codes = row -> {
            Lookup[] lookups = book.value();
            int[] out = new int[lookups.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = row.isNullAt(i) ? 0 : lookups[i].code(row.get(i));
            }
            return out;
        };
        return udf(codes, DataTypes.createArrayType(DataTypes.IntegerType, false)).asNonNullable();
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
