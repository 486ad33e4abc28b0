package io.embark.transformers.text;

import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.embark.transformers.text.SpacyRuleTables.ICONS;
import static io.embark.transformers.text.SpacyRuleTables.INFIX;
import static io.embark.transformers.text.SpacyRuleTables.INFIX_FIRST;
import static io.embark.transformers.text.SpacyRuleTables.PREFIX;
import static io.embark.transformers.text.SpacyRuleTables.PREFIX_FIRST;
import static io.embark.transformers.text.SpacyRuleTables.SUFFIX_LAST;
import static io.embark.transformers.text.SpacyRuleTables.SUFFIX_RULES;
import static io.embark.transformers.text.SpacyRuleTables.SUFFIX_RULE_LAST;

/**
 * Where spaCy's affix rules ({@link SpacyRuleTables}) match in a string, as Python's {@code re} finds them: the
 * prefix at the start, the leftmost-starting suffix that reaches the end, the next icon. Performance guards that do
 * not change results: a rule is tried only when the string starts (prefixes) or ends (suffixes) with a code point
 * its matches can start or end with; suffixes are searched only in the last characters of the string (all suffix
 * rules but the dot ellipsis are at most 3 code points long), with the alternation of the rules that can end with
 * the string's last code point.
 */
final class AffixMatcher {
    /** Suffix rules other than the ellipsis match at most this many UTF-16 units (3 code points). */
    private static final int SUFFIX_WINDOW = 8;
    /** For each ASCII last character, the alternation of the suffix rules that can end with it (null: none). */
    private static final Pattern[] SUFFIX_BY_ASCII = new Pattern[128];
    /** The same for other last characters, keyed by the set of rules, filled on first use. */
    private static final ConcurrentHashMap<BitSet, Optional<Pattern>> SUFFIX_BY_RULES = new ConcurrentHashMap<>();

    static {
        for (int c = 0; c < 128; c++) {
            SUFFIX_BY_ASCII[c] = suffixPattern(rulesEndingWith(c));
        }
    }

    private AffixMatcher() {
    }

    /** Length of the prefix match at the start of {@code s}, 0 when none. */
    static int findPrefix(String s) {
        if (s.isEmpty() || !PREFIX_FIRST.contains(s.codePointAt(0))) {
            return 0;
        }
        Matcher m = PREFIX.matcher(s);
        if (m.lookingAt()) {
            return m.end();
        }
        int cp = s.codePointAt(0);
        return ICONS.contains(cp) ? Character.charCount(cp) : 0;
    }

    /** Length of the leftmost-starting suffix match that reaches the end of {@code s}, as Python's search finds. */
    static int findSuffix(String s) {
        int n = s.length();
        if (n == 0 || !SUFFIX_LAST.contains(s.codePointBefore(n))) {
            return 0;
        }
        int from = Math.max(0, n - SUFFIX_WINDOW);
        while (from > 0 && s.charAt(from - 1) == '.') {
            from--;
        }
        if (from > 0 && Character.isLowSurrogate(s.charAt(from)) && Character.isHighSurrogate(s.charAt(from - 1))) {
            from--;
        }
        int last = s.codePointBefore(n);
        Pattern suffix = last < 128 ? SUFFIX_BY_ASCII[last]
                : SUFFIX_BY_RULES.computeIfAbsent(rulesEndingWith(last), r -> Optional.ofNullable(suffixPattern(r)))
                        .orElse(null);
        if (suffix == null) {
            return ICONS.contains(last) ? Character.charCount(last) : 0;
        }
        Matcher m = suffix.matcher(s);
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
        m.region(from, n);
        int start = m.find() ? m.start() : n;
        if (ICONS.contains(last)) {
            // a one-symbol match at the end; the leftmost start wins, and equal starts give equal lengths
            start = Math.min(start, n - Character.charCount(last));
        }
        return n - start;
    }

    /** Whether an infix rule other than the icon rule matches somewhere in {@code s}. */
    static boolean hasInfix(String s) {
        return INFIX_FIRST.containsAny(s) && INFIX.matcher(s).find();
    }

    /** Index of the first icon at or after {@code from}, or the length of {@code s}. */
    static int nextIcon(String s, int from) {
        int i = from;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (ICONS.contains(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    /** The suffix rules whose matches can end with {@code cp}. */
    static BitSet rulesEndingWith(int cp) {
        BitSet rules = new BitSet(SUFFIX_RULES.length);
        for (int i = 0; i < SUFFIX_RULES.length; i++) {
            if (SUFFIX_RULE_LAST[i].contains(cp)) {
                rules.set(i);
            }
        }
        return rules;
    }

    /**
     * The alternation of {@code rules} in spaCy's order, anchored at the end; null when empty. Leaving out rules
     * that cannot end with the text's last character does not change which match Python's search finds.
     */
    private static Pattern suffixPattern(BitSet rules) {
        if (rules.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = rules.nextSetBit(0); i >= 0; i = rules.nextSetBit(i + 1)) {
            b.append(b.length() == 0 ? "" : "|").append(SUFFIX_RULES[i]).append("\\z");
        }
        return Pattern.compile(b.toString());
    }
}
