package io.embark.transformers.text;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * fastai v2's default tokenization of one document, without Spark: the fields are joined as fastai's
 * {@code tokenize_df} joins text columns (with {@code xxfld 1 ... xxfld 2 ...} markers when {@code markFields}),
 * the {@link FastaiRules} are applied, and {@link WordSplitter} cuts the result into spaCy English tokens. Immutable
 * and serializable (it holds one flag), so Spark can ship it to executors; the rules are static and compiled once
 * per JVM.
 *
 * <p>A null field counts as an empty string (pandas would write {@code nan}); its {@code xxfld} marker stays, so
 * field numbers keep their meaning. A document whose only field is null or empty gives {@code [xxbos]}.
 *
 * <pre>{@code
 * DocumentTokenizer tok = new DocumentTokenizer(true);
 * List<String> t = tok.tokenize("Great", "I didn't LIKE it");
 * // [xxbos, xxfld, 1, xxmaj, great, xxfld, 2, i, did, n't, xxup, like, it]
 * }</pre>
 */
public final class DocumentTokenizer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final boolean markFields;

    /** A tokenizer that marks each field with {@code xxfld i} when {@code markFields}. */
    public DocumentTokenizer(boolean markFields) {
        this.markFields = markFields;
    }

    /** Whether fields are marked. */
    public boolean markFields() {
        return markFields;
    }

    /** Tokens of the document made of {@code fields}, starting with {@code xxbos} (a fixed-size list). */
    public List<String> tokenize(String... fields) {
        return Arrays.asList(tokenizeToArray(fields));
    }

    /** {@link #tokenize} as an array. */
    public String[] tokenizeToArray(String... fields) {
        return WordSplitter.splitPrepared(FastaiRules.applyBeforeCase(join(fields)));
    }

    /** {@link #tokenizeToArray} in UTF-8, the form Spark keeps strings in (each token a string of its own). */
    public UTF8String[] tokenizeToUtf8(String... fields) {
        return WordSplitter.splitPreparedUtf8(FastaiRules.applyBeforeCase(join(fields)));
    }

    /** {@link #tokenizeToUtf8} as Spark's binary array form, which a row takes with one copy. */
    ArrayData tokenizeToArrayData(String... fields) {
        return WordSplitter.splitPreparedArrayData(FastaiRules.applyBeforeCase(join(fields)));
    }

    /** fastai's {@code _join_texts}: the fields joined by spaces, each preceded by {@code xxfld i} if marked. */
    public String join(String... fields) {
        if (!markFields && fields.length == 1) {
            return fields[0] == null ? "" : fields[0];
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (markFields) {
                b.append(i == 0 ? "" : " ").append(SpecialTokens.FLD).append(' ').append(i + 1).append(' ');
            } else if (i > 0) {
                b.append(' ');
            }
            if (fields[i] != null) {
                b.append(fields[i]);
            }
        }
        return b.toString();
    }
}
