package io.embark.transformers.tabular;

import io.embark.transformers.stats.LongCounts;
import io.embark.transformers.stats.ValueCounts;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.Serializable;
import java.util.Map;

/**
 * The value counts of one categorical column while {@link Categorify} fits: integer columns count their long
 * values in a primitive {@link LongCounts} (no text, no boxing), every other kind counts canonical strings
 * ({@link CategoryKeys}) in a {@link ValueCounts}. Either way the result is keyed by the canonical string, the
 * form {@link Vocabulary} and the encoder use.
 */
final class CategoryCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LongCounts longs;
    private final ValueCounts<UTF8String> strings;

    CategoryCounts(boolean integral) {
        this.longs = integral ? new LongCounts() : null;
        this.strings = integral ? null : new ValueCounts<>();
    }

    /** Absorbs value {@code i} of {@code row}: a long for integer columns, a string otherwise. */
    void add(InternalRow row, int i) {
        if (row.isNullAt(i)) {
            if (longs != null) {
                longs.addMissing();
            } else {
                strings.addMissing();
            }
        } else if (longs != null) {
            longs.add(row.getLong(i));
        } else {
            // the row's string points into a reused buffer: keep a copy only for new keys
            strings.add(row.getUTF8String(i), UTF8String::clone);
        }
    }

    /** Folds {@code other} (of the same column) into this. */
    CategoryCounts merge(CategoryCounts other) {
        if (longs != null) {
            longs.merge(other.longs);
        } else {
            strings.merge(other.strings);
        }
        return this;
    }

    /** Counts keyed by canonical string. */
    Map<String, Long> counts() {
        return longs != null ? longs.counts(Long::toString) : strings.counts(UTF8String::toString);
    }

    long missing() {
        return longs != null ? longs.missing() : strings.missing();
    }

    long total() {
        return longs != null ? longs.total() : strings.total();
    }
}
