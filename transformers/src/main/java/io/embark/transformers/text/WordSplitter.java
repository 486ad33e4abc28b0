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
 * results.
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

    /** Chunks cached per thread (see {@link #addChunk}) and the longest chunk that is cached. */
    private static final int CACHE_SIZE = 50_000;
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
                splitChunks(key, false, plain);
                MergeNode node = MERGE_TRIE;
                for (int k = 0; k < plain.size; k++) {
                    node = node.children.computeIfAbsent(plain.text[k], x -> new MergeNode());
                }
                node.terminal = true;
            }
        }
    }

    private WordSplitter() {
    }

    /** Tokens and, for each, whether a single space followed it in the text and the merge-trie node it starts. */
    private static final class Tokens {
        String[] text = new String[64];
        boolean[] space = new boolean[64];
        MergeNode[] roots = new MergeNode[64];
        int size;
        /** Whether some token may start an affixed exception (a key of the merge trie's root). */
        boolean mergeable;

        void add(String t) {
            add(t, MERGE_TRIE.children.get(t));
        }

        void add(String t, MergeNode root) {
            if (size == text.length) {
                text = Arrays.copyOf(text, 2 * size);
                space = Arrays.copyOf(space, 2 * size);
                roots = Arrays.copyOf(roots, 2 * size);
            }
            roots[size] = root;
            mergeable |= root != null;
            text[size++] = t;
        }
    }

    /** A node of {@link #MERGE_TRIE}: the next token texts, and whether the sequence so far spells an exception. */
    private static final class MergeNode {
        final Map<String, MergeNode> children = new HashMap<>();
        boolean terminal;
    }

    /** A cached chunk: its text, its tokens and the merge-trie node each token starts (null: none). */
    private static final class Entry {
        final int hash;
        final char[] key;
        final String[] tokens;
        final MergeNode[] roots;

        Entry(int hash, char[] key, String[] tokens, MergeNode[] roots) {
            this.hash = hash;
            this.key = key;
            this.tokens = tokens;
            this.roots = roots;
        }
    }

    /**
     * Chunk results cached per thread by the chunk's text: open addressing on the chunk's hash, so a chunk of the text
     * is looked up without being copied out of it, and an entry keeps its key and tokens next to it in memory.
     */
    private static final class ChunkCache {
        private static final int BITS = 17;
        private final Entry[] entries = new Entry[1 << BITS];
        private int size;

        /** Slot of {@code text[start, end)} with hash {@code h}: its entry, or the empty slot it would take. */
        int slot(char[] text, int start, int end, int h) {
            int mask = entries.length - 1;
            int i = (h * 0x9E3779B9) >>> (32 - BITS);
            for (Entry e = entries[i]; e != null; e = entries[i]) {
                if (e.hash == h && Arrays.equals(e.key, 0, e.key.length, text, start, end)) {
                    return i;
                }
                i = (i + 1) & mask;
            }
            return i;
        }

        void put(char[] text, int start, int end, int h, Entry e) {
            if (size >= CACHE_SIZE) {
                Arrays.fill(entries, null);
                size = 0;
            }
            entries[slot(text, start, end, h)] = e;
            size++;
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
        Tokens tokens = new Tokens();
        splitChunks(text, true, tokens);
        return mergeExceptions(tokens);
    }

    /** Whether {@code chunk} is tokenized by a fixed exception rule. */
    static boolean isException(String chunk) {
        return EXCEPTIONS.containsKey(chunk);
    }

    /**
     * Cuts {@code text} at whitespace into chunks, as spaCy does (whitespace code points are all in the BMP and no
     * surrogate is whitespace, so this scans UTF-16 units).
     */
    private static void splitChunks(String s, boolean withExceptions, Tokens out) {
        int n = s.length();
        if (n == 0) {
            return;
        }
        char[] text = s.toCharArray();
        ChunkCache cache = withExceptions ? CACHE.get() : null;
        int start = 0;
        boolean inSpace = PyChars.isSpace(text[0]);
        int h = 0;
        for (int i = 0; i < n; i++) {
            char c = text[i];
            boolean space = c <= ' ' ? PyChars.isSpace(c) : c >= 0x85 && PyChars.isSpace(c);
            if (space != inSpace) {
                if (start < i) {
                    addChunk(text, start, i, h, cache, withExceptions, out);
                }
                if (c == ' ') {
                    out.space[out.size - 1] = true;
                    start = i + 1;
                    h = 0;
                } else {
                    start = i;
                    h = c;
                }
                inSpace = !inSpace;
            } else {
                h = 31 * h + c;
            }
        }
        if (start < n) {
            addChunk(text, start, n, h, cache, withExceptions, out);
        }
    }

    /**
     * {@link #splitChunk} of {@code text[start, end)} (whose {@link String#hashCode} is {@code h}) through a per-thread
     * cache of chunk results, as spaCy's tokenizer caches them: the tokens of a chunk depend on the chunk alone, and
     * in natural text a few thousand chunks make up most of the words. The cache is cleared when it reaches
     * {@value #CACHE_SIZE} chunks, so its memory stays bounded.
     */
    private static void addChunk(char[] text, int start, int end, int h, ChunkCache cache, boolean withExceptions,
            Tokens out) {
        if (cache == null || end - start > MAX_CACHED_CHUNK) {
            splitChunk(new String(text, start, end - start), withExceptions, out);
            return;
        }
        int slot = cache.slot(text, start, end, h);
        Entry e = cache.entries[slot];
        if (e == null) {
            int before = out.size;
            splitChunk(new String(text, start, end - start), true, out);
            e = new Entry(h, Arrays.copyOfRange(text, start, end), Arrays.copyOfRange(out.text, before, out.size),
                    Arrays.copyOfRange(out.roots, before, out.size));
            cache.put(text, start, end, h, e);
        } else {
            for (int k = 0; k < e.tokens.length; k++) {
                out.add(e.tokens[k], e.roots[k]);
            }
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
            if (withExceptions && EXCEPTIONS.containsKey(s)) {
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
    private static String[] mergeExceptions(Tokens tokens) {
        int n = tokens.size;
        if (!tokens.mergeable) {
            return Arrays.copyOf(tokens.text, n);
        }
        String[] text = tokens.text;
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
