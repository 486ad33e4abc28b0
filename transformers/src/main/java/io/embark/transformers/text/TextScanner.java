package io.embark.transformers.text;

import java.util.Arrays;

import static io.embark.transformers.text.WordShortcuts.BOS;
import static io.embark.transformers.text.WordShortcuts.EXCEPTION_KEYS;
import static io.embark.transformers.text.WordShortcuts.LETTER_KEYS;
import static io.embark.transformers.text.WordShortcuts.MAJ;
import static io.embark.transformers.text.WordShortcuts.PLAIN_SUFFIX;
import static io.embark.transformers.text.WordShortcuts.POSSESSIVE;
import static io.embark.transformers.text.WordShortcuts.UP;

/**
 * The splitter's scans over a whole text: it is cut at whitespace into chunks, as spaCy does (a single space between
 * two chunks is dropped and recorded on the token before it, any other whitespace run becomes a chunk of its own),
 * and each chunk's tokens come from the thread's {@link ChunkCache} or, on a miss, from {@link ChunkSplitter}.
 * {@link #casedTokens} also applies fastai's case rules in the same scan. Whitespace code points are all in the BMP
 * and no surrogate is whitespace, so both scans read UTF-16 units, and each chunk's hash is computed as it is read.
 */
final class TextScanner {
    /** Longest text copied into the per-thread scratch array; longer ones get an array of their own. */
    private static final int MAX_SCRATCH_TEXT = 1 << 20;
    /** Longest word lowercased into the per-thread scratch array; longer ones get an array of their own. */
    private static final int MAX_SCRATCH_WORD = 1 << 14;

    private TextScanner() {
    }

    /**
     * Adds the tokens of {@code s} to {@code out}, chunk by chunk; without a cache (null) the chunks are split by
     * the affix and infix rules alone, without exceptions (see {@link ChunkSplitter}).
     */
    static void splitChunks(String s, ChunkCache cache, TokenBuffer out) {
        int n = s.length();
        if (n == 0) {
            return;
        }
        char[] text = s.toCharArray();
        int start = 0;
        boolean inSpace = PyChars.isSpace(text[0]);
        int h = 0;
        // whether the chunk so far has only the letters a-z (see ChunkSplitter.addLetters)
        boolean letters = true;
        for (int i = 0; i < n; i++) {
            char c = text[i];
            boolean space = c <= ' ' ? PyChars.isSpace(c) : c >= 0x85 && PyChars.isSpace(c);
            if (space != inSpace) {
                if (start < i) {
                    addChunk(text, start, i, h, letters && !inSpace, cache, out);
                }
                if (c == ' ') {
                    out.space[out.size - 1] = true;
                    start = i + 1;
                    h = 0;
                } else {
                    start = i;
                    h = c;
                }
                letters = (char) (c - 'a') < 26;
                inSpace = !inSpace;
            } else {
                h = 31 * h + c;
                letters &= (char) (c - 'a') < 26;
            }
        }
        if (start < n) {
            addChunk(text, start, n, h, letters && !inSpace, cache, out);
        }
    }

