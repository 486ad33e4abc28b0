package io.embark.transformers.text;

import java.util.Locale;

/**
 * Python 3 string semantics that fastai's rules and spaCy's tokenizer rely on, for code points: what
 * {@code str.isspace()} and the regular-expression classes {@code \s} and {@code \w} accept, {@code str.lower()} and
 * {@code str.strip()}. Java's own {@link Character#isWhitespace} and {@code \s} differ (no U+00A0, U+001C..U+001F in
 * different places), so these are spelled out.
 */
final class PyChars {
    private PyChars() {
    }

    /** Python's {@code str.isspace()}: Unicode White_Space plus the information separators U+001C..U+001F. */
    static boolean isSpace(int cp) {
        if (cp <= 0x20) {
            return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
        }
        if (cp < 0x85) {
            return false;
        }
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028
                || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** Python's {@code \w} for str patterns: letters, numbers and the underscore. */
    static boolean isWord(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
        }
        if (Character.isLetter(cp)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** Python's {@code str.lower()} (full case mapping, final sigma included). */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Python's {@code str.strip()}: removes leading and trailing {@link #isSpace} code points. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** Reads a dot-separated list of hexadecimal code points, the encoding of the bundled data tables. */
    static String fromHex(String dotted) {
        if (dotted.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String h : dotted.split("\\.")) {
            b.appendCodePoint(Integer.parseInt(h, 16));
        }
        return b.toString();
    }
}
