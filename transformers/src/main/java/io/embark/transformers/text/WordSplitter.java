package io.embark.transformers.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;
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
 * this class and compiled here into static patterns.
 *
 * <p>Performance guards that do not change results: suffixes are searched only in the last characters of a chunk
 * (all suffix rules but the dot ellipsis are at most 3 code points long). One that can: the URL rule is tried only
 * on chunks of at most {@value #MAX_URL_LENGTH} characters, so that a pathological megabyte-long chunk cannot
 * exhaust the stack inside the URL pattern; longer chunks are cut at infixes as non-URLs would be.
 *
 * <p>Other known differences from spaCy: Unicode properties (letters, numbers, whitespace, case mapping) come from
 * the JVM's Unicode tables, which may be a version older or newer than Python's, so characters assigned in between
 * can be classed differently. Like spaCy, chunk results are cached (per thread, bounded), which never changes
 * results; a word of the letters {@code a-z} that is no exception and starts no merge (checked with a filter built
 * from the tables at load time) skips the cache and is its own token.
 *
 * <pre>{@code
 * List<String> tokens = WordSplitter.split("xxbos i don't like it :) see http://x.org/a-b");
 * // [xxbos, i, do, n't, like, it, :), see, http://x.org/a-b]
 * }</pre>
 */
public final class WordSplitter {
    /** Longest chunk the URL rule is tried on. */
    public static final int MAX_URL_LENGTH = 4096;
    /** Suffix rules other than the ellipsis match at most this many UTF-16 units (3 code points). */
    private static final int SUFFIX_WINDOW = 8;

    /** Chunks per generation of the per-thread cache (see {@link ChunkCache}) and the longest chunk cached. */
    private static final int CACHE_SIZE = 12_000;
    private static final int MAX_CACHED_CHUNK = 64;
    private static final ThreadLocal<ChunkCache> CACHE = ThreadLocal.withInitial(ChunkCache::new);

    private static final Pattern PREFIX;
    /** spaCy's suffix rules, in order, each with the code points its matches can end with. */
    private static final String[] SUFFIX_RULES;
    private static final CodePointSet[] SUFFIX_RULE_LAST;
    /** For each ASCII last character, the alternation of the suffix rules that can end with it (null: none). */
    private static final Pattern[] SUFFIX_BY_ASCII = new Pattern[128];
    /** The same for other last characters, keyed by the set of rules, filled on first use. */
    private static final ConcurrentHashMap<BitSet, Optional<Pattern>> SUFFIX_BY_RULES = new ConcurrentHashMap<>();
    private static final Pattern INFIX;
    private static final Pattern URL;
    /** Code points a prefix match can start with, a suffix match end with, an infix match start with. */
    private static final CodePointSet PREFIX_FIRST;
    private static final CodePointSet SUFFIX_LAST;
    private static final CodePointSet INFIX_FIRST;
    /**
     * spaCy's symbol and emoji class, a rule of its own in each list. Java evaluates a character class of hundreds
     * of ranges slowly, so it is matched with a set lookup next to the regular expressions (see the find methods).
     */
    private static final CodePointSet ICONS;
    /** Chunks tokenized by a fixed rule: spaCy's English exceptions and fastai's special tokens. */
    private static final Map<String, List<String>> EXCEPTIONS;
    /** Token sequences that spell an exception containing affixes, as a trie on token texts. */
    private static final MergeNode MERGE_TRIE;
    /** A suffix rule that needs a digit right before its match (after a lookahead on its first character). */
    private static final Pattern AFTER_DIGIT_RULE =
            Pattern.compile("\\(\\?:\\(\\?=\\[[^\\]]*\\]\\)\\(\\?<=\\[0-9\\]\\).*");

    /** A special token the splitter adds itself, with its UTF-8 form and merge-trie node looked up once. */
    private record Marker(String text, byte[] utf8, MergeNode root) {
        static Marker of(String text) {
            return new Marker(text, text.getBytes(StandardCharsets.UTF_8), MERGE_TRIE.children.get(text));
        }
    }

    /**
     * The words of {@code a-z} that are exceptions or start a merge (see {@link #MERGE_TRIE}), as a filter on their
     * hashes: a word it does not contain is its own token.
     */
    private static final HashFilter LETTER_KEYS;
    /** All exceptions, as a filter on their hashes. */
    private static final HashFilter EXCEPTION_KEYS;
    /**
     * For the ASCII punctuation marks that spaCy's suffix rules split off alone after any of the letters {@code a-z}
     * (checked at load time, see {@link #plainSuffix}), the mark as a token; null for other characters.
     */
    private static final Marker[] PLAIN_SUFFIX = new Marker[128];
    /** {@code 's} as a token when the suffix rules always split it off after a word of {@code a-z}, else null. */
    private static final Marker POSSESSIVE;
    private static final Marker BOS;
    private static final Marker MAJ;
    private static final Marker UP;

    static {
        List<String> prefixes = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        List<String> infixes = new ArrayList<>();
        String url = null;
        Map<String, CodePointSet> quick = new HashMap<>();
        List<String> iconRules = new ArrayList<>();
        List<CodePointSet> suffixLast = new ArrayList<>();
        Map<String, List<String>> exceptions = new HashMap<>();
        try (InputStream in = WordSplitter.class.getResourceAsStream("spacy-en-tokenizer.txt")) {
            if (in == null) {
                throw new IllegalStateException("spacy-en-tokenizer.txt is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "prefix", "suffix", "infix" -> {
                        List<String> list = f[0].equals("prefix") ? prefixes : f[0].equals("suffix") ? suffixes : infixes;
                        if (f[1].equals("@icons")) {
                            iconRules.add(f[0] + ":" + list.size());
                        } else {
                            list.add("(?:" + f[1] + ")");
                            if (f[0].equals("suffix")) {
                                suffixLast.add(new CodePointSet(f[2]));
                            }
                        }
                    }
                    case "icons" -> quick.put("icons", new CodePointSet(f[1]));
                    case "url" -> url = f[1];
                    case "prefix-first", "suffix-last", "infix-first" -> quick.put(f[0], new CodePointSet(f[1]));
                    case "exception" -> {
                        List<String> toks = new ArrayList<>();
                        for (int i = 2; i < f.length; i++) {
                            toks.add(PyChars.fromHex(f[i]));
                        }
                        exceptions.put(PyChars.fromHex(f[1]), List.copyOf(toks));
                    }
                    default -> throw new IllegalStateException("spacy-en-tokenizer.txt: unknown line " + f[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (url == null || prefixes.isEmpty() || suffixes.isEmpty() || infixes.isEmpty() || quick.size() != 4) {
            throw new IllegalStateException("spacy-en-tokenizer.txt is incomplete");
        }
        PREFIX = Pattern.compile(String.join("|", prefixes));
        SUFFIX_RULES = suffixes.toArray(new String[0]);
        SUFFIX_RULE_LAST = suffixLast.toArray(new CodePointSet[0]);
        for (int c = 0; c < 128; c++) {
            SUFFIX_BY_ASCII[c] = suffixPattern(rulesEndingWith(c));
        }
        INFIX = Pattern.compile(String.join("|", infixes));
        URL = Pattern.compile(url);
        PREFIX_FIRST = quick.get("prefix-first");
        SUFFIX_LAST = quick.get("suffix-last");
        INFIX_FIRST = quick.get("infix-first");
        ICONS = quick.get("icons");
        // the set lookups below are equivalent to spaCy's order only where the icon rule comes last among the
        // prefixes (the first rule that matches wins) and right after the two ellipsis infixes (no infix rule consumes
        // an icon); for suffixes the position does not matter (the leftmost match wins, and an icon is the last one)
        iconRules.removeIf(r -> r.startsWith("suffix:"));
        if (!iconRules.equals(List.of("prefix:" + prefixes.size(), "infix:2"))) {
            throw new IllegalStateException("spacy-en-tokenizer.txt: unexpected position of the icon rules " + iconRules);
        }
        checkLettersHaveNoAffixes();
        for (String special : SpecialTokens.ALL) {
            exceptions.put(special, List.of(special));
        }
        EXCEPTIONS = Collections.unmodifiableMap(exceptions);

        // spaCy matches exceptions that contain affixes across the tokens the affix rules produce for them
        MERGE_TRIE = new MergeNode();
        List<String> keys = new ArrayList<>(EXCEPTIONS.keySet());
        Collections.sort(keys);
        for (String key : keys) {
            if (findPrefix(key) > 0 || INFIX_FIRST.containsAny(key) && INFIX.matcher(key).find() || findSuffix(key) > 0 || key.contains(" ")) {
                Tokens plain = new Tokens();
                splitChunks(key, null, plain);
                MergeNode node = MERGE_TRIE;
                for (int k = 0; k < plain.size; k++) {
                    node = node.children.computeIfAbsent(plain.text[k], x -> new MergeNode());
                }
                node.terminal = true;
            }
        }
        markChanges(MERGE_TRIE, new ArrayList<>());
        List<String> letterKeys = new ArrayList<>();
        for (String key : EXCEPTIONS.keySet()) {
            if (lowercaseLetters(key)) {
                letterKeys.add(key);
            }
        }
        for (String key : MERGE_TRIE.children.keySet()) {
            if (lowercaseLetters(key)) {
                letterKeys.add(key);
            }
        }
        LETTER_KEYS = new HashFilter(letterKeys);
        EXCEPTION_KEYS = new HashFilter(EXCEPTIONS.keySet());
        for (char c = '!'; c < 127; c++) {
            if (plainSuffix(c)) {
                PLAIN_SUFFIX[c] = Marker.of(String.valueOf(c));
            }
        }
        POSSESSIVE = possessiveSuffix() ? Marker.of("'s") : null;
        BOS = Marker.of(SpecialTokens.BOS);
        MAJ = Marker.of(SpecialTokens.TK_MAJ);
        UP = Marker.of(SpecialTokens.TK_UP);
    }

    private WordSplitter() {
    }

    /**
     * Checks the facts {@link #addLetters} and {@link #stripAffixes} rely on: no prefix can start, no infix contain and no icon be a letter
     * {@code a-z}, and a suffix rule that can end with one either needs a digit before its match or starts with an
     * apostrophe, so no affix rule can match inside a chunk made only of these letters.
     */
    private static void checkLettersHaveNoAffixes() {
        // a suffix rule that needs a digit right before its match (after a lookahead on its first character), and one
        // whose match starts with an apostrophe (' or U+2019)
        Pattern apostropheFirst = Pattern.compile("\\(\\?:\\\\x\\{(27|2019)\\}.*");
        for (char c = 'a'; c <= 'z'; c++) {
            if (PREFIX_FIRST.contains(c) || INFIX_FIRST.contains(c) || ICONS.contains(c)) {
                throw new IllegalStateException("spacy-en-tokenizer.txt: a prefix or infix can match " + c);
            }
            for (int i = 0; i < SUFFIX_RULES.length; i++) {
                if (SUFFIX_RULE_LAST[i].contains(c) && !AFTER_DIGIT_RULE.matcher(SUFFIX_RULES[i]).matches()
                        && !apostropheFirst.matcher(SUFFIX_RULES[i]).matches()) {
                    throw new IllegalStateException("spacy-en-tokenizer.txt: suffix rule " + SUFFIX_RULES[i]
                            + " can match letters alone");
                }
            }
        }
    }

    /**
     * Tokens and, for each, whether a single space followed it in the text, the merge-trie node it starts and, where
     * known (cached chunks, special tokens), its UTF-8 form for Spark.
     */
    private static final class Tokens implements Utf8Arrays.Elements {
        String[] text = new String[64];
        boolean[] space = new boolean[64];
        MergeNode[] roots = new MergeNode[64];
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
        /** Whether some token may start an affixed exception that changes tokens (see {@link MergeNode#leadsToChange}). */
        boolean mergeable;

        void add(String t) {
            add(t, MERGE_TRIE.children.get(t), null, 0, -1);
        }

        /**
         * Adds a token whose merge-trie node is {@code root} and whose UTF-8 bytes are {@code b[at, at + len)}
         * ({@code len} -1: not known yet).
         */
        void add(String t, MergeNode root, byte[] b, int at, int len) {
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

        /** Adds a case marker ({@code xxbos}, {@code xxmaj}, {@code xxup}), whose UTF-8 form is shared. */
        void addMarker(Marker m) {
            add(m.text, m.root, m.utf8, 0, m.utf8.length);
        }

        /** Empties the buffer for the next text (its arrays are kept). */
        Tokens clear() {
            size = 0;
            asciiUsed = 0;
            mergeable = false;
            return this;
        }
    }

    /** A node of {@link #MERGE_TRIE}: the next token texts, and whether the sequence so far spells an exception. */
    private static final class MergeNode {
        final Map<String, MergeNode> children = new HashMap<>();
        boolean terminal;
        /**
         * Whether merging the sequence can change tokens: some spelling of it (the tokens joined with or without a
         * single space between each two) is an exception whose tokens are not the sequence itself.
         */
        boolean changes;
        /** Whether this node or one below it {@link #changes} tokens. */
        boolean leadsToChange;
    }

    /** Sets {@link MergeNode#changes} on the terminal nodes under {@code node}, reached by the tokens {@code path}. */
    private static boolean markChanges(MergeNode node, List<String> path) {
        if (node.terminal) {
            // a long sequence is assumed to change tokens rather than trying its 2^(k-1) spellings
            node.changes = path.size() > 12;
            for (int mask = 0; !node.changes && mask < 1 << (path.size() - 1); mask++) {
                StringBuilder key = new StringBuilder(path.get(0));
                for (int k = 1; k < path.size(); k++) {
                    key.append((mask & 1 << (k - 1)) != 0 ? " " : "").append(path.get(k));
                }
                List<String> rule = EXCEPTIONS.get(key.toString());
                node.changes = rule != null && !rule.equals(path);
            }
        }
        node.leadsToChange = node.changes;
        for (Map.Entry<String, MergeNode> child : node.children.entrySet()) {
            path.add(child.getKey());
            node.leadsToChange |= markChanges(child.getValue(), path);
            path.remove(path.size() - 1);
        }
        return node.leadsToChange;
    }

    /**
     * A cached chunk: its text, its tokens and the merge-trie node each token starts (null: none). A chunk of at most
     * {@value #PACKED_CHARS} characters up to U+00FF is kept packed in two longs, and a chunk of one token keeps it in
     * a field, so that a lookup of a common word reads this object and no array.
     */
    private static final class Entry {
        static final int PACKED_CHARS = 16;
        final int hash;
        final int length;
        final long packed0;
        final long packed1;
        /** The chunk's text when it is not packed, else null. */
        final char[] key;
        final String first;
        final MergeNode firstRoot;
        /** All tokens and their roots when there are several, else null. */
        final String[] tokens;
        final MergeNode[] roots;
        /** The tokens' UTF-8 bytes, one after the other, and where each ends when there are several (else null). */
        final byte[] utf8;
        final int[] ends;

        Entry(int hash, char[] text, int start, int end, String[] tokens, MergeNode[] roots) {
            this.hash = hash;
            this.length = end - start;
            long[] p = new long[2];
            boolean packable = pack(text, start, end, p);
            this.packed0 = p[0];
            this.packed1 = p[1];
            this.key = packable ? null : Arrays.copyOfRange(text, start, end);
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
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
         * Packs {@code text[start, end)} into {@code out[0]} and {@code out[1]}, eight bits a character, when it has
         * at most {@value #PACKED_CHARS} characters, all up to U+00FF; returns whether it did.
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
        void addTo(Tokens out) {
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

    /**
     * Chunk results cached per thread by the chunk's text: open addressing on the chunk's hash, so a chunk of the text
     * is looked up without being copied out of it, and an entry keeps its key and tokens next to it in memory. Two
     * generations of at most {@value #CACHE_SIZE} chunks each bound the memory: new chunks enter the young one; when
     * it is full it becomes the old one (the previous old one is dropped), and a chunk found in the old one moves back
     * to the young one, so frequent chunks stay cached and only rare ones are computed again. Also holds the thread's
     * token buffer and scratch array, reused from one text to the next.
     */
    private static final class ChunkCache {
        private static final int BITS = 15;
        private static final int HOT_BITS = 12;
        /**
         * A small direct-mapped table in front of the generations, small enough to stay in the processor's cache:
         * a chunk found in a generation takes its slot, so the most frequent words are found here with one access.
         */
        private final Entry[] hot = new Entry[1 << HOT_BITS];
        private Entry[] young = new Entry[1 << BITS];
        private Entry[] old = new Entry[1 << BITS];
        private int youngSize;
        private final Tokens tokens = new Tokens();
        /** Scratch space for a lowercased word (see {@link #casedTokens}). */
        private char[] word = new char[256];
        /** Scratch space for the text being split (see {@link #casedTokens}). */
        private char[] text = new char[4096];

        /** Packed form of the chunk being looked up (see {@link Entry#pack}). */
        private final long[] packed = new long[2];

        /** The entry of {@code text[start, end)}, whose hash is {@code h}, or null. */
        Entry get(char[] text, int start, int end, int h) {
            boolean packable = Entry.pack(text, start, end, packed);
            long p0 = packed[0];
            long p1 = packed[1];
            int hotSlot = (h * 0x9E3779B9) >>> (32 - HOT_BITS);
            Entry e = hot[hotSlot];
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
        void put(char[] text, int start, int end, int h, Entry e) {
            if (youngSize >= CACHE_SIZE) {
                Entry[] dropped = old;
                old = young;
                young = dropped;
                Arrays.fill(young, null);
                youngSize = 0;
            }
            boolean packable = Entry.pack(text, start, end, packed);
            young[slot(young, text, start, end, h, packable, packed[0], packed[1])] = e;
            youngSize++;
        }

        /** Slot of {@code text[start, end)} with hash {@code h} in {@code entries}: its entry, or an empty slot. */
        private static int slot(Entry[] entries, char[] text, int start, int end, int h, boolean packable, long p0,
                long p1) {
            int mask = entries.length - 1;
            int i = (h * 0x9E3779B9) >>> (32 - BITS);
            for (Entry e = entries[i]; e != null; e = entries[i]) {
                if (e.matches(h, text, start, end, packable, p0, p1)) {
                    return i;
                }
                i = (i + 1) & mask;
            }
            return i;
        }
    }

    /**
     * Splits {@code text} into spaCy's English tokens; whitespace other than single spaces is kept as tokens. The list
     * is fixed-size (see {@link #splitToArray}).
     */
    public static List<String> split(String text) {
        return Arrays.asList(splitToArray(text));
    }

    /** {@link #split} as an array. */
    public static String[] splitToArray(String text) {
        return mergeExceptions(splitTokens(text));
    }

    private static Tokens splitTokens(String text) {
        ChunkCache cache = CACHE.get();
        Tokens tokens = cache.tokens.clear();
        splitChunks(text, cache, tokens);
        return tokens;
    }

    /** Longest text copied into the per-thread scratch array; longer ones get an array of their own. */
    private static final int MAX_SCRATCH_TEXT = 1 << 20;
    /** Longest word lowercased into the per-thread scratch array; longer ones get an array of their own. */
    private static final int MAX_SCRATCH_WORD = 1 << 14;

    /**
     * {@link #splitToArray} of what fastai's three case rules ({@code replace_all_caps}, {@code replace_maj},
     * {@code lowercase}, which {@link FastaiRules#apply} runs last) make of {@code prepared}, the text after the rules
     * before them. Usually in one scan ({@link #casedTokens}): each whitespace-separated word gets the case rules'
     * marker as a token of its own and is lowercased into a scratch array, where it is looked up; no intermediate
     * string is built. A text with a character whose lowercasing is not one UTF-16 unit for one (a surrogate, U+0130,
     * a mapping outside the BMP) or with the Greek capital sigma (lowercased by context) takes the case rules first.
     */
    static String[] splitPrepared(String prepared) {
        return mergeExceptions(preparedTokens(prepared));
    }

    /** {@link #splitPrepared} in UTF-8, the form Spark keeps strings in. */
    static UTF8String[] splitPreparedUtf8(String prepared) {
        return toUtf8(preparedTokens(prepared));
    }

    /** {@link #splitPrepared} as a Spark array of UTF-8 strings (see {@link #toArrayData(Tokens)}). */
    static ArrayData splitPreparedArrayData(String prepared) {
        return toArrayData(preparedTokens(prepared));
    }

    /** The tokens of {@link #splitPrepared} before the merge pass (the thread's buffer). */
    private static Tokens preparedTokens(String prepared) {
        Tokens tokens = casedTokens(prepared);
        return tokens != null ? tokens : splitTokens(FastaiRules.applyCase(prepared));
    }

    /** The tokens of {@link #splitPrepared} in one scan, before the merge pass (the thread's buffer), or null. */
    private static Tokens casedTokens(String text) {
        ChunkCache cache = CACHE.get();
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
        Tokens out = cache.tokens.clear();
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

    /** Whether {@code chunk} is tokenized by a fixed exception rule. */
    static boolean isException(String chunk) {
        return EXCEPTIONS.containsKey(chunk);
    }

    /**
     * Cuts {@code text} at whitespace into chunks, as spaCy does (whitespace code points are all in the BMP and no
     * surrogate is whitespace, so this scans UTF-16 units).
     */
    private static void splitChunks(String s, ChunkCache cache, Tokens out) {
        int n = s.length();
        if (n == 0) {
            return;
        }
        char[] text = s.toCharArray();
        boolean withExceptions = cache != null;
        int start = 0;
        boolean inSpace = PyChars.isSpace(text[0]);
        int h = 0;
        // whether the chunk so far has only the letters a-z (see addLetters)
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
     * {@link #splitChunk} of {@code text[start, end)} (whose {@link String#hashCode} is {@code h}) through a per-thread
     * cache of chunk results, as spaCy's tokenizer caches them: the tokens of a chunk depend on the chunk alone, and
     * in natural text a few thousand chunks make up most of the words. The cache's memory is bounded (see
     * {@link ChunkCache}).
     */
    private static void addChunk(char[] text, int start, int end, int h, boolean letters, ChunkCache cache,
            Tokens out) {
        if (cache == null || end - start > MAX_CACHED_CHUNK) {
            String chunk = new String(text, start, end - start);
            if (letters && cache != null) {
                addLetters(chunk, out);
            } else {
                splitChunk(chunk, cache != null, out);
            }
            return;
        }
        Entry e = cache.get(text, start, end, h);
        if (e == null) {
            int before = out.size;
            String chunk = new String(text, start, end - start);
            if (letters) {
                addLetters(chunk, out);
            } else {
                splitChunk(chunk, true, out);
            }
            e = new Entry(h, text, start, end, Arrays.copyOfRange(out.text, before, out.size),
                    Arrays.copyOfRange(out.roots, before, out.size));
            cache.put(text, start, end, h, e);
        } else {
            e.addTo(out);
        }
    }

    /**
     * {@link #splitChunk} of a chunk made only of the letters {@code a-z}: an exception's tokens, or the chunk itself.
     * No prefix starts and no infix contains such a letter, and every suffix rule that can end with one needs a digit
     * before its match or an apostrophe in it (the static initializer checks these facts on the tables).
     */
    private static void addLetters(String chunk, Tokens out) {
        if (!addException(chunk, out)) {
            out.add(chunk);
        }
    }

    private static void splitChunk(String chunk, boolean withExceptions, Tokens out) {
        if (withExceptions && addException(chunk, out)) {
            return;
        }
        List<String> prefixes = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        String core = stripAffixes(chunk, withExceptions, prefixes, suffixes);
        for (String p : prefixes) {
            out.add((p));
        }
        if (!core.isEmpty()) {
            if (withExceptions && addException(core, out)) {
                // done
            } else if (core.length() <= MAX_URL_LENGTH && core.indexOf('.') >= 0 && URL.matcher(core).matches()) {
                out.add((core));
            } else {
                splitInfixes(core, out);
            }
        }
        for (int i = suffixes.size() - 1; i >= 0; i--) {
            out.add((suffixes.get(i)));
        }
    }

    private static boolean addException(String chunk, Tokens out) {
        List<String> rule = EXCEPTIONS.get(chunk);
        if (rule == null) {
            return false;
        }
        for (String t : rule) {
            out.add((t));
        }
        return true;
    }

    /** spaCy's affix loop; returns what is left and fills {@code prefixes} and {@code suffixes} (outermost first). */
    private static String stripAffixes(String chunk, boolean withExceptions, List<String> prefixes,
            List<String> suffixes) {
        String s = chunk;
        int lastSize = -1;
        while (!s.isEmpty() && s.length() != lastSize) {
            if (withExceptions && EXCEPTIONS.containsKey(s) || lowercaseLetters(s)) {
                // no affix rule matches in a chunk of the letters a-z (see checkLettersHaveNoAffixes)
                break;
            }
            lastSize = s.length();
            int pre = findPrefix(s);
            String prefix = null;
            String minusPre = null;
            if (pre != 0) {
                prefix = s.substring(0, pre);
                minusPre = s.substring(pre);
                if (!minusPre.isEmpty() && withExceptions && EXCEPTIONS.containsKey(minusPre)) {
                    prefixes.add(prefix);
                    s = minusPre;
                    break;
                }
            }
            int suf = findSuffix(s.substring(pre));
            String suffix = null;
            String minusSuf = null;
            if (suf != 0) {
                suffix = s.substring(s.length() - suf);
                minusSuf = s.substring(0, s.length() - suf);
                if (!minusSuf.isEmpty() && withExceptions && EXCEPTIONS.containsKey(minusSuf)) {
                    suffixes.add(suffix);
                    s = minusSuf;
                    break;
                }
            }
            if (pre != 0 && suf != 0 && pre + suf <= s.length()) {
                prefixes.add(prefix);
                suffixes.add(suffix);
                s = s.substring(pre, s.length() - suf);
            } else if (pre != 0) {
                prefixes.add(prefix);
                s = minusPre;
            } else if (suf != 0) {
                suffixes.add(suffix);
                s = minusSuf;
            }
        }
        return s;
    }

    /**
     * Whether the affix loop, on a chunk of the letters {@code a-z} followed by {@code c}, always splits off exactly
     * {@code c} as a suffix: {@code c} is no letter or digit, every suffix rule that can end with it matches only it
     * (a literal {@code c}, or {@code c} after a positive lookbehind) or needs it twice, and the rules do split it off
     * after each letter. The letters then have no affix either (see {@link #checkLettersHaveNoAffixes}), so such a
     * chunk gives the letters' own tokens (an exception's, or the letters) and then {@code c}, unless the whole chunk
     * is an exception.
     */
    private static boolean plainSuffix(char c) {
        if (Character.isLetterOrDigit(c) || PyChars.isSpace(c)) {
            return false;
        }
        String hex = Pattern.quote("\\x{" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + "}");
        Pattern alone = Pattern.compile("\\(\\?:(?:\\(\\?=\\[" + hex + "\\]\\)\\(\\?<=[^()]*\\))?" + hex + "\\)");
        Pattern twice = Pattern.compile("\\(\\?:" + hex + "\\(\\?:" + hex + "\\)\\+\\)");
        BitSet rules = rulesEndingWith(c);
        for (int i = rules.nextSetBit(0); i >= 0; i = rules.nextSetBit(i + 1)) {
            if (!alone.matcher(SUFFIX_RULES[i]).matches() && !twice.matcher(SUFFIX_RULES[i]).matches()) {
                return false;
            }
        }
        for (char l = 'a'; l <= 'z'; l++) {
            if (findSuffix(l + String.valueOf(c)) != 1 || findSuffix("xy" + l + c) != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the affix loop, on a chunk of the letters {@code a-z} followed by {@code 's}, always splits off exactly
     * {@code 's}: every suffix rule that can end with {@code s} is {@code 's} itself, another apostrophe's {@code s}
     * (which needs that apostrophe) or a rule that needs a digit before its match (see
     * {@link #checkLettersHaveNoAffixes}), and the rules do split it off after each letter.
     */
    private static boolean possessiveSuffix() {
        Pattern apostropheS = Pattern.compile("\\(\\?:\\\\x\\{(27|2019)\\}s\\)");
        BitSet rules = rulesEndingWith('s');
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
            if (findSuffix(l + "'s") != 2 || findSuffix("xy" + l + "'s") != 2) {
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

    /** Whether {@code s} has only the letters {@code a-z}. */
    private static boolean lowercaseLetters(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if ((char) (s.charAt(i) - 'a') >= 26) {
                return false;
            }
        }
        return true;
    }

    private static int findPrefix(String s) {
        if (s.isEmpty() || !PREFIX_FIRST.contains(s.codePointAt(0))) {
            return 0;
        }
        Matcher m = PREFIX.matcher(s);
        if (m.lookingAt()) {
            return m.end();
        }
        int cp = s.codePointAt(0);
        return ICONS.contains(cp) ? Character.charCount(cp) : 0;
    }

    /** Length of the leftmost-starting suffix match that reaches the end of {@code s}, as Python's search finds. */
    private static int findSuffix(String s) {
        int n = s.length();
        if (n == 0 || !SUFFIX_LAST.contains(s.codePointBefore(n))) {
            return 0;
        }
        int from = Math.max(0, n - SUFFIX_WINDOW);
        while (from > 0 && s.charAt(from - 1) == '.') {
            from--;
        }
        if (from > 0 && Character.isLowSurrogate(s.charAt(from)) && Character.isHighSurrogate(s.charAt(from - 1))) {
            from--;
        }
        int last = s.codePointBefore(n);
        Pattern suffix = last < 128 ? SUFFIX_BY_ASCII[last]
                : SUFFIX_BY_RULES.computeIfAbsent(rulesEndingWith(last), r -> Optional.ofNullable(suffixPattern(r)))
                        .orElse(null);
        if (suffix == null) {
            return ICONS.contains(last) ? Character.charCount(last) : 0;
        }
        Matcher m = suffix.matcher(s);
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
        m.region(from, n);
        int start = m.find() ? m.start() : n;
        if (ICONS.contains(last)) {
            // a one-symbol match at the end; the leftmost start wins, and equal starts give equal lengths
            start = Math.min(start, n - Character.charCount(last));
        }
        return n - start;
    }

    private static void splitInfixes(String s, Tokens out) {
        if (!INFIX_FIRST.containsAny(s)) {
            out.add((s));
            return;
        }
        Matcher m = INFIX.matcher(s);
        int start = 0;
        int icon = nextIcon(s, 0);
        boolean found = m.find();
        while (found || icon < s.length()) {
            int a;
            int b;
            if (icon < s.length() && (!found || icon < m.start())) {
                a = icon;
                b = icon + Character.charCount(s.codePointAt(icon));
                icon = nextIcon(s, b);
            } else {
                a = m.start();
                b = m.end();
                found = m.find();
            }
            if (a == 0) {
                continue;
            }
            if (a != start) {
                out.add((s.substring(start, a)));
            }
            if (a != b) {
                out.add((s.substring(a, b)));
            }
            start = b;
        }
        if (start < s.length()) {
            out.add((s.substring(start)));
        }
    }

    /** The suffix rules whose matches can end with {@code cp}. */
    private static BitSet rulesEndingWith(int cp) {
        BitSet rules = new BitSet(SUFFIX_RULES.length);
        for (int i = 0; i < SUFFIX_RULES.length; i++) {
            if (SUFFIX_RULE_LAST[i].contains(cp)) {
                rules.set(i);
            }
        }
        return rules;
    }

    /**
     * The alternation of {@code rules} in spaCy's order, anchored at the end; null when empty. Leaving out rules
     * that cannot end with the text's last character does not change which match Python's search finds.
     */
    private static Pattern suffixPattern(BitSet rules) {
        if (rules.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = rules.nextSetBit(0); i >= 0; i = rules.nextSetBit(i + 1)) {
            b.append(b.length() == 0 ? "" : "|").append(SUFFIX_RULES[i]).append("\\z");
        }
        return Pattern.compile(b.toString());
    }

    /** Index of the first icon at or after {@code from}, or the length of {@code s}. */
    private static int nextIcon(String s, int from) {
        int i = from;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (ICONS.contains(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    /**
     * spaCy's special-case pass: runs of tokens whose texts spell an affixed exception are replaced by the
     * exception's tokens when nothing but the tokens themselves separates them; longer runs win, then earlier ones.
     */
    /**
     * Whether some run of tokens spells an exception that {@link MergeNode#changes} them. When none does, merging
     * leaves the tokens as they are: each span the merge pass may keep is either not an exception once joined or
     * one whose tokens are those of the span, so whichever spans it keeps, it writes the tokens back unchanged.
     */
    private static boolean anyChange(Tokens tokens) {
        int n = tokens.size;
        for (int start = 0; start < n; start++) {
            MergeNode node = tokens.roots[start];
            for (int end = start + 1; node != null && node.leadsToChange; end++) {
                if (node.changes) {
                    return true;
                }
                node = end < n ? node.children.get(tokens.text(end)) : null;
            }
        }
        return false;
    }

    /**
     * The tokens in UTF-8 after the merge pass: those whose UTF-8 form is known are shared (a cached chunk's tokens
     * are encoded once), the others encoded here.
     */
    private static UTF8String[] toUtf8(Tokens tokens) {
        if (tokens.mergeable && anyChange(tokens)) {
            String[] merged = mergeExceptions(tokens);  // rare: decodes all tokens
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

    /** The tokens after the merge pass as Spark's binary array form (see {@link Utf8Arrays}). */
    private static ArrayData toArrayData(Tokens tokens) {
        if (tokens.mergeable && anyChange(tokens)) {
            return Utf8Arrays.of(toUtf8(tokens));  // rare: decodes all tokens
        }
        return Utf8Arrays.of(tokens);
    }

    private static String[] mergeExceptions(Tokens tokens) {
        tokens.decodeAll();
        int n = tokens.size;
        if (!tokens.mergeable) {
            return Arrays.copyOf(tokens.text, n);
        }
        String[] text = tokens.text;
        if (!anyChange(tokens)) {
            return Arrays.copyOf(text, n);
        }
        List<int[]> matches = new ArrayList<>();
        for (int start = 0; start < n; start++) {
            MergeNode node = tokens.roots[start];
            for (int end = start + 1; node != null; end++) {
                if (node.terminal) {
                    matches.add(new int[] {start, end});
                }
                node = end < n ? node.children.get(text[end]) : null;
            }
        }
        if (matches.isEmpty()) {
            return Arrays.copyOf(text, n);
        }
        // longest first, and among equally long ones the earlier start first; a span is kept when neither its first
        // nor its last token was claimed by a span kept or rejected before it
        matches.sort((x, y) -> x[1] - x[0] != y[1] - y[0] ? (y[1] - y[0]) - (x[1] - x[0]) : x[0] - y[0]);
        boolean[] seen = new boolean[n];
        int[] keptEnd = new int[n];
        Arrays.fill(keptEnd, -1);
        for (int[] m : matches) {
            if (!seen[m[0]] && !seen[m[1] - 1]) {
                keptEnd[m[0]] = m[1];
            }
            for (int i = m[0]; i < m[1]; i++) {
                seen[i] = true;
            }
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; ) {
            int end = keptEnd[i];
            if (end < 0) {
                out.add(text[i++]);
                continue;
            }
            StringBuilder joined = new StringBuilder();
            for (int j = i; j < end; j++) {
                joined.append(text[j]);
                if (j < end - 1 && tokens.space[j]) {
                    joined.append(' ');
                }
            }
            List<String> rule = EXCEPTIONS.get(joined.toString());
            if (rule == null) {
                out.addAll(Arrays.asList(text).subList(i, end));
            } else {
                out.addAll(rule);
            }
            i = end;
        }
        return out.toArray(new String[0]);
    }
}
