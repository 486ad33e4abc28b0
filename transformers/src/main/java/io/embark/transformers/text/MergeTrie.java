package io.embark.transformers.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.embark.transformers.text.SpacyRuleTables.EXCEPTIONS;

/**
 * spaCy's special-case pass. An exception that contains affixes or a space ({@code :)}, {@code a.m.}) is cut by the
 * affix rules before it can be looked up, so spaCy matches it afterwards across the tokens those rules produce for
 * it: {@code hello:)} gives {@code hello} {@code :} {@code )} and then {@code hello :)}. The token sequences that
 * spell such exceptions are kept as a trie on token texts, built once from {@link SpacyRuleTables#EXCEPTIONS}; each
 * token in a {@link TokenBuffer} records the first-level node it starts, so the pass walks the trie without hashing
 * the first token again, and a text none of whose tokens leads to a change skips the pass.
 */
final class MergeTrie {
    /** A node of the trie: the next token texts, and whether the sequence so far spells an exception. */
    static final class Node {
        final Map<String, Node> children = new HashMap<>();
        boolean terminal;
        /**
         * Whether merging the sequence can change tokens: some spelling of it (the tokens joined with or without a
         * single space between each two) is an exception whose tokens are not the sequence itself.
         */
        boolean changes;
        /** Whether this node or one below it {@link #changes} tokens. */
        boolean leadsToChange;
    }

    /** The root; its children are the tokens a merge can start with. */
    static final Node ROOT;

    static {
        Node root = new Node();
        List<String> keys = new ArrayList<>(EXCEPTIONS.keySet());
        Collections.sort(keys);
        for (String key : keys) {
            if (AffixMatcher.findPrefix(key) > 0 || AffixMatcher.hasInfix(key) || AffixMatcher.findSuffix(key) > 0
                    || key.contains(" ")) {
                TokenBuffer plain = new TokenBuffer(root);
                TextScanner.splitChunks(key, null, plain);
                Node node = root;
                for (int k = 0; k < plain.size; k++) {
                    node = node.children.computeIfAbsent(plain.text[k], x -> new Node());
                }
                node.terminal = true;
            }
        }
        markChanges(root, new ArrayList<>());
        ROOT = root;
    }

    private MergeTrie() {
    }

    /** Sets {@link Node#changes} on the terminal nodes under {@code node}, reached by the tokens {@code path}. */
    private static boolean markChanges(Node node, List<String> path) {
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
        for (Map.Entry<String, Node> child : node.children.entrySet()) {
            path.add(child.getKey());
            node.leadsToChange |= markChanges(child.getValue(), path);
            path.remove(path.size() - 1);
        }
        return node.leadsToChange;
    }

    /**
     * Whether some run of tokens spells an exception that {@link Node#changes} them. When none does, merging leaves
     * the tokens as they are: each span the merge pass may keep is either not an exception once joined or one whose
     * tokens are those of the span, so whichever spans it keeps, it writes the tokens back unchanged.
     */
    static boolean anyChange(TokenBuffer tokens) {
        int n = tokens.size;
        for (int start = 0; start < n; start++) {
            Node node = tokens.roots[start];
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
     * The tokens after spaCy's special-case pass: runs of tokens whose texts spell an affixed exception are replaced
     * by the exception's tokens when nothing but the tokens themselves separates them; longer runs win, then earlier
     * ones.
     */
    static String[] merge(TokenBuffer tokens) {
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
            Node node = tokens.roots[start];
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
