package io.embark.transformers.text;

import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The functions {@link Tokenizer}'s output column calls, on Spark's internal forms: a text is a {@link UTF8String}
 * and the tokens come back as an {@link ArrayData} of UTF-8 strings in Spark's binary array layout, which the row
 * takes with one copy; no row goes through the external {@code String} / {@code String[]} converters a user-defined
 * function needs. Spark's generated code calls these
 * static methods by name (through a {@code StaticInvoke} expression), which is why the class is public; they are
 * not meant to be called directly: use {@link DocumentTokenizer} outside Spark.
 *
 * <p>A null text, or a null field, counts as an empty string, as in {@link DocumentTokenizer}; the result is never
 * null.
 */
public final class TokenizerFunctions {
    private static final DocumentTokenizer PLAIN = new DocumentTokenizer(false);
    private static final DocumentTokenizer MARKED = new DocumentTokenizer(true);

    private TokenizerFunctions() {
    }

    /** Tokens of one text, fields not marked. */
    public static ArrayData tokenize(UTF8String text) {
        return PLAIN.tokenizeToArrayData(text == null ? null : text.toString());
    }

    /** Tokens of one text preceded by {@code xxfld 1}. */
    public static ArrayData tokenizeMarked(UTF8String text) {
        return MARKED.tokenizeToArrayData(text == null ? null : text.toString());
    }

    /** Tokens of several fields (an array of strings, nulls allowed), joined without markers. */
    public static ArrayData tokenizeFields(ArrayData fields) {
        return PLAIN.tokenizeToArrayData(strings(fields));
    }

    /** Tokens of several fields, each preceded by {@code xxfld i}. */
    public static ArrayData tokenizeFieldsMarked(ArrayData fields) {
        return MARKED.tokenizeToArrayData(strings(fields));
    }

    private static String[] strings(ArrayData fields) {
        String[] out = new String[fields.numElements()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fields.isNullAt(i) ? null : fields.getUTF8String(i).toString();
        }
        return out;
    }
}
