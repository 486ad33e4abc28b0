package io.embark.transformers.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * spaCy's English tokenizer rules, loaded once from {@code spacy-en-tokenizer.txt} beside this class and compiled
 * into static patterns and code point sets: the prefix, suffix and infix rules, the URL rule, the code points each
 * kind of affix can start or end with, spaCy's symbol and emoji class, and the tokenizer exceptions (with fastai's
 * special tokens added as exceptions of one token). Loading checks the facts the splitter's shortcuts rely on and
 * fails with an {@link IllegalStateException} naming the rule when a table breaks one, so a changed table cannot
 * silently change tokens.
 */
final class SpacyRuleTables {
    /** spaCy's prefix rules as one alternation, in spaCy's order. */
    static final Pattern PREFIX;
    /** spaCy's suffix rules, in order, each with the code points its matches can end with. */
    static final String[] SUFFIX_RULES;
    static final CodePointSet[] SUFFIX_RULE_LAST;
    /** spaCy's infix rules as one alternation, in spaCy's order. */
    static final Pattern INFIX;
    static final Pattern URL;
    /** Code points a prefix match can start with, a suffix match end with, an infix match start with. */
    static final CodePointSet PREFIX_FIRST;
    static final CodePointSet SUFFIX_LAST;
    static final CodePointSet INFIX_FIRST;
    /**
     * spaCy's symbol and emoji class, a rule of its own in each list. Java evaluates a character class of hundreds
     * of ranges slowly, so it is matched with a set lookup next to the regular expressions (see {@link AffixMatcher}).
     */
    static final CodePointSet ICONS;
    /** Chunks tokenized by a fixed rule: spaCy's English exceptions and fastai's special tokens. */
    static final Map<String, List<String>> EXCEPTIONS;
    /** A suffix rule that needs a digit right before its match (after a lookahead on its first character). */
    static final Pattern AFTER_DIGIT_RULE = Pattern.compile("\\(\\?:\\(\\?=\\[[^\\]]*\\]\\)\\(\\?<=\\[0-9\\]\\).*");

    static {
        List<String> prefixes = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        List<String> infixes = new ArrayList<>();
        String url = null;
        Map<String, CodePointSet> quick = new HashMap<>();
        List<String> iconRules = new ArrayList<>();
        List<CodePointSet> suffixLast = new ArrayList<>();
        Map<String, List<String>> exceptions = new HashMap<>();
        for (String[] f : ResourceTable.rows(SpacyRuleTables.class, "spacy-en-tokenizer.txt")) {
            switch (f[0]) {
                case "prefix", "suffix", "infix" -> {
                    List<String> list = f[0].equals("prefix") ? prefixes : f[0].equals("suffix") ? suffixes : infixes;
                    if (f[1].equals("@icons")) {
                        iconRules.add(f[0] + ":" + list.size());
                    } else {
                        list.add("(?:" + f[1] + ")");
                        if (f[0].equals("suffix")) {
                            suffixLast.add(new CodePointSet(f[2]));
                        }
                    }
                }
                case "icons" -> quick.put("icons", new CodePointSet(f[1]));
                case "url" -> url = f[1];
                case "prefix-first", "suffix-last", "infix-first" -> quick.put(f[0], new CodePointSet(f[1]));
                case "exception" -> {
                    List<String> toks = new ArrayList<>();
                    for (int i = 2; i < f.length; i++) {
                        toks.add(PyChars.fromHex(f[i]));
                    }
                    exceptions.put(PyChars.fromHex(f[1]), List.copyOf(toks));
                }
                default -> throw new IllegalStateException("spacy-en-tokenizer.txt: unknown line " + f[0]);
            }
        }
        if (url == null || prefixes.isEmpty() || suffixes.isEmpty() || infixes.isEmpty() || quick.size() != 4) {
            throw new IllegalStateException("spacy-en-tokenizer.txt is incomplete");
        }
        PREFIX = Pattern.compile(String.join("|", prefixes));
        SUFFIX_RULES = suffixes.toArray(new String[0]);
        SUFFIX_RULE_LAST = suffixLast.toArray(new CodePointSet[0]);
        INFIX = Pattern.compile(String.join("|", infixes));
        URL = Pattern.compile(url);
        PREFIX_FIRST = quick.get("prefix-first");
        SUFFIX_LAST = quick.get("suffix-last");
        INFIX_FIRST = quick.get("infix-first");
        ICONS = quick.get("icons");
        // the set lookups of AffixMatcher are equivalent to spaCy's order only where the icon rule comes last among
        // the prefixes (the first rule that matches wins) and right after the two ellipsis infixes (no infix rule
        // consumes an icon); for suffixes the position does not matter (the leftmost match wins, and an icon is the
        // last one)
        iconRules.removeIf(r -> r.startsWith("suffix:"));
        if (!iconRules.equals(List.of("prefix:" + prefixes.size(), "infix:2"))) {
            throw new IllegalStateException("spacy-en-tokenizer.txt: unexpected position of the icon rules " + iconRules);
        }
        checkLettersHaveNoAffixes();
        for (String special : SpecialTokens.ALL) {
            exceptions.put(special, List.of(special));
        }
        EXCEPTIONS = Collections.unmodifiableMap(exceptions);
    }

    private SpacyRuleTables() {
    }

    /**
     * Checks the facts {@link ChunkSplitter} relies on for chunks of {@link #lowercaseLetters}: no prefix can start,
     * no infix contain and no icon be a letter {@code a-z}, and a suffix rule that can end with one either needs a
     * digit before its match or starts with an apostrophe, so no affix rule can match inside a chunk made only of
     * these letters.
     */
    private static void checkLettersHaveNoAffixes() {
        // a suffix rule whose match starts with an apostrophe (' or U+2019)
        Pattern apostropheFirst = Pattern.compile("\\(\\?:\\\\x\\{(27|2019)\\}.*");
        for (char c = 'a'; c <= 'z'; c++) {
            if (PREFIX_FIRST.contains(c) || INFIX_FIRST.contains(c) || ICONS.contains(c)) {
                throw new IllegalStateException("spacy-en-tokenizer.txt: a prefix or infix can match " + c);
            }
            for (int i = 0; i < SUFFIX_RULES.length; i++) {
                if (SUFFIX_RULE_LAST[i].contains(c) && !AFTER_DIGIT_RULE.matcher(SUFFIX_RULES[i]).matches()
                        && !apostropheFirst.matcher(SUFFIX_RULES[i]).matches()) {
                    throw new IllegalStateException("spacy-en-tokenizer.txt: suffix rule " + SUFFIX_RULES[i]
                            + " can match letters alone");
                }
            }
        }
    }

    /** Whether {@code s} has only the letters {@code a-z}, in which no affix rule matches (checked at load time). */
    static boolean lowercaseLetters(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if ((char) (s.charAt(i) - 'a') >= 26) {
                return false;
            }
        }
        return true;
    }
}
