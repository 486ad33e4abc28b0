package io.embark.transformers.text;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Word tokenization with the rules of spaCy's blank English pipeline ({@code spacy.blank("en")}, spaCy 3), which is
 * what fastai v2's default {@code SpacyTokenizer} runs, with fastai's special tokens added as special cases.
 *
 * <p>The algorithm is spaCy's: the text is cut at whitespace (a single space between two chunks is dropped, any
 * other whitespace run, such as {@code "\n"} or {@code "\n\n"}, becomes a token of its own); each chunk that is not a
 * tokenizer exception is stripped of prefixes and suffixes (punctuation, quotes, brackets, currency, {@code 's},
 * ellipses, symbols and emoji) until none is left or an exception remains; the rest is kept whole when it looks
 * like a URL, otherwise cut at infixes (hyphens and {@code / : < > =} between letters, {@code ...}, symbols, dots
 * and commas between letters, arithmetic between digits). Exceptions cover contractions ({@code don't} gives
 * {@code do n't}, {@code can't} gives {@code ca n't}, {@code i'm} gives {@code i 'm}), abbreviations and emoticons;
 * finally adjacent tokens that spell an exception containing punctuation are merged ({@code hello:)} gives
 * {@code hello :)}). The rules are spaCy's own data, translated once into {@code spacy-en-tokenizer.txt} beside
 * this class and compiled into static patterns when the class is first used.
 *
 * <p>Performance guards that do not change results: suffixes are searched only in the last characters of a chunk
 * (all suffix rules but the dot ellipsis are at most 3 code points long). One that can: the URL rule is tried only
 * on chunks of at most 4,096 characters, so that a pathological megabyte-long chunk cannot exhaust the stack inside
 * the URL pattern; longer chunks are cut at infixes as non-URLs would be.
 *
 * <p>Other known differences from spaCy: Unicode properties (letters, numbers, whitespace, case mapping) come from
 * the JVM's Unicode tables, which may be a version older or newer than Python's, so characters assigned in between
 * can be classed differently. Like spaCy, chunk results are cached (per thread, bounded), which never changes
 * results; a word of the letters {@code a-z} that is no exception and starts no merge (checked with a filter built
 * from the tables at load time) skips the cache and is its own token. Thread-safe: each thread has its own cache
 * and buffers.
 *
 * <pre>{@code
 * List<String> tokens = WordSplitter.split("xxbos i don't like it :) see http://x.org/a-b");
 * // [xxbos, i, do, n't, like, it, :), see, http://x.org/a-b]
 * }</pre>
 */
public final class WordSplitter {
    // The work is done by package-private classes, one job each: SpacyRuleTables (the rules, loaded and checked),
    // AffixMatcher (where they match), ChunkSplitter (spaCy's algorithm on one chunk), TextScanner (the scans over a
    // text, with fastai's case rules), ChunkCache and CachedChunk (per-thread results and buffers), TokenBuffer (the
    // tokens of one text), MergeTrie (the special-case pass) and WordShortcuts (words added without the rules).

    private WordSplitter() {
    }

    /**
     * Splits {@code text} into spaCy's English tokens; whitespace other than single spaces is kept as tokens. The list
     * is fixed-size.
     */
    public static List<String> split(String text) {
        ChunkCache cache = ChunkCache.forThread();
        TokenBuffer tokens = cache.tokens.clear();
        TextScanner.splitChunks(text, cache, tokens);
        return Arrays.asList(MergeTrie.merge(tokens));
    }

    /**
     * {@link #split} of what fastai's three case rules ({@code replace_all_caps}, {@code replace_maj},
     * {@code lowercase}, which {@link FastaiRules#apply} runs last) make of {@code prepared}, the text after the rules
     * before them ({@link FastaiRules#applyBeforeCase}). Usually in one scan ({@link TextScanner#casedTokens}): each
     * whitespace-separated word gets the case rules' marker as a token of its own and is lowercased into a scratch
     * array, where it is looked up; no intermediate string is built. A text with a character whose lowercasing is not
     * one UTF-16 unit for one (a surrogate, U+0130, a mapping outside the BMP) or with the Greek capital sigma
     * (lowercased by context) takes the case rules first.
     */
    static String[] splitPrepared(String prepared) {
        return MergeTrie.merge(preparedTokens(prepared));
    }

    /** {@link #splitPrepared} in UTF-8, the form Spark keeps strings in. */
    static UTF8String[] splitPreparedUtf8(String prepared) {
        return toUtf8(preparedTokens(prepared));
    }

    /** {@link #splitPrepared} as Spark's binary array form of UTF-8 strings (see {@link Utf8Arrays}). */
    static ArrayData splitPreparedArrayData(String prepared) {
        TokenBuffer tokens = preparedTokens(prepared);
        if (tokens.mergeable && MergeTrie.anyChange(tokens)) {
            return Utf8Arrays.of(toUtf8(tokens));  // rare: decodes all tokens
        }
        return Utf8Arrays.of(tokens);
    }

    /** The tokens of {@link #splitPrepared} before the merge pass (the thread's buffer). */
    private static TokenBuffer preparedTokens(String prepared) {
        TokenBuffer tokens = TextScanner.casedTokens(prepared);
        if (tokens != null) {
            return tokens;
        }
        ChunkCache cache = ChunkCache.forThread();
        tokens = cache.tokens.clear();
        TextScanner.splitChunks(FastaiRules.applyCase(prepared), cache, tokens);
        return tokens;
    }

    /**
     * The tokens in UTF-8 after the merge pass: those whose UTF-8 form is known are shared (a cached chunk's tokens
     * are encoded once), the others encoded here.
     */
    private static UTF8String[] toUtf8(TokenBuffer tokens) {
        if (tokens.mergeable && MergeTrie.anyChange(tokens)) {
            String[] merged = MergeTrie.merge(tokens);  // rare: decodes all tokens
            UTF8String[] out = new UTF8String[merged.length];
            for (int i = 0; i < merged.length; i++) {
                out[i] = UTF8String.fromString(merged[i]);
            }
            return out;
        }
        int n = tokens.size;
        UTF8String[] out = new UTF8String[n];
        for (int i = 0; i < n; i++) {
            out[i] = tokens.utf8(i);
        }
        return out;
    }
}
