package io.embark.transformers.text;

import java.util.Arrays;

/**
 * A thread's working memory for splitting: chunk results cached by the chunk's text, and the token buffer and
 * scratch arrays reused from one text to the next. spaCy caches chunk results too: the tokens of a chunk depend on
 * the chunk alone, and in natural text a few thousand chunks make up most of the words, so caching never changes
 * results.
 *
 * <p>The cache is open addressing on the chunk's hash, so a chunk of the text is looked up without being copied out
 * of it, and an entry ({@link CachedChunk}) keeps its key and tokens next to it in memory. Two generations of at most
 * {@value #CACHE_SIZE} chunks each bound the memory: new chunks enter the young one; when it is full it becomes the
 * old one (the previous old one is dropped), and a chunk found in the old one moves back to the young one, so
 * frequent chunks stay cached and only rare ones are computed again. Chunks longer than {@value #MAX_CACHED_CHUNK}
 * characters are not cached. Not thread-safe: {@link #forThread} gives each thread its own.
 */
final class ChunkCache {
    /** Chunks per generation, and the longest chunk cached. */
    static final int CACHE_SIZE = 12_000;
    static final int MAX_CACHED_CHUNK = 64;
    private static final ThreadLocal<ChunkCache> CACHE = ThreadLocal.withInitial(ChunkCache::new);

    private static final int BITS = 15;
    private static final int HOT_BITS = 12;
    /**
     * A small direct-mapped table in front of the generations, small enough to stay in the processor's cache:
     * a chunk found in a generation takes its slot, so the most frequent words are found here with one access.
     */
    private final CachedChunk[] hot = new CachedChunk[1 << HOT_BITS];
    private CachedChunk[] young = new CachedChunk[1 << BITS];
    private CachedChunk[] old = new CachedChunk[1 << BITS];
    private int youngSize;
    /** The thread's token buffer. */
    final TokenBuffer tokens = new TokenBuffer(MergeTrie.ROOT);
    /** Scratch space for a lowercased word (see {@link TextScanner#casedTokens}). */
    char[] word = new char[256];
    /** Scratch space for the text being split (see {@link TextScanner#casedTokens}). */
    char[] text = new char[4096];

    /** Packed form of the chunk being looked up (see {@link CachedChunk#pack}). */
    private final long[] packed = new long[2];

    private ChunkCache() {
    }

    /** The calling thread's cache, created on its first call. */
    static ChunkCache forThread() {
        return CACHE.get();
    }

    /** The entry of {@code text[start, end)}, whose hash is {@code h}, or null. */
    CachedChunk get(char[] text, int start, int end, int h) {
        boolean packable = CachedChunk.pack(text, start, end, packed);
        long p0 = packed[0];
        long p1 = packed[1];
        int hotSlot = (h * 0x9E3779B9) >>> (32 - HOT_BITS);
        CachedChunk e = hot[hotSlot];
        if (e != null && e.matches(h, text, start, end, packable, p0, p1)) {
            return e;
        }
        e = young[slot(young, text, start, end, h, packable, p0, p1)];
        if (e == null) {
            e = old[slot(old, text, start, end, h, packable, p0, p1)];
            if (e != null) {
                put(text, start, end, h, e);
            }
        }
        if (e != null) {
            hot[hotSlot] = e;
        }
        return e;
    }

    /** Adds the entry of {@code text[start, end)}, which is not in the young generation. */
    void put(char[] text, int start, int end, int h, CachedChunk e) {
        if (youngSize >= CACHE_SIZE) {
            CachedChunk[] dropped = old;
            old = young;
            young = dropped;
            Arrays.fill(young, null);
            youngSize = 0;
        }
        boolean packable = CachedChunk.pack(text, start, end, packed);
        young[slot(young, text, start, end, h, packable, packed[0], packed[1])] = e;
        youngSize++;
    }

    /** Slot of {@code text[start, end)} with hash {@code h} in {@code entries}: its entry, or an empty slot. */
    private static int slot(CachedChunk[] entries, char[] text, int start, int end, int h, boolean packable, long p0,
            long p1) {
        int mask = entries.length - 1;
        int i = (h * 0x9E3779B9) >>> (32 - BITS);
        for (CachedChunk e = entries[i]; e != null; e = entries[i]) {
            if (e.matches(h, text, start, end, packable, p0, p1)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }
}
