package io.embark.transformers.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import static io.embark.transformers.text.SpacyRuleTables.EXCEPTIONS;
import static io.embark.transformers.text.SpacyRuleTables.INFIX;
import static io.embark.transformers.text.SpacyRuleTables.INFIX_FIRST;
import static io.embark.transformers.text.SpacyRuleTables.URL;

/**
 * spaCy's tokenizer algorithm on one chunk (a piece of text between whitespace): a chunk that is a tokenizer
 * exception gives the exception's tokens; any other is stripped of prefixes and suffixes until none is left or an
 * exception remains, and the rest is kept whole when it looks like a URL, otherwise cut at infixes. The rules are
 * those of {@link SpacyRuleTables}, matched by {@link AffixMatcher}. Without exceptions (the mode used to build the
 * {@link MergeTrie}) the chunk is cut by the affix and infix rules alone.
 *
 * <p>One guard can change results: the URL rule is tried only on chunks of at most {@value #MAX_URL_LENGTH}
 * characters, so that a pathological megabyte-long chunk cannot exhaust the stack inside the URL pattern; longer
 * chunks are cut at infixes as non-URLs would be.
 */
final class ChunkSplitter {
    /** Longest chunk the URL rule is tried on. */
    static final int MAX_URL_LENGTH = 4096;

    private ChunkSplitter() {
    }

    /** Adds the tokens of {@code chunk} to {@code out}, with spaCy's exceptions when {@code withExceptions}. */
    static void splitChunk(String chunk, boolean withExceptions, TokenBuffer out) {
        if (withExceptions && addException(chunk, out)) {
            return;
        }
        List<String> prefixes = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        String core = stripAffixes(chunk, withExceptions, prefixes, suffixes);
        for (String p : prefixes) {
            out.add(p);
        }
        if (!core.isEmpty()) {
            if (withExceptions && addException(core, out)) {
                // done
            } else if (core.length() <= MAX_URL_LENGTH && core.indexOf('.') >= 0 && URL.matcher(core).matches()) {
                out.add(core);
            } else {
                splitInfixes(core, out);
            }
        }
        for (int i = suffixes.size() - 1; i >= 0; i--) {
            out.add(suffixes.get(i));
        }
    }

    /**
     * {@link #splitChunk} of a chunk made only of the letters {@code a-z}: an exception's tokens, or the chunk itself.
     * No prefix starts and no infix contains such a letter, and every suffix rule that can end with one needs a digit
     * before its match or an apostrophe in it (the rule tables check these facts when they load).
     */
    static void addLetters(String chunk, TokenBuffer out) {
        if (!addException(chunk, out)) {
            out.add(chunk);
        }
    }

    private static boolean addException(String chunk, TokenBuffer out) {
        List<String> rule = EXCEPTIONS.get(chunk);
        if (rule == null) {
            return false;
        }
        for (String t : rule) {
            out.add(t);
        }
        return true;
    }

    /** spaCy's affix loop; returns what is left and fills {@code prefixes} and {@code suffixes} (outermost first). */
    private static String stripAffixes(String chunk, boolean withExceptions, List<String> prefixes,
            List<String> suffixes) {
        String s = chunk;
        int lastSize = -1;
        while (!s.isEmpty() && s.length() != lastSize) {
            if (withExceptions && EXCEPTIONS.containsKey(s) || SpacyRuleTables.lowercaseLetters(s)) {
                // no affix rule matches in a chunk of the letters a-z (checked when the tables load)
                break;
            }
            lastSize = s.length();
            int pre = AffixMatcher.findPrefix(s);
            String prefix = null;
            String minusPre = null;
            if (pre != 0) {
                prefix = s.substring(0, pre);
                minusPre = s.substring(pre);
                if (!minusPre.isEmpty() && withExceptions && EXCEPTIONS.containsKey(minusPre)) {
                    prefixes.add(prefix);
                    s = minusPre;
                    break;
                }
            }
            int suf = AffixMatcher.findSuffix(s.substring(pre));
            String suffix = null;
            String minusSuf = null;
            if (suf != 0) {
                suffix = s.substring(s.length() - suf);
                minusSuf = s.substring(0, s.length() - suf);
                if (!minusSuf.isEmpty() && withExceptions && EXCEPTIONS.containsKey(minusSuf)) {
                    suffixes.add(suffix);
                    s = minusSuf;
                    break;
                }
            }
            if (pre != 0 && suf != 0 && pre + suf <= s.length()) {
                prefixes.add(prefix);
                suffixes.add(suffix);
                s = s.substring(pre, s.length() - suf);
            } else if (pre != 0) {
                prefixes.add(prefix);
                s = minusPre;
            } else if (suf != 0) {
                suffixes.add(suffix);
                s = minusSuf;
            }
        }
        return s;
    }

    /** Cuts {@code s} at infixes: the infix rules and spaCy's icon rule, which comes right after the ellipses. */
    private static void splitInfixes(String s, TokenBuffer out) {
        if (!INFIX_FIRST.containsAny(s)) {
            out.add(s);
            return;
        }
        Matcher m = INFIX.matcher(s);
        int start = 0;
        int icon = AffixMatcher.nextIcon(s, 0);
        boolean found = m.find();
        while (found || icon < s.length()) {
            int a;
            int b;
            if (icon < s.length() && (!found || icon < m.start())) {
                a = icon;
                b = icon + Character.charCount(s.codePointAt(icon));
                icon = AffixMatcher.nextIcon(s, b);
            } else {
                a = m.start();
                b = m.end();
                found = m.find();
            }
            if (a == 0) {
                continue;
            }
            if (a != start) {
                out.add(s.substring(start, a));
            }
            if (a != b) {
                out.add(s.substring(a, b));
            }
            start = b;
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
    }
}
