package io.embark.transformers.text;

import java.util.Arrays;

/**
 * fastai v2's default text rules ({@code defaults.text_proc_rules}), applied to the raw string before word
 * tokenization, in fastai's order: {@code fix_html}, {@code replace_rep}, {@code replace_wrep},
 * {@code spec_add_spaces}, {@code rm_useless_spaces}, {@code replace_all_caps}, {@code replace_maj},
 * {@code lowercase}. {@link #apply} runs them all, in fewer passes than one per rule; each rule also has a
 * package-private method of its own, the plain form that {@link #apply} is tested against.
 *
 * <p>As in fastai, capitals are marked on whitespace-separated words <em>before</em> punctuation is split off:
 * {@code "(James"} is not a capitalised word (it starts with a parenthesis) and gives {@code ( james}, while
 * {@code "Stewart)"} gives {@code xxmaj stewart )}. Only the ASCII letters {@code A-Z} count as capitals, as in
 * fastai's regular expressions. Character and word classes follow Python 3 (see {@code PyChars}); every rule is a
 * single left-to-right scan (no regular expressions), so no input length can cause deep recursion or
 * backtracking.
 *
 * <pre>{@code
 * String prepared = FastaiRules.apply("I LOVED it!!! <br />Great");
 * // "xxbos i xxup loved it xxrep 3 ! \nxxmaj great"
 * }</pre>
 */
public final class FastaiRules {
    /** fastai's {@code fix_html} replacements, applied in this order before HTML unescaping. */
    private static final String[][] HTML_FIXES = {
        {"#39;", "'"}, {"amp;", "&"}, {"#146;", "'"}, {"nbsp;", " "}, {"#36;", "$"}, {"\\n", "\n"}, {"quot;", "'"},
        {"<br />", "\n"}, {"\\\"", "\""}, {"<unk>", SpecialTokens.UNK}, {" @.@ ", "."}, {" @-@ ", "-"},
        {"...", " \u2026"},
    };

    /**
     * For each fix, a character its pattern contains that no fix's replacement introduces ({@code ;}, {@code \\},
     * {@code <} or {@code @}), or 0 for the ellipsis, which {@code " @.@ "} can form.
     */
    private static final char[] FIX_KEYS = new char[HTML_FIXES.length];

    static {
        for (int i = 0; i < HTML_FIXES.length; i++) {
            String pattern = HTML_FIXES[i][0];
            for (char key : new char[] {';', '\\', '<', '@'}) {
                if (FIX_KEYS[i] == 0 && pattern.indexOf(key) >= 0) {
                    FIX_KEYS[i] = key;
                }
            }
            for (String[] fix : HTML_FIXES) {
                if (FIX_KEYS[i] != 0 && fix[1].indexOf(FIX_KEYS[i]) >= 0) {
                    throw new IllegalStateException("fix_html replacement introduces " + FIX_KEYS[i]);
                }
            }
        }
    }

    private FastaiRules() {
    }

    /**
     * All default rules in fastai's order; the result starts with {@code xxbos}. Gives exactly what the rule methods
     * below give one after the other, in fewer passes: a rule is skipped when the characters that trigger it are
     * absent, {@link #specAddSpaces} and {@link #rmUselessSpaces} run as one scan, and {@link #replaceAllCaps},
     * {@link #replaceMaj} and {@link #lowercase} as another (see {@link #caseRules}).
     */
    public static String apply(String text) {
        return caseRules(applyBeforeCase(text));
    }

    /**
     * The rules before the case rules: {@link #fixHtml}, {@link #replaceRep}, {@link #replaceWrep},
     * {@link #specAddSpaces} and {@link #rmUselessSpaces}, as {@link #apply} runs them.
     */
    static String applyBeforeCase(String text) {
        String t = fixHtmlFast(text);
        t = replaceRepFast(t);
        t = replaceWrep(t);
        return spaceRules(t);
    }

    /** {@link #lowercase} of {@link #replaceMaj} of {@link #replaceAllCaps}, as {@link #apply} runs them. */
    static String applyCase(String text) {
        return caseRules(text);
    }

