package io.embark.transformers.text;

import java.util.Collection;

/**
 * A set of strings kept as one bit per {@link String#hashCode} bucket (64K bits, 8 KB): {@link #mayContain} never
 * misses a member and rarely claims a non-member, and it is asked with a hash the caller has already computed, so a
 * word scanned character by character needs no string to be looked up. {@link WordShortcuts} uses it to tell, without
 * touching the tables, that a word is no exception.
 */
final class HashFilter {
    private static final int BITS = 16;
    private final long[] words = new long[(1 << BITS) / 64];

    /** A filter holding {@code keys}. */
    HashFilter(Collection<String> keys) {
        for (String k : keys) {
            int b = bit(k.hashCode());
            words[b >>> 6] |= 1L << b;
        }
    }

    private static int bit(int hash) {
        return (hash * 0x9E3779B9) >>> (32 - BITS);
    }

    /** Whether a string whose {@link String#hashCode} is {@code hash} may be in the set (false: it is not). */
    boolean mayContain(int hash) {
        int b = bit(hash);
        return (words[b >>> 6] & 1L << b) != 0;
    }
}
