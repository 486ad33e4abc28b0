package io.embark.transformers.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.spark.unsafe.types.UTF8String;

/**
 * The tokens of one text as the splitter produces them, in growable parallel arrays reused from one text to the
 * next: each token's text, whether a single space followed it in the text, the {@link MergeTrie} node it starts and,
 * where known (cached chunks, markers, words added as bytes), its UTF-8 form for Spark. Adding a token allocates
 * nothing unless an array has to grow. Not thread-safe: each thread has its own (see {@link ChunkCache}).
 */
final class TokenBuffer implements Utf8Arrays.Elements {
    /** A token the splitter adds itself, with its UTF-8 form and merge-trie node looked up once. */
    record Marker(String text, byte[] utf8, MergeTrie.Node root) {
        static Marker of(String text) {
            return new Marker(text, text.getBytes(StandardCharsets.UTF_8), MergeTrie.ROOT.children.get(text));
        }
    }

    /** The trie whose first-level nodes {@link #add(String)} looks tokens up in. */
    private final MergeTrie.Node trie;
    String[] text = new String[64];
    boolean[] space = new boolean[64];
    MergeTrie.Node[] roots = new MergeTrie.Node[64];
    /**
     * Each token's UTF-8 bytes, where known: {@code bytes[i][bytesAt[i], bytesAt[i] + bytesLen[i])} (length -1:
     * not known yet, {@link #text} holds the token). Cached chunks share their entry's bytes; words added with
     * {@link #addAscii} are in {@link #ascii}.
     */
    byte[][] bytes = new byte[64][];
    int[] bytesAt = new int[64];
    int[] bytesLen = new int[64];
    byte[] ascii = new byte[4096];
    int asciiUsed;
    int size;
    /** Whether some token may start an affixed exception that changes tokens (see {@link MergeTrie.Node#leadsToChange}). */
    boolean mergeable;

    /** An empty buffer whose tokens added by text start the nodes below {@code trie}. */
    TokenBuffer(MergeTrie.Node trie) {
        this.trie = trie;
    }

    /** Adds token {@code t}, whose merge-trie node is looked up and whose UTF-8 form is not known yet. */
    void add(String t) {
        add(t, trie.children.get(t), null, 0, -1);
    }

    /**
     * Adds a token whose merge-trie node is {@code root} and whose UTF-8 bytes are {@code b[at, at + len)}
     * ({@code len} -1: not known yet).
     */
    void add(String t, MergeTrie.Node root, byte[] b, int at, int len) {
        if (size == text.length) {
            text = Arrays.copyOf(text, 2 * size);
            space = Arrays.copyOf(space, 2 * size);
            roots = Arrays.copyOf(roots, 2 * size);
            bytes = Arrays.copyOf(bytes, 2 * size);
            bytesAt = Arrays.copyOf(bytesAt, 2 * size);
            bytesLen = Arrays.copyOf(bytesLen, 2 * size);
        }
        roots[size] = root;
        mergeable |= root != null && root.leadsToChange;
        space[size] = false;
        bytes[size] = b;
        bytesAt[size] = at;
        bytesLen[size] = len;
        text[size++] = t;
    }

    /**
     * Adds the token {@code chars[0, len)}, all ASCII, that starts no merge, as bytes in this buffer: no string is
     * made unless the text is asked for ({@link #text(int)}, {@link #utf8(int)}).
     */
    void addAscii(char[] chars, int len) {
        if (asciiUsed + len > ascii.length) {
            ascii = Arrays.copyOf(ascii, Math.max(2 * ascii.length, asciiUsed + len));
        }
        byte[] b = ascii;
        int at = asciiUsed;
        for (int k = 0; k < len; k++) {
            b[at + k] = (byte) chars[k];
        }
        asciiUsed = at + len;
        // a later growth of the buffer copies it, so the bytes stay valid where they are
        add(null, null, b, at, len);
    }

    /** Adds a marker ({@code xxbos}, {@code xxmaj}, {@code xxup}, a split-off suffix), whose UTF-8 form is shared. */
    void addMarker(Marker m) {
        add(m.text, m.root, m.utf8, 0, m.utf8.length);
    }

    /** The text of token {@code i}, decoded if it was added as bytes only. */
    String text(int i) {
        String t = text[i];
        if (t == null) {
            t = new String(bytes[i], bytesAt[i], bytesLen[i], StandardCharsets.UTF_8);
            text[i] = t;
        }
        return t;
    }

    /** The UTF-8 form of token {@code i}, a copy (the buffers are reused for the next text). */
    UTF8String utf8(int i) {
        int len = utf8Length(i);
        return UTF8String.fromBytes(Arrays.copyOfRange(bytes[i], bytesAt[i], bytesAt[i] + len));
    }

    @Override
    public int count() {
        return size;
    }

    /** Length in UTF-8 bytes of token {@code i}. */
    @Override
    public int utf8Length(int i) {
        int len = bytesLen[i];
        if (len < 0) {
            // as Spark encodes strings (a lone surrogate becomes '?')
            byte[] b = text[i].getBytes(StandardCharsets.UTF_8);
            bytes[i] = b;
            bytesAt[i] = 0;
            bytesLen[i] = b.length;
            len = b.length;
        }
        return len;
    }

    /** Writes token {@code i} in UTF-8 at {@code offset} of {@code out}. */
    @Override
    public void writeUtf8(int i, byte[] out, int offset) {
        System.arraycopy(bytes[i], bytesAt[i], out, offset, utf8Length(i));
    }

    /** Gives every token its text (see {@link #text(int)}). */
    void decodeAll() {
        for (int i = 0; i < size; i++) {
            text(i);
        }
    }

    /** Empties the buffer for the next text (its arrays are kept). */
    TokenBuffer clear() {
        size = 0;
        asciiUsed = 0;
        mergeable = false;
        return this;
    }
}