    /**
     * {@link #fixHtml} without the fixed replacements that cannot apply: every pattern contains {@code ;},
     * {@code \}, {@code <}, {@code @} or is {@code ...}, and no replacement introduces any of the first four, so a
     * replacement whose character is absent from the text would find nothing at its turn either. The ellipsis can be
     * formed by an earlier replacement ({@code " @.@ "}), so it is always searched for.
     */
    private static String fixHtmlFast(String text) {
        // String.indexOf is vectorized by the JVM: five of them beat one character-by-character scan
        boolean semi = text.indexOf(';') >= 0;
        boolean backslash = text.indexOf('\\') >= 0;
        boolean lt = text.indexOf('<') >= 0;
        boolean at = text.indexOf('@') >= 0;
        boolean amp = text.indexOf('&') >= 0;
        String t = text;
        for (int i = 0; i < HTML_FIXES.length; i++) {
            boolean present = switch (FIX_KEYS[i]) {
                case ';' -> semi;
                case '\\' -> backslash;
                case '<' -> lt;
                case '@' -> at;
                default -> true;
            };
            if (present) {
                t = t.replace(HTML_FIXES[i][0], HTML_FIXES[i][1]);
            }
        }
        // "amp;" becomes "&", so a ';' can stand for a '&'
        return amp || semi ? HtmlEntities.unescape(t) : t;
    }