    /**
     * The tokens, before the merge pass, of what fastai's three case rules ({@code replace_all_caps},
     * {@code replace_maj}, {@code lowercase}) make of {@code text}, in one scan, in the thread's buffer; null when the
     * text needs the case rules run first. Each whitespace-separated word gets the case rules' marker as a token of
     * its own and is lowercased into a scratch array, where it is looked up (see {@link WordShortcuts} for the words
     * added without a lookup); no intermediate string is built. A text with a character whose lowercasing is not one
     * UTF-16 unit for one (a surrogate, U+0130, a mapping outside the BMP) or with the Greek capital sigma (lowercased
     * by context) gives null.
     */
    static TokenBuffer casedTokens(String text) {
        ChunkCache cache = ChunkCache.forThread();
        int length = text.length();
        char[] in = cache.text;
        if (length > in.length) {
            in = new char[Math.max(length, 2 * in.length)];
            if (in.length <= MAX_SCRATCH_TEXT) {
                cache.text = in;
            }
        }
        text.getChars(0, length, in, 0);
        int start = 0;
        int end = length;
        while (start < end && PyChars.isSpace(in[start])) {
            start++;
        }
        while (end > start && PyChars.isSpace(in[end - 1])) {
            end--;
        }
        TokenBuffer out = cache.tokens.clear();
        // "xxbos " starts the rules' output
        out.addMarker(BOS);
        out.space[0] = true;
        int i = start;
        while (i < end) {
            char c = in[i];
            if (PyChars.isSpace(c)) {
                // a whitespace run: a leading space separates, the rest is a chunk of its own
                int j = i + 1;
                int h = c == ' ' ? 0 : c;
                while (j < end && PyChars.isSpace(in[j])) {
                    h = 31 * h + in[j++];
                }
                if (c == ' ') {
                    out.space[out.size - 1] = true;
                }
                if (j - i > 1 || c != ' ') {
                    addChunk(in, c == ' ' ? i + 1 : i, j, h, false, cache, out);
                }
                i = j;
                continue;
            }
            int wordStart = i;
            while (i < end && !(in[i] <= ' ' ? PyChars.isSpace(in[i]) : in[i] >= 0x85 && PyChars.isSpace(in[i]))) {
                i++;
            }
            int len = i - wordStart;
            char[] lower = cache.word;
            if (len > lower.length) {
                lower = new char[len];
                if (len <= MAX_SCRATCH_WORD) {
                    cache.word = lower;
                }
            }
            boolean hasLower = false;
            boolean laterUpper = false;
            boolean letters = true;
            int nonLetters = 0;
            int h = 0;
            // hashes of all but the last character, and of all but the last two
            int head = 0;
            int head2 = 0;
            for (int k = 0; k < len; k++) {
                char d = in[wordStart + k];
                if (d < 0x80) {
                    if (d >= 'a' && d <= 'z') {
                        hasLower = true;
                    } else if (d >= 'A' && d <= 'Z') {
                        laterUpper |= k > 0;
                        d += 'a' - 'A';
                    } else {
                        letters = false;
                        nonLetters++;
                    }
                } else {
                    int l = Character.toLowerCase((int) d);
                    if (l > 0xFFFF || d == '\u0130' || d == '\u03A3' || Character.isSurrogate(d)) {
                        return null;
                    }
                    d = (char) l;
                    letters = false;
                    nonLetters++;
                }
                lower[k] = d;
                head2 = head;
                head = h;
                h = 31 * h + d;
            }
            // without surrogates every unit is a code point: a word of one is never marked
            if (c >= 'A' && c <= 'Z' && len > 1 && (!hasLower || !laterUpper)) {
                out.addMarker(hasLower ? MAJ : UP);
                out.space[out.size - 1] = true;
            }
            char last = lower[len - 1];
            if (letters && !LETTER_KEYS.mayContain(h)) {
                // a word of a-z that is no exception and starts no merge: its own token, kept as bytes
                out.addAscii(lower, len);
            } else if (nonLetters == 1 && len > 1 && last < 128 && PLAIN_SUFFIX[last] != null
                    && !LETTER_KEYS.mayContain(head) && !EXCEPTION_KEYS.mayContain(h)) {
                // such a word followed by one punctuation mark that spaCy's suffix rules split off on its own
                out.addAscii(lower, len - 1);
                out.addMarker(PLAIN_SUFFIX[last]);
            } else if (nonLetters == 1 && len > 2 && last == 's' && lower[len - 2] == '\'' && POSSESSIVE != null
                    && !LETTER_KEYS.mayContain(head2) && !EXCEPTION_KEYS.mayContain(h)) {
                // such a word followed by 's, which the suffix rules split off
                out.addAscii(lower, len - 2);
                out.addMarker(POSSESSIVE);
            } else {
                addChunk(lower, 0, len, h, letters, cache, out);
            }
        }
        return out;
    }

    /**
     * Adds the tokens of the chunk {@code text[start, end)}, whose {@link String#hashCode} is {@code h}, through
     * {@code cache}; without a cache (null) the chunk is split without exceptions. {@code letters}: the chunk has
     * only the letters {@code a-z}, which no affix rule matches.
     */
    private static void addChunk(char[] text, int start, int end, int h, boolean letters, ChunkCache cache,
            TokenBuffer out) {
        if (cache == null || end - start > ChunkCache.MAX_CACHED_CHUNK) {
            String chunk = new String(text, start, end - start);
            if (letters && cache != null) {
                ChunkSplitter.addLetters(chunk, out);
            } else {
                ChunkSplitter.splitChunk(chunk, cache != null, out);
            }
            return;
        }
        CachedChunk e = cache.get(text, start, end, h);
        if (e == null) {
            int before = out.size;
            String chunk = new String(text, start, end - start);
            if (letters) {
                ChunkSplitter.addLetters(chunk, out);
            } else {
                ChunkSplitter.splitChunk(chunk, true, out);
            }
            e = new CachedChunk(h, text, start, end, Arrays.copyOfRange(out.text, before, out.size),
                    Arrays.copyOfRange(out.roots, before, out.size));
            cache.put(text, start, end, h, e);
        } else {
            e.addTo(out);
        }
    }
}
