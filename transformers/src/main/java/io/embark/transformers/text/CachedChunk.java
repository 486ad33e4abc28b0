package io.embark.transformers.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An entry of the {@link ChunkCache}: a chunk's text, its tokens, the {@link MergeTrie} node each token starts (null:
 * none) and the tokens' UTF-8 bytes, encoded once. A chunk of at most {@value #PACKED_CHARS} characters up to U+00FF
 * is kept packed in two longs, and a chunk of one token keeps it in a field, so that a lookup of a common word reads
 * this object and no array. Immutable.
 */
final class CachedChunk {
    static final int PACKED_CHARS = 16;
    final int hash;
    final int length;
    final long packed0;
    final long packed1;
    /** The chunk's text when it is not packed, else null. */
    final char[] key;
    final String first;
    final MergeTrie.Node firstRoot;
    /** All tokens and their roots when there are several, else null. */
    final String[] tokens;
    final MergeTrie.Node[] roots;
    /** The tokens' UTF-8 bytes, one after the other, and where each ends when there are several (else null). */
    final byte[] utf8;
    final int[] ends;

    /** The entry of {@code text[start, end)}, whose hash is {@code hash}, with its tokens and their trie nodes. */
    CachedChunk(int hash, char[] text, int start, int end, String[] tokens, MergeTrie.Node[] roots) {
        this.hash = hash;
        this.length = end - start;
        long[] p = new long[2];
        boolean packable = pack(text, start, end, p);
        this.packed0 = p[0];
        this.packed1 = p[1];
        this.key = packable ? null : Arrays.copyOfRange(text, start, end);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int[] e = new int[tokens.length];
        for (int k = 0; k < tokens.length; k++) {
            b.writeBytes(tokens[k].getBytes(StandardCharsets.UTF_8));
            e[k] = b.size();
        }
        this.first = tokens.length == 0 ? null : tokens[0];
        this.firstRoot = tokens.length == 0 ? null : roots[0];
        this.tokens = tokens.length == 1 ? null : tokens;
        this.roots = tokens.length == 1 ? null : roots;
        this.utf8 = b.toByteArray();
        this.ends = tokens.length == 1 ? null : e;
    }

    /** Whether this is the entry of {@code text[start, end)} (packed into {@code p0} and {@code p1} if it fits). */
    boolean matches(int h, char[] text, int start, int end, boolean packable, long p0, long p1) {
        if (hash != h || length != end - start) {
            return false;
        }
        return packable ? key == null && packed0 == p0 && packed1 == p1
                : key != null && Arrays.equals(key, 0, length, text, start, end);
    }

    /**
     * Packs {@code text[start, end)} into {@code out[0]} and {@code out[1]}, eight bits a character, when it has at
     * most {@value #PACKED_CHARS} characters, all up to U+00FF; returns whether it did.
     */
    static boolean pack(char[] text, int start, int end, long[] out) {
        out[0] = 0;
        out[1] = 0;
        if (end - start > PACKED_CHARS) {
            return false;
        }
        long p0 = 0;
        long p1 = 0;
        int any = 0;
        for (int k = start; k < end; k++) {
            char c = text[k];
            any |= c;
            int bit = ((k - start) & 7) << 3;
            if (k - start < 8) {
                p0 |= (long) c << bit;
            } else {
                p1 |= (long) c << bit;
            }
        }
        if (any > 0xFF) {
            return false;
        }
        out[0] = p0;
        out[1] = p1;
        return true;
    }

    /** Adds the tokens to {@code out}. */
    void addTo(TokenBuffer out) {
        if (tokens == null) {
            out.add(first, firstRoot, utf8, 0, utf8.length);
        } else {
            for (int k = 0, at = 0; k < tokens.length; k++) {
                out.add(tokens[k], roots[k], utf8, at, ends[k] - at);
                at = ends[k];
            }
        }
    }
}
