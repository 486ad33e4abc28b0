package io.embark.transformers.text;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.embark.transformers.text.SpacyRuleTables.AFTER_DIGIT_RULE;
import static io.embark.transformers.text.SpacyRuleTables.EXCEPTIONS;
import static io.embark.transformers.text.SpacyRuleTables.SUFFIX_RULES;

/**
 * What lets {@link TextScanner#casedTokens} add the tokens of a common word itself, without the chunk cache or the
 * rules, and the markers it adds: each shortcut is derived from the rule tables and the {@link MergeTrie} when this
 * class loads, and only taken where those facts prove it gives the rules' tokens. A word of the letters {@code a-z}
 * that is no exception and starts no merge (a {@link HashFilter} says so without a string) is its own token; such a
 * word followed by one ASCII punctuation mark that the suffix rules always split off alone, or by {@code 's} when
 * they always split that off, gives the word and the suffix.
 */
final class WordShortcuts {
    /**
     * The words of {@code a-z} that are exceptions or start a merge (see {@link MergeTrie}), as a filter on their
     * hashes: a word it does not contain is its own token.
     */
    static final HashFilter LETTER_KEYS;
    /** All exceptions, as a filter on their hashes. */
    static final HashFilter EXCEPTION_KEYS;
    /**
     * For the ASCII punctuation marks that spaCy's suffix rules split off alone after any of the letters {@code a-z}
     * (checked at load time, see {@link #plainSuffix}), the mark as a token; null for other characters.
     */
    static final TokenBuffer.Marker[] PLAIN_SUFFIX = new TokenBuffer.Marker[128];
    /** {@code 's} as a token when the suffix rules always split it off after a word of {@code a-z}, else null. */
    static final TokenBuffer.Marker POSSESSIVE;
    /** fastai's case markers, which the case rules add before a word. */
    static final TokenBuffer.Marker BOS;
    static final TokenBuffer.Marker MAJ;
    static final TokenBuffer.Marker UP;

    static {
        List<String> letterKeys = new ArrayList<>();
        for (String key : EXCEPTIONS.keySet()) {
            if (SpacyRuleTables.lowercaseLetters(key)) {
                letterKeys.add(key);
            }
        }
        for (String key : MergeTrie.ROOT.children.keySet()) {
            if (SpacyRuleTables.lowercaseLetters(key)) {
                letterKeys.add(key);
            }
        }
        LETTER_KEYS = new HashFilter(letterKeys);
        EXCEPTION_KEYS = new HashFilter(EXCEPTIONS.keySet());
        for (char c = '!'; c < 127; c++) {
            if (plainSuffix(c)) {
                PLAIN_SUFFIX[c] = TokenBuffer.Marker.of(String.valueOf(c));
            }
        }
        POSSESSIVE = possessiveSuffix() ? TokenBuffer.Marker.of("'s") : null;
        BOS = TokenBuffer.Marker.of(SpecialTokens.BOS);
        MAJ = TokenBuffer.Marker.of(SpecialTokens.TK_MAJ);
        UP = TokenBuffer.Marker.of(SpecialTokens.TK_UP);
    }

    private WordShortcuts() {
    }

    /**
     * Whether the affix loop, on a chunk of the letters {@code a-z} followed by {@code c}, always splits off exactly
     * {@code c} as a suffix: {@code c} is no letter or digit, every suffix rule that can end with it matches only it
     * (a literal {@code c}, or {@code c} after a positive lookbehind) or needs it twice, and the rules do split it off
     * after each letter. The letters then have no affix either (the rule tables check this when they load), so such
     * a chunk gives the letters' own tokens (an exception's, or the letters) and then {@code c}, unless the whole
     * chunk is an exception.
     */
    private static boolean plainSuffix(char c) {
        if (Character.isLetterOrDigit(c) || PyChars.isSpace(c)) {
            return false;
        }
        String hex = Pattern.quote("\\x{" + Integer.toHexString(c).toUpperCase(Locale.ROOT) + "}");
        Pattern alone = Pattern.compile("\\(\\?:(?:\\(\\?=\\[" + hex + "\\]\\)\\(\\?<=[^()]*\\))?" + hex + "\\)");
        Pattern twice = Pattern.compile("\\(\\?:" + hex + "\\(\\?:" + hex + "\\)\\+\\)");
        BitSet rules = AffixMatcher.rulesEndingWith(c);
        for (int i = rules.nextSetBit(0); i >= 0; i = rules.nextSetBit(i + 1)) {
            if (!alone.matcher(SUFFIX_RULES[i]).matches() && !twice.matcher(SUFFIX_RULES[i]).matches()) {
                return false;
            }
        }
        for (char l = 'a'; l <= 'z'; l++) {
            if (AffixMatcher.findSuffix(l + String.valueOf(c)) != 1 || AffixMatcher.findSuffix("xy" + l + c) != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the affix loop, on a chunk of the letters {@code a-z} followed by {@code 's}, always splits off exactly
     * {@code 's}: every suffix rule that can end with {@code s} is {@code 's} itself, another apostrophe's {@code s}
     * (which needs that apostrophe) or a rule that needs a digit before its match, and the rules do split it off
     * after each letter.
     */
    private static boolean possessiveSuffix() {
        Pattern apostropheS = Pattern.compile("\\(\\?:\\\\x\\{(27|2019)\\}s\\)");
        BitSet rules = AffixMatcher.rulesEndingWith('s');
        boolean literal = false;
        for (int i = rules.nextSetBit(0); i >= 0; i = rules.nextSetBit(i + 1)) {
            Matcher m = apostropheS.matcher(SUFFIX_RULES[i]);
            if (m.matches()) {
                literal |= m.group(1).equals("27");
            } else if (!AFTER_DIGIT_RULE.matcher(SUFFIX_RULES[i]).matches()) {
                return false;
            }
        }
        for (char l = 'a'; literal && l <= 'z'; l++) {
            if (AffixMatcher.findSuffix(l + "'s") != 2 || AffixMatcher.findSuffix("xy" + l + "'s") != 2) {
                return false;
            }
        }
        return literal;
    }

    /** Whether {@code 's} after a word of {@code a-z} skips the affix rules (see {@link #possessiveSuffix}). */
    static boolean possessiveShortcut() {
        return POSSESSIVE != null;
    }

    /** The ASCII punctuation marks {@link #plainSuffix} found, in code point order. */
    static String plainSuffixes() {
        StringBuilder b = new StringBuilder();
        for (char c = 0; c < PLAIN_SUFFIX.length; c++) {
            if (PLAIN_SUFFIX[c] != null) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
