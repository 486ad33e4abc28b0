package io.embark.transformers.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fastai rule on its own; expected strings are what fastai v2's functions return for the same input. */
class FastaiRulesTest {

    @Test
    void fixHtmlAppliesFastaiReplacementsThenHtml5Unescape() {
        assertEquals("a\n\nb\nc", FastaiRules.fixHtml("a<br /><br />b\\nc"));
        assertEquals("&&& Tom && Jerry", FastaiRules.fixHtml("&amp;amp; Tom &amp; Jerry"), "amp; is replaced first");
        assertEquals("it's $5 ' x \"q\" xxunk 3.5 well-known \u2026", FastaiRules.fixHtml(
                "it#39;s #36;5 #146; x \\\"q\\\" <unk> 3 @.@ 5 well @-@ known..."));
        assertEquals("&'hi&' & y", FastaiRules.fixHtml("&quot;hi&quot; &nbsp;y"));
    }

    @Test
    void htmlUnescapeFollowsPythonHtml5Rules() {
        assertEquals("\uFFFD \u20AC \uFFFD \uFFFD &x; & < A Ax \uD83D\uDE00",
                HtmlEntities.unescape("&#0; &#x80; &#55296; &#1114112; &ampx; &AMP; &lt &#65 &#x41;x &#x1F600;"));
        assertEquals("caf\u00E9 \u00A9 \u263A \u00ACit; &unknown; & alone", HtmlEntities.unescape(
                "caf&eacute; &copy; &#x263A; &notit; &unknown; & alone"));
        assertEquals("a\u0001b", HtmlEntities.unescape("a\u0001b"), "text without references is untouched");
        assertEquals("ab", HtmlEntities.unescape("a&#1;b"), "control characters from references are dropped");
        assertEquals("&#;&#x;", HtmlEntities.unescape("&#;&#x;"), "references without digits stay");
    }

    @Test
    void replaceRepCountsRunsOfThreeOrMoreCodePoints() {
        assertEquals("c xxrep 4 o l", FastaiRules.replaceRep("cooool"));
        assertEquals(" xxrep 3 ! ", FastaiRules.replaceRep("!!!"));
        assertEquals("aa", FastaiRules.replaceRep("aa"));
        assertEquals(" xxrep 3 \uD83D\uDE00 ", FastaiRules.replaceRep("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"),
                "an emoji (a surrogate pair) counts once");
        assertEquals("   ", FastaiRules.replaceRep("   "), "whitespace is never a repetition");
    }

    @Test
    void replaceWrepMatchesFastaiRegexIncludingItsQuirks() {
        assertEquals(" xxwrep 4 ha ", FastaiRules.replaceWrep("ha ha ha ha"));
        assertEquals(" xxwrep 3 word ", FastaiRules.replaceWrep("word word word"));
        assertEquals(" xxwrep 3 a -b c", FastaiRules.replaceWrep("a a a-b c"), "last one may be followed by a non-word");
        assertEquals(" xxwrep 3 the  then", FastaiRules.replaceWrep("the the the then"), "backtracks one repetition");
        assertEquals(" xxwrep 3 a  ab", FastaiRules.replaceWrep("a a a ab"));
        assertEquals("go go going.", FastaiRules.replaceWrep("go go going."));
        assertEquals("x  xxwrep 3 a ", FastaiRules.replaceWrep("x  a a a"));
        assertEquals(" xxwrep 3 one \ntwo", FastaiRules.replaceWrep("one one one\ntwo"));
        assertEquals("Ok ok ok", FastaiRules.replaceWrep("Ok ok ok"), "case-sensitive");
        assertEquals(" xxwrep 3 a  b b b", FastaiRules.replaceWrep("a a a b b b"),
                "the space that ends one match cannot start the next, as in fastai");
    }

    @Test
    void spacesAroundSlashHashBackslashThenUselessSpacesRemoved() {
        assertEquals("a / b  #  1 c \\ d", FastaiRules.specAddSpaces("a/b # 1 c\\d"));
        assertEquals("a b\n\n c", FastaiRules.rmUselessSpaces("a    b\n\n   c"), "only U+0020 runs");
    }

    @Test
    void capitalsAreMarkedOnWhitespaceSeparatedWordsWithAsciiLettersOnly() {
        assertEquals("xxup wow! It is xxup ok.", FastaiRules.replaceAllCaps("WOW! It is OK."));
        assertEquals("a i xxup u.s.a. xxup caf\u00E9 \u00C9COLE xxup movie's",
                FastaiRules.replaceAllCaps("A I U.S.A. CAF\u00C9 \u00C9COLE MOVIE'S"));
        assertEquals("xxmaj hello (World) McDonald \u00C9lan xxmaj caf\u00E9",
                FastaiRules.replaceMaj("Hello (World) McDonald \u00C9lan Caf\u00E9"));
        assertEquals("xxbos hello world", FastaiRules.lowercase("  Hello World \n"));
    }

    @Test
    void applyRunsAllRulesInFastaiOrder() {
        assertEquals("xxbos i xxup loved it xxrep 3 ! \nxxmaj great", FastaiRules.apply("I LOVED it!!! <br />Great"));
        assertEquals("xxbos ", FastaiRules.apply(""), "fastai's lowercase adds 'xxbos ' even to empty text");
    }

    @Test
    void specialTokensInFastaiOrder() {
        assertEquals(List.of("xxunk", "xxpad", "xxbos", "xxeos", "xxfld", "xxrep", "xxwrep", "xxup", "xxmaj"),
                SpecialTokens.ALL);
    }

    @Test
    void megabyteDocumentsAreLinear() {
        StringBuilder b = new StringBuilder();
        while (b.length() < 1 << 20) {
            b.append("word ");
        }
        String words = b.toString();
        String same = "a".repeat(1 << 20);
        long t0 = System.nanoTime();
        assertEquals(" xxwrep " + words.length() / 5 + " word  ", FastaiRules.replaceWrep(words),
                "the space after the last word is kept as the match's end");
        assertEquals(" xxrep " + (1 << 20) + " a ", FastaiRules.replaceRep(same));
        assertTrue(FastaiRules.apply(words + same).startsWith("xxbos xxwrep"));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "linear scans");
    }
}
