package io.embark.transformers.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whole-document tokenization without Spark. The expected tokens are those of fastai v2's rule functions followed by
 * spaCy 3.8's blank English tokenizer (with fastai's special tokens added as special cases), computed with a
 * reference that runs fastai's rule code and spaCy's tokenizer algorithm over spaCy's own rule tables. Several
 * entries document fastai behaviour that looks surprising but is real: {@code &amp;} gives {@code & &}, URLs are
 * cut apart by {@code spec_add_spaces} and {@code replace_rep} before spaCy sees them, {@code (BEST)} is not marked
 * (the word starts with a bracket), and {@code a a a b b b} replaces only the a's.
 */
class DocumentTokenizerTest {
    static final String[][] CASES = {
        {"html line breaks", "First line.<br /><br />Second line<br />third",
            "xxbos", "xxmaj", "first", "line", ".", "\n\n", "xxmaj", "second", "line", "\n", "third"},
        {"html amp fastai quirk", "Tom &amp; Jerry, AT&amp;T",
            "xxbos", "xxmaj", "tom", "&", "&", "xxmaj", "jerry", ",", "xxup", "at&&t"},
        {"html entities", "&lt;b&gt; caf&eacute; &copy; &#8220;quoted&#8221; &#x263A; &notit; &#39;single&#39;",
            "xxbos", "<", "b", ">", "caf\u00E9", "\u00A9", "\u201C", "quoted", "\u201D", "\u263A", "\u00ACit", ";", "&", "'", "single", "&", "'"},
        {"html quot and nbsp", "He said &quot;no&quot;&nbsp;twice",
            "xxbos", "xxmaj", "he", "said", "&", "'", "no", "&", "'", "&", "twice"},
        {"escaped newline and quote", "one\\ntwo \\\"three\\\"",
            "xxbos", "one", "\n", "two", "\"", "three", "\""},
        {"unk and wikitext joins", "an <unk> value of 3 @.@ 5 in well @-@ known",
            "xxbos", "an", "xxunk", "value", "of", "3.5", "in", "well", "-", "known"},
        {"ellipsis", "Well... maybe\u2026",
            "xxbos", "xxmaj", "well", "\u2026", "maybe", "\u2026"},
        {"character repetition", "Noooooo!!!! soooo good",
            "xxbos", "n", "xxrep", "6", "o", "xxrep", "4", "!", "s", "xxrep", "4", "o", "good"},
        {"word repetition", "this is very very very very good",
            "xxbos", "this", "is", "xxwrep", "4", "very", "good"},
        {"word repetition ends at punctuation", "no no no, please",
            "xxbos", "xxwrep", "3", "no", ",", "please"},
        {"word repetition fastai quirk", "a a a b b b",
            "xxbos", "xxwrep", "3", "a", "b", "b", "b"},
        {"all caps", "This movie is TERRIBLE and I HATE IT",
            "xxbos", "xxmaj", "this", "movie", "is", "xxup", "terrible", "and", "i", "xxup", "hate", "xxup", "it"},
        {"all caps with punctuation", "WOW! It was OK.",
            "xxbos", "xxup", "wow", "!", "xxmaj", "it", "was", "xxup", "ok", "."},
        {"capitalised", "Paris is the capital. I saw McDonald there",
            "xxbos", "xxmaj", "paris", "is", "the", "capital", ".", "i", "saw", "mcdonald", "there"},
        {"capitalised after bracket", "(James Stewart) stars",
            "xxbos", "(", "james", "xxmaj", "stewart", ")", "stars"},
        {"dont", "I don't know",
            "xxbos", "i", "do", "n't", "know"},
        {"cant wont", "You can't and won't",
            "xxbos", "xxmaj", "you", "ca", "n't", "and", "wo", "n't"},
        {"its", "It's great and it's fun, isn't it?",
            "xxbos", "xxmaj", "it", "'s", "great", "and", "it", "'s", "fun", ",", "is", "n't", "it", "?"},
        {"other clitics", "we're they've you'll she'd I'm John's",
            "xxbos", "we", "'re", "they", "'ve", "you", "'ll", "she", "'d", "xxmaj", "i", "'m", "xxmaj", "john", "'s"},
        {"typographic apostrophe", "don\u2019t it\u2019s",
            "xxbos", "do", "n\u2019t", "it", "\u2019s"},
        {"urls", "see https://www.imdb.com/title/tt0111161/ now",
            "xxbos", "see", "https", ":", "/", "/", "xxrep", "3", "w", ".imdb.com", "/", "title", "/", "tt0", "xxrep", "4", "1", "61", "/", "now"},
        {"url without scheme", "visit imdb.com or google.co.uk today",
            "xxbos", "visit", "imdb.com", "or", "google.co.uk", "today"},
        {"email", "mail me at someone@example.com please",
            "xxbos", "mail", "me", "at", "someone@example.com", "please"},
        {"numbers", "It cost $3.14, or 1,000 dollars (2.5%) in 1999",
            "xxbos", "xxmaj", "it", "cost", "$", "3.14", ",", "or", "1", ",", "xxrep", "3", "0", "dollars", "(", "2.5", "%", ")", "in", "1", "xxrep", "3", "9"},
        {"times and units", "at 5pm and 10a.m. for 100km",
            "xxbos", "at", "5", "pm", "and", "10", "a.m.", "for", "100", "km"},
        {"punctuation", "Hello, world! Really? Yes; no: maybe.",
            "xxbos", "xxmaj", "hello", ",", "world", "!", "xxmaj", "really", "?", "xxmaj", "yes", ";", "no", ":", "maybe", "."},
        {"quotes", "He said \"hello\" and 'bye' and \u201Ccurly\u201D",
            "xxbos", "xxmaj", "he", "said", "\"", "hello", "\"", "and", "'", "bye", "'", "and", "\u201C", "curly", "\u201D"},
        {"parentheses and brackets", "(this) [that] {other}",
            "xxbos", "(", "this", ")", "[", "that", "]", "{", "other", "}"},
        {"hyphens and dashes", "well-made 10-year-old a--b c\u2014d",
            "xxbos", "well", "-", "made", "10", "-", "year", "-", "old", "a", "--", "b", "c", "\u2014", "d"},
        {"abbreviations", "e.g. i.e. vs. U.S.A. etc.",
            "xxbos", "e.g.", "i.e.", "vs.", "xxup", "u.s.a", ".", "etc", "."},
        {"emoticons", "great :) bad :( love <3 meh :-/",
            "xxbos", "great", ":)", "bad", ":(", "love", "<3", "meh", ":", "-", "/"},
        {"emoticon glued", "thanks:) bye!:D",
            "xxbos", "thanks", ":)", "bye!:d"},
        {"emoji", "I love it \uD83D\uDE0D\uD83D\uDE0D \uD83D\uDC4D\uD83C\uDFFD ok\uD83D\uDC4D",
            "xxbos", "i", "love", "it", "\uD83D\uDE0D", "\uD83D\uDE0D", "\uD83D\uDC4D", "\uD83C\uDFFD", "ok", "\uD83D\uDC4D"},
        {"emoji zwj and flags", "family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 flag \uD83C\uDDEB\uD83C\uDDF7",
            "xxbos", "family", "\uD83D\uDC68", "\u200D", "\uD83D\uDC69", "\u200D", "\uD83D\uDC67", "flag", "\uD83C\uDDEB", "\uD83C\uDDF7"},
        {"cjk", "\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8\u3001\u3067\u3059\u3002\u4E2D\u6587\uFF1A\u4F60\u597D\uFF01",
            "xxbos", "\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8\u3001\u3067\u3059\u3002\u4E2D\u6587\uFF1A\u4F60\u597D", "\uFF01"},
        {"combining marks", "Cafe\u0301 nai\u0308ve",
            "xxbos", "xxmaj", "cafe\u0301", "nai\u0308ve"},
        {"rtl", "\u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD! \u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645.",
            "xxbos", "\u05E9\u05DC\u05D5\u05DD", "\u05E2\u05D5\u05DC\u05DD", "!", "\u0645\u0631\u062D\u0628\u0627", "\u0628\u0627\u0644\u0639\u0627\u0644\u0645", "."},
        {"newlines and tabs", "line one\nline two\n\nline three\tand\ttabs",
            "xxbos", "line", "one", "\n", "line", "two", "\n\n", "line", "three", "\t", "and", "\t", "tabs"},
        {"spaces around newline", "end \n start",
            "xxbos", "end", "\n ", "start"},
        {"slash hash backslash", "A/B #1 c\\d",
            "xxbos", "a", "/", "b", "#", "1", "c", "\\", "d"},
        {"empty", "",
            "xxbos"},
        {"whitespace only", "   \n ",
            "xxbos"},
        {"special tokens in text", "xxbos xxmaj already",
            "xxbos", "xxbos", "xxmaj", "already"},
        {"mixed everything", "I LOVED it!!! The (BEST) film... 10/10 &amp; more",
            "xxbos", "i", "xxup", "loved", "it", "xxrep", "3", "!", "xxmaj", "the", "(", "best", ")", "film", "\u2026", "10", "/", "10", "&", "&", "more"},
    };

