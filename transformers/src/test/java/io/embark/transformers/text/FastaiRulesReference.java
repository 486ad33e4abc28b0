package io.embark.transformers.text;

// The previous FastaiRules, kept verbatim (renamed) as the reference for TokenizerEquivalenceTest.

/**
 * fastai v2's default text rules ({@code defaults.text_proc_rules}), applied to the raw string before word
 * tokenization, in fastai's order: {@link #fixHtml}, {@link #replaceRep}, {@link #replaceWrep},
 * {@link #specAddSpaces}, {@link #rmUselessSpaces}, {@link #replaceAllCaps}, {@link #replaceMaj}, {@link #lowercase}.
 * {@link #apply} runs them all.
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
final class FastaiRulesReference {
    /** fastai's {@code fix_html} replacements, applied in this order before HTML unescaping. */
    private static final String[][] HTML_FIXES = {
        {"#39;", "'"}, {"amp;", "&"}, {"#146;", "'"}, {"nbsp;", " "}, {"#36;", "$"}, {"\\n", "\n"}, {"quot;", "'"},
        {"<br />", "\n"}, {"\\\"", "\""}, {"<unk>", SpecialTokens.UNK}, {" @.@ ", "."}, {" @-@ ", "-"},
        {"...", " \u2026"},
    };

    private FastaiRulesReference() {
    }

    /** All default rules in fastai's order; the result starts with {@code xxbos}. */
    public static String apply(String text) {
        String t = fixHtml(text);
        t = replaceRep(t);
        t = replaceWrep(t);
        t = specAddSpaces(t);
        t = rmUselessSpaces(t);
        t = replaceAllCaps(t);
        t = replaceMaj(t);
        return lowercase(t);
    }

    /**
     * fastai's {@code fix_html}: the fixed replacements (note that, as in fastai, {@code amp;} becomes {@code &}
     * before unescaping, so {@code &amp;} ends as {@code &&}), then HTML5 character-reference decoding as Python's
     * {@code html.unescape}.
     */
    public static String fixHtml(String text) {
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
    public static String replaceRep(String text) {
        int n = text.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
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
    public static String replaceWrep(String text) {
        int n = text.length();
        StringBuilder out = null;
        int copied = 0;
        int p = 0;
        while (p < n) {
            int[] m = matchWrep(text, p);
            if (m == null) {
                p += Character.charCount(text.codePointAt(p));
                continue;
            }
            // m = {wordStart, wordEnd, count, eStart, matchEnd}
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(text, copied, p).append(' ').append(SpecialTokens.TK_WREP).append(' ').append(m[2]).append(' ')
                    .append(text, m[0], m[1]).append(' ').append(text, m[3], m[4]);
            copied = m[4];
            p = m[4];
        }
        return out == null ? text : out.append(text, copied, n).toString();
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
    public static String specAddSpaces(String text) {
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
    public static String rmUselessSpaces(String text) {
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
    public static String replaceAllCaps(String text) {
        return markWords(text, true);
    }

    /**
     * fastai's {@code replace_maj}: a whitespace-separated word that starts with {@code A-Z} and has no other
     * {@code A-Z} is lowercased, and marked with {@code xxmaj} when it has more than one character.
     */
    public static String replaceMaj(String text) {
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
    public static String lowercase(String text) {
        return SpecialTokens.BOS + " " + PyChars.strip(PyChars.lower(text));
    }
}