    /**
     * {@link #replaceRep} when the text has a run of three equal UTF-16 units or a surrogate, else the text itself:
     * without surrogates, code points are units, and a run of three equal code points is a run of three equal units.
     * The rule's scan starts where the first such run (or surrogate) starts, at most two units back: no run of three
     * reaches across that place, so the text before it is left as it is.
     */
    private static String replaceRepFast(String text) {
        int n = text.length();
        char prev = 0;
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            run = c == prev ? run + 1 : 1;
            if (run == 3 || Character.isSurrogate(c)) {
                return replaceRep(text, Math.max(0, i - 2));
            }
            prev = c;
        }
        return text;
    }


    /**
     * {@link #rmUselessSpaces} of {@link #specAddSpaces} in one scan (the second rule only looks back one output):
     * the text between two places either rule acts on ({@code /}, {@code #}, {@code \\}, two spaces) is copied as a
     * whole, and those places are found with {@link String#indexOf}, which the JVM vectorizes.
     */
    private static String spaceRules(String text) {
        int n = text.length();
        SpaceRulePlaces places = new SpaceRulePlaces(text);
        int first = places.next(0);
        if (first == n) {
            return text;
        }
        StringBuilder out = new StringBuilder(n + 16);
        int copied = 0;
        for (int i = first; i < n; i = places.next(i)) {
            out.append(text, copied, i);
            char c = text.charAt(i);
            if (c != ' ' && (out.length() == 0 || out.charAt(out.length() - 1) != ' ')) {
                out.append(' ');
            }
            if (c != ' ') {
                out.append(c).append(' ');
            } else if (out.length() == 0 || out.charAt(out.length() - 1) != ' ') {
                // a run of spaces becomes one, unless the output already ends with one
                out.append(' ');
            }
            // the space just written absorbs the spaces that follow
            int j = i + 1;
            while (j < n && text.charAt(j) == ' ') {
                j++;
            }
            copied = j;
            i = j;
        }
        return out.append(text, copied, n).toString();
    }

    /**
     * The places {@link #spaceRules} acts on, in order: the next {@code /}, {@code #}, {@code \\} and two spaces at
     * or after a position, each searched again only once the scan has passed it.
     */
    private static final class SpaceRulePlaces {
        private final String text;
        private int slash = -2;
        private int hash = -2;
        private int backslash = -2;
        private int spaces = -2;

        SpaceRulePlaces(String text) {
            this.text = text;
        }

        /** The first place at or after {@code from}, or the text's length. */
        int next(int from) {
            if (slash != -1 && slash < from) {
                slash = text.indexOf('/', from);
            }
            if (hash != -1 && hash < from) {
                hash = text.indexOf('#', from);
            }
            if (backslash != -1 && backslash < from) {
                backslash = text.indexOf('\\', from);
            }
            if (spaces != -1 && spaces < from) {
                spaces = text.indexOf("  ", from);
            }
            int n = text.length();
            return Math.min(Math.min(at(slash, n), at(hash, n)), Math.min(at(backslash, n), at(spaces, n)));
        }

        private static int at(int index, int n) {
            return index < 0 ? n : index;
        }
    }

    /**
     * {@link #lowercase} of {@link #replaceMaj} of {@link #replaceAllCaps} in one scan. Both capital rules look at the
     * same whitespace-separated words (the first only inserts {@code "xxup "} and lowercases, which leaves nothing for
     * the second to mark), so each word is marked by at most one of them: {@code xxup} when it starts with {@code A-Z}
     * and has no {@code a-z}, else {@code xxmaj} when it starts with {@code A-Z} and has no other {@code A-Z}. Java's
     * root-locale lowercasing maps each code point on its own except the Greek capital sigma (final form by context),
     * so without a sigma lowercasing words one by one and then the whole text equals lowercasing the whole text once;
     * text with a sigma takes the rules one by one. Other characters are lowercased here as {@link String#toLowerCase}
     * maps them (the simple mapping), except those it maps otherwise (surrogates, U+0130, mappings outside the BMP),
     * which are left to it: it then lowercases the whole result, a no-op on what is already lowercased.
     */
    private static String caseRules(String text) {
        if (text.indexOf('\u03A3') >= 0) {
            return lowercase(replaceMaj(replaceAllCaps(text)));
        }
        char[] in = text.toCharArray();
        int start = 0;
        int end = in.length;
        while (start < end && PyChars.isSpace(in[start])) {
            start++;
        }
        while (end > start && PyChars.isSpace(in[end - 1])) {
            end--;
        }
        char[] out = new char[end - start + (end - start) / 4 + 16];
        int o = 0;
        for (int k = 0; k < SpecialTokens.BOS.length(); k++) {
            out[o++] = SpecialTokens.BOS.charAt(k);
        }
        out[o++] = ' ';
        // code points that String.toLowerCase does not map one char to one char: left for it to lowercase at the end
        boolean full = false;
        int i = start;
        while (i < end) {
            char c = in[i];
            if (PyChars.isSpace(c)) {
                if (o == out.length) {
                    out = Arrays.copyOf(out, 2 * out.length);
                }
                out[o++] = c;
                i++;
                continue;
            }
            int wordStart = i;
            boolean lower = false;
            boolean laterUpper = false;
            for (; i < end; i++) {
                char d = in[i];
                if (d < 0x80) {
                    if (d >= 'a' && d <= 'z') {
                        lower = true;
                    } else if (d >= 'A' && d <= 'Z') {
                        laterUpper |= i > wordStart;
                    } else if (d <= ' ' && PyChars.isSpace(d)) {
                        break;
                    }
                } else if (PyChars.isSpace(d)) {
                    break;
                }
            }
            int len = i - wordStart;
            if (o + len + 8 > out.length) {
                out = Arrays.copyOf(out, Math.max(2 * out.length, o + len + 8));
            }
            boolean severalCodePoints = len > 2 || (len == 2 && !(Character.isHighSurrogate(in[wordStart])
                    && Character.isLowSurrogate(in[wordStart + 1])));
            if (c >= 'A' && c <= 'Z' && severalCodePoints) {
                String marker = !lower ? SpecialTokens.TK_UP : !laterUpper ? SpecialTokens.TK_MAJ : null;
                if (marker != null) {
                    for (int k = 0; k < marker.length(); k++) {
                        out[o++] = marker.charAt(k);
                    }
                    out[o++] = ' ';
                }
            }
            for (int k = wordStart; k < i; k++) {
                char d = in[k];
                if (d < 0x80) {
                    out[o++] = d >= 'A' && d <= 'Z' ? (char) (d + ('a' - 'A')) : d;
                } else {
                    int l = Character.toLowerCase((int) d);
                    if (l > 0xFFFF || d == '\u0130' || Character.isSurrogate(d)) {
                        full = true;
                        out[o++] = d;
                    } else {
                        out[o++] = (char) l;
                    }
                }
            }
        }
        String result = new String(out, 0, o);
        return full ? PyChars.lower(result) : result;
    }

    /**
     * fastai's {@code fix_html}: the fixed replacements (note that, as in fastai, {@code amp;} becomes {@code &}
     * before unescaping, so {@code &amp;} ends as {@code &&}), then HTML5 character-reference decoding as Python's
     * {@code html.unescape}.
     */
    static String fixHtml(String text) {
        String t = text;
        for (String[] fix : HTML_FIXES) {
            t = t.replace(fix[0], fix[1]);
        }
        return HtmlEntities.unescape(t);
    }

    /**
     * fastai's {@code replace_rep}: a non-space character repeated 3 times or more becomes
     * {@code " xxrep N c "}.
     */
    static String replaceRep(String text) {
        return replaceRep(text, 0);
    }

    /** {@link #replaceRep} scanning from {@code from}, where no run of three equal characters or more may start before. */
    private static String replaceRep(String text, int from) {
        int n = text.length();
        StringBuilder out = null;
        int copied = 0;
        int i = from;
        while (i < n) {
            int cp = text.codePointAt(i);
            int w = Character.charCount(cp);
            int j = i + w;
            int run = 1;
            while (j < n && text.codePointAt(j) == cp) {
                j += w;
                run++;
            }
            if (run >= 3 && !PyChars.isSpace(cp)) {
                if (out == null) {
                    out = new StringBuilder(n + 16);
                }
                out.append(text, copied, i).append(' ').append(SpecialTokens.TK_REP).append(' ').append(run)
                        .append(' ').appendCodePoint(cp).append(' ');
                copied = j;
            }
            i = j;
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    /**
     * fastai's {@code replace_wrep}: a word repeated 3 times or more, separated by whitespace, becomes
     * {@code " xxwrep N w "} followed by the character that ended the match. Reproduces fastai's regular expression
     * exactly, quirks included: the match starts at a whitespace character or the start of the text, the last
     * repetition may be a prefix followed by a non-word character ({@code "a a a-b"}), and the whitespace that ends
     * one match cannot start the next ({@code "a a a b b b"} replaces only the a's).
     */
    static String replaceWrep(String text) {
        int n = text.length();
        StringBuilder out = null;
        int copied = 0;
        // a match starts at the whitespace right before a whitespace-separated word (or at the start) when that word
        // equals the next one (see mayMatchWrep), so only those places are tried, in order; a match ends at 'from',
        // and the next one cannot start before it
        int from = 0;
        int prevStart = -1;
        int prevLen = -1;
        int i = 0;
        while (i < n) {
            if (PyChars.isSpace(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && !PyChars.isSpace(text.charAt(i))) {
                i++;
            }
            int len = i - start;
            if (len == prevLen && text.charAt(start) == text.charAt(prevStart)
                    && text.regionMatches(start, text, prevStart, len)) {
                int p = prevStart == 0 ? 0 : prevStart - 1;
                int[] m = p >= from && mayMatchWrep(text, p) ? matchWrep(text, p) : null;
                if (m != null) {
                    // m = {wordStart, wordEnd, count, eStart, matchEnd}
                    if (out == null) {
                        out = new StringBuilder(n + 16);
                    }
                    out.append(text, copied, p).append(' ').append(SpecialTokens.TK_WREP).append(' ').append(m[2])
                            .append(' ').append(text, m[0], m[1]).append(' ').append(text, m[3], m[4]);
                    copied = m[4];
                    from = m[4];
                    i = m[4];
                    prevStart = -1;
                    prevLen = -1;
                    continue;
                }
            }
            prevStart = start;
            prevLen = len;
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    /**
     * Whether {@link #matchWrep} can match at {@code p}: the word there is followed by whitespace and itself then
     * whitespace again (its first repetition), checked without allocating; false means it returns null.
     */
    private static boolean mayMatchWrep(String s, int p) {
        int n = s.length();
        int wordStart = PyChars.isSpace(s.charAt(p)) ? p + 1 : p;
        int wordEnd = wordStart;
        while (wordEnd < n) {
            char c = s.charAt(wordEnd);
            if (c < 0x80) {
                if (!PyChars.isWord(c)) {
                    break;
                }
                wordEnd++;
            } else {
                int cp = s.codePointAt(wordEnd);
                if (!PyChars.isWord(cp)) {
                    break;
                }
                wordEnd += Character.charCount(cp);
            }
        }
        int len = wordEnd - wordStart;
        if (len == 0) {
            return false;
        }
        int pos = wordEnd;
        while (pos < n && PyChars.isSpace(s.charAt(pos))) {
            pos++;
        }
        return pos > wordEnd && pos + len < n && s.regionMatches(pos, s, wordStart, len)
                && PyChars.isSpace(s.charAt(pos + len));
    }

    /** One attempt of fastai's word-repetition pattern at {@code p}; null when it does not match there. */
    private static int[] matchWrep(String s, int p) {
        int n = s.length();
        int cp0 = s.codePointAt(p);
        int wordStart;
        if (PyChars.isSpace(cp0)) {
            wordStart = p + Character.charCount(cp0);
        } else if (p == 0) {
            wordStart = 0;
        } else {
            return null;
        }
        int wordEnd = wordStart;
        while (wordEnd < n && PyChars.isWord(s.codePointAt(wordEnd))) {
            wordEnd += Character.charCount(s.codePointAt(wordEnd));
        }
        int len = wordEnd - wordStart;
        if (len == 0) {
            return null;
        }
        int pos = skipSpaces(s, wordEnd);
        if (pos == wordEnd) {
            return null;
        }
        // repetitions "w" followed by whitespace, as many as possible
        int reps = 0;
        int lastRepStart = -1;
        while (s.regionMatches(pos, s, wordStart, len) && pos + len < n
                && PyChars.isSpace(s.codePointAt(pos + len))) {
            lastRepStart = pos;
            reps++;
            pos = skipSpaces(s, pos + len);
        }
        if (reps == 0) {
            return null;
        }
        // the last occurrence: "w" then a non-word character or the end of the text
        if (s.regionMatches(pos, s, wordStart, len)) {
            int q = pos + len;
            if (q == n) {
                return new int[] {wordStart, wordEnd, reps + 2, q, q};
            }
            int cp = s.codePointAt(q);
            if (!PyChars.isWord(cp)) {
                return new int[] {wordStart, wordEnd, reps + 2, q, q + Character.charCount(cp)};
            }
        }
        if (reps >= 2) {
            // backtrack one repetition: the last whole repetition ends the match, with one whitespace character
            int q = lastRepStart + len;
            return new int[] {wordStart, wordEnd, reps + 1, q, q + Character.charCount(s.codePointAt(q))};
        }
        return null;
    }

    private static int skipSpaces(String s, int i) {
        int n = s.length();
        while (i < n && PyChars.isSpace(s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        return i;
    }

    /** fastai's {@code spec_add_spaces}: spaces around {@code /}, {@code #} and {@code \}. */
    static String specAddSpaces(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '#' || c == '\\') {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(' ').append(c).append(' ');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** fastai's {@code rm_useless_spaces}: runs of two or more spaces (U+0020 only) become one. */
    static String rmUselessSpaces(String text) {
        if (!text.contains("  ")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' || out.length() == 0 || out.charAt(out.length() - 1) != ' ') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * fastai's {@code replace_all_caps}: a whitespace-separated word that starts with {@code A-Z} and contains no
     * {@code a-z} is lowercased, and marked with {@code xxup} when it has more than one character.
     */
    static String replaceAllCaps(String text) {
        return markWords(text, true);
    }

    /**
     * fastai's {@code replace_maj}: a whitespace-separated word that starts with {@code A-Z} and has no other
     * {@code A-Z} is lowercased, and marked with {@code xxmaj} when it has more than one character.
     */
    static String replaceMaj(String text) {
        return markWords(text, false);
    }

    private static String markWords(String text, boolean allCaps) {
        int n = text.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            if (PyChars.isSpace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            boolean ok = cp >= 'A' && cp <= 'Z';
            int codePoints = 0;
            while (i < n && !PyChars.isSpace(text.codePointAt(i))) {
                int c = text.codePointAt(i);
                boolean spoils = allCaps ? (c >= 'a' && c <= 'z') : (codePoints > 0 && c >= 'A' && c <= 'Z');
                if (spoils) {
                    ok = false;
                }
                codePoints++;
                i += Character.charCount(c);
            }
            if (ok) {
                if (out == null) {
                    out = new StringBuilder(n + 16);
                }
                out.append(text, copied, start);
                if (codePoints > 1) {
                    out.append(allCaps ? SpecialTokens.TK_UP : SpecialTokens.TK_MAJ).append(' ');
                }
                out.append(PyChars.lower(text.substring(start, i)));
                copied = i;
            }
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    /** fastai's {@code lowercase}: {@code "xxbos "} followed by the lowercased, stripped text. */
    static String lowercase(String text) {
        return SpecialTokens.BOS + " " + PyChars.strip(PyChars.lower(text));
    }
}
