package io.embark.transformers.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextDecoderTest {

    @Test
    void fastaiExamples() {
        assertEquals(List.of("Text"), TextDecoder.decodeSpecialTokens(List.of("xxmaj", "text")));
        assertEquals(List.of("TEXT"), TextDecoder.decodeSpecialTokens(List.of("xxup", "text")));
        assertEquals(List.of("aaa"), TextDecoder.decodeSpecialTokens(List.of("xxrep", "3", "a")));
        assertEquals(List.of("word", "word", "word"),
                TextDecoder.decodeSpecialTokens(List.of("xxwrep", "3", "word")));
    }

    @Test
    void undoesTheTokenizerOnAnExample() {
        List<String> tokens = new DocumentTokenizer(false).tokenize("I LOVED it!!! really really really good.");
        assertEquals(List.of("xxbos", "i", "xxup", "loved", "it", "xxrep", "3", "!", "xxwrep", "3",
                "really", "good", "."), tokens);
        assertEquals("i LOVED it !!! really really really good .", TextDecoder.decode(tokens));
    }

    @Test
    void repetitionAppliesToOneWordOnlyUnlikeFastai() {
        assertEquals("aaa b c", TextDecoder.decode(List.of("xxrep", "3", "a", "b", "c")));
        assertEquals("x x b", TextDecoder.decode(List.of("xxwrep", "2", "x", "b")));
    }

    @Test
    void dropsBosAndPadKeepsOtherSpecialsAndMalformedMarkers() {
        assertEquals("Hello xxunk xxeos", TextDecoder.decode(List.of("xxpad", "xxpad", "xxbos", "xxmaj", "hello",
                "xxunk", "xxeos")));
        assertEquals("b", TextDecoder.decode(List.of("xxrep", "many", "b")), "a non-integer count drops the marker");
        assertEquals("a", TextDecoder.decode(List.of("a", "xxmaj")), "a trailing marker is dropped");
        assertEquals("", TextDecoder.decode(List.of("xxbos")));
        assertEquals("Élan ÇA", TextDecoder.decode(List.of("xxmaj", "élan", "xxup", "ça")));
    }
}
