package io.embark.transformers.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns fastai tokens back into readable text, the inverse used to show a model's samples and predictions
 * (fastai v2's {@code decode_spec_tokens} followed by joining with spaces, as {@code LMLearner.predict} does). Plain
 * Java, no Spark.
 *
 * <ul>
 *   <li>{@code xxbos} and {@code xxpad} are dropped (as in {@code LMLearner.predict}); other special tokens
 *       ({@code xxunk}, {@code xxeos}, {@code xxfld}) stay, so that unknown words remain visible.</li>
 *   <li>{@code xxmaj w} → {@code w} with its first character upper-cased and the rest lower-cased;
 *       {@code xxup w} → {@code w} upper-cased.</li>
 *   <li>{@code xxrep n c} → {@code c} repeated {@code n} times as one word; {@code xxwrep n w} → {@code n} words
 *       {@code w}.</li>
 *   <li>The remaining tokens are joined with single spaces: tokenization forgets the original spacing, so
 *       {@code "it 's good ."} is not glued back to {@code "it's good."}.</li>
 * </ul>
 *
 * <p>Difference from fastai: fastai's {@code decode_spec_tokens} never resets its state after {@code xxrep} or
 * {@code xxwrep}, so every later token of the sequence is repeated too; here a repetition applies to its one word
 * only. As in fastai, a marker whose count is not an integer is dropped with the count token, and a marker at the
 * very end is dropped.
 *
 * <pre>{@code
 * String text = TextDecoder.decode(List.of("xxbos", "xxmaj", "i", "xxup", "loved", "it", "xxrep", "3", "!"));
 * // "I LOVED it !!!"
 * }</pre>
 */
public final class TextDecoder {
    private TextDecoder() {
    }

    /** Readable text from {@code tokens}: markers undone, {@code xxbos}/{@code xxpad} dropped, joined by spaces. */
    public static String decode(List<String> tokens) {
        List<String> kept = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            if (!SpecialTokens.BOS.equals(t) && !SpecialTokens.PAD.equals(t)) {
                kept.add(t);
            }
        }
        return String.join(" ", decodeSpecialTokens(kept));
    }

    /**
     * fastai's {@code decode_spec_tokens}: applies the {@code xxmaj}, {@code xxup}, {@code xxrep} and
     * {@code xxwrep} markers to the tokens that follow them and removes the markers; every other token is kept.
     */
    public static List<String> decodeSpecialTokens(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        String rule = null;
        int count = -1;
        for (String t : tokens) {
            if (isMarker(t)) {
                rule = t;
                count = -1;
            } else if (rule == null) {
                out.add(t);
            } else if (rule.equals(SpecialTokens.TK_MAJ)) {
                out.add(capitalize(t));
                rule = null;
            } else if (rule.equals(SpecialTokens.TK_UP)) {
                out.add(t.toUpperCase(Locale.ROOT));
                rule = null;
            } else if (count < 0) {
                count = parseCount(t);
                if (count < 0) {
                    rule = null;
                }
            } else {
                if (rule.equals(SpecialTokens.TK_REP)) {
                    out.add(t.repeat(count));
                } else {
                    for (int i = 0; i < count; i++) {
                        out.add(t);
                    }
                }
                rule = null;
                count = -1;
            }
        }
        return out;
    }

    private static boolean isMarker(String t) {
        return SpecialTokens.TK_MAJ.equals(t) || SpecialTokens.TK_UP.equals(t) || SpecialTokens.TK_REP.equals(t)
                || SpecialTokens.TK_WREP.equals(t);
    }

    /** The repetition count, or -1 when {@code t} is not a non-negative decimal integer. */
    private static int parseCount(String t) {
        if (t == null || t.isEmpty() || t.length() > 9) {
            return -1;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(t);
    }

    /** Python's {@code t[:1].upper() + t[1:].lower()}, by code point. */
    private static String capitalize(String t) {
        if (t.isEmpty()) {
            return t;
        }
        int first = Character.charCount(t.codePointAt(0));
        return t.substring(0, first).toUpperCase(Locale.ROOT) + t.substring(first).toLowerCase(Locale.ROOT);
    }
}