    static Stream<Arguments> cases() {
        return Arrays.stream(CASES).map(c -> Arguments.of(c[0], c[1], List.of(c).subList(2, c.length)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tokenizesAsFastaiWithSpacy(String name, String text, List<String> expected) {
        assertEquals(expected, new DocumentTokenizer(false).tokenize(text), name + ": " + text);
        DocumentTokenizer plain = new DocumentTokenizer(false);
        assertEquals(expected, TokenizerEquivalenceTest.strings(plain.tokenizeToUtf8(text)), "UTF-8, " + name + ": " + text);
        TokenizerEquivalenceTest.assertSparkArray(plain.tokenizeToUtf8(text), plain.tokenizeToArrayData(text), text);
    }

    @Test
    void nullDocumentGivesOnlyBos() {
        assertEquals(List.of("xxbos"), new DocumentTokenizer(false).tokenize((String) null));
    }

    @Test
    void fieldsAreJoinedAndMarkedAsFastaiTokenizeDf() {
        DocumentTokenizer marked = new DocumentTokenizer(true);
        assertEquals("xxfld 1 Great xxfld 2 I didn't LIKE it", marked.join("Great", "I didn't LIKE it"));
        assertEquals(List.of("xxbos", "xxfld", "1", "xxmaj", "great", "xxfld", "2", "i", "did", "n't", "xxup", "like",
                "it"), marked.tokenize("Great", "I didn't LIKE it"));
        assertEquals(List.of("xxbos", "xxfld", "1", "xxfld", "2", "xxmaj", "text"), marked.tokenize(null, "Text"),
                "a null field is an empty string and keeps its marker");
        assertEquals(List.of("xxbos", "xxfld", "1", "one"), marked.tokenize("one"), "one field, marked on request");
        DocumentTokenizer plain = new DocumentTokenizer(false);
        assertEquals("Great I liked it", plain.join("Great", "I liked it"));
        assertEquals(List.of("xxbos", "xxmaj", "great", "i", "liked", "it"), plain.tokenize("Great", "I liked it"));
        assertEquals(List.of("xxbos"), plain.tokenize(null, null));
    }
}
