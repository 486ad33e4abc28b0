package io.embark.transformers.text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted text vocabulary with fastai v2's layout ({@code make_vocab} and {@code Numericalize.setups} in
 * {@code fastai/text/data.py}): the {@linkplain SpecialTokens special tokens} first, in fastai's order (so
 * {@code xxunk} = 0 and {@code xxpad} = 1), then the kept words most frequent first, then {@code xxfake} entries
 * so that the size is a multiple of 8. Plain Java, immutable and serializable; no Spark needed.
 *
 * <p>Size rules, as fastai's source has them: {@code maxVocab} caps the specials <em>plus</em> the words (at most
 * {@code maxVocab - 9} words are kept), and the padding is then <b>always</b> 1 to 8 {@code xxfake} tokens
 * ({@code range(0, 8 - len(vocab) % 8)} adds 8 when the length already is a multiple of 8). The final size can
 * therefore exceed {@code maxVocab} by up to 8. {@code xxfake} never encodes to itself: like every token not in
 * the vocabulary it maps to 0 ({@code xxunk}).
 *
 * <pre>{@code
 * TokenVocabulary v = TokenVocabulary.of(List.of("the", "movie"), 60000);
 * v.itos();                      // [xxunk, xxpad, xxbos, ..., xxmaj, the, movie, xxfake, xxfake, ...] (16 entries)
 * v.encode(List.of("the", "plot")); // [9, 0]
 * }</pre>
 */
public final class TokenVocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The filler appended to reach a multiple of 8; encodes to 0 like an unknown token. */
    public static final String FAKE = "xxfake";
    /** Index of {@link SpecialTokens#UNK}: the code of every token not in the vocabulary. */
    public static final int UNK_ID = 0;
    /** Index of {@link SpecialTokens#PAD}. */
    public static final int PAD_ID = 1;

    private final String[] itos;
    private final HashMap<String, Integer> stoi;

    private TokenVocabulary(String[] itos) {
        this.itos = itos;
        this.stoi = new HashMap<>(itos.length * 2);
        for (int i = 0; i < itos.length; i++) {
            if (!FAKE.equals(itos[i])) {
                stoi.putIfAbsent(itos[i], i);
            }
        }
    }

    /**
     * Builds a vocabulary from {@code rankedWords}: the candidate words, most frequent first, already filtered by
     * the minimum frequency. Special tokens among them are skipped (they come first anyway), at most
     * {@code maxVocab - 9} words are kept, and the result is padded with {@code xxfake}.
     *
     * @throws IllegalArgumentException if {@code maxVocab} is smaller than the number of special tokens or a
     *                                  word is null or repeated
     */
    public static TokenVocabulary of(List<String> rankedWords, int maxVocab) {
        int specials = SpecialTokens.ALL.size();
        if (maxVocab < specials) {
            throw new IllegalArgumentException("maxVocab must be at least " + specials
                    + " (the special tokens), got " + maxVocab);
        }
        List<String> itos = new ArrayList<>(SpecialTokens.ALL);
        java.util.Set<String> seen = new java.util.HashSet<>(SpecialTokens.ALL);
        for (String w : rankedWords) {
            if (itos.size() >= maxVocab) {
                break;
            }
            if (w == null) {
                throw new IllegalArgumentException("a vocabulary word is null");
            }
            if (SpecialTokens.ALL.contains(w)) {
                continue;
            }
            if (!seen.add(w)) {
                throw new IllegalArgumentException("word '" + w + "' appears twice in the ranked words");
            }
            itos.add(w);
        }
        int fakes = 8 - itos.size() % 8;
        for (int i = 0; i < fakes; i++) {
            itos.add(FAKE);
        }
        return new TokenVocabulary(itos.toArray(new String[0]));
    }

    /**
     * Restores a vocabulary from its {@link #itos()} (as saved with a model).
     *
     * @throws IllegalArgumentException if it does not start with the special tokens in fastai's order
     */
    public static TokenVocabulary fromItos(List<String> itos) {
        List<String> specials = SpecialTokens.ALL;
        if (itos.size() < specials.size() || !itos.subList(0, specials.size()).equals(specials)) {
            throw new IllegalArgumentException("a text vocabulary must start with the special tokens " + specials);
        }
        return new TokenVocabulary(itos.toArray(new String[0]));
    }

    /** The tokens by index (fastai's {@code vocab} / {@code itos}), {@code xxfake} padding included. */
    public List<String> itos() {
        return Collections.unmodifiableList(java.util.Arrays.asList(itos));
    }

    /** Number of entries, padding included: the input size of an embedding and the output size of an LM. */
    public int size() {
        return itos.length;
    }

    /** The code of {@code token}: its index, or {@link #UNK_ID} when unknown, null or {@code xxfake}. */
    public int id(String token) {
        if (token == null) {
            return UNK_ID;
        }
        Integer i = stoi.get(token);
        return i == null ? UNK_ID : i;
    }

    /** The codes of {@code tokens}. */
    public int[] encode(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = id(tokens.get(i));
        }
        return ids;
    }

    /** The token of {@code id}; fails with the valid range when {@code id} is out of it. */
    public String token(int id) {
        if (id < 0 || id >= itos.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + itos.length + ")");
        }
        return itos[id];
    }

    /** The tokens of {@code ids} (fastai's {@code Numericalize.decodes} with no pad token set: nothing dropped). */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(token(id));
        }
        return out;
    }

    /** A copy of the token-to-index map ({@code xxfake} excluded). */
    public Map<String, Integer> index() {
        return new HashMap<>(stoi);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenVocabulary && java.util.Arrays.equals(itos, ((TokenVocabulary) o).itos);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(itos);
    }

    @Override
    public String toString() {
        return "TokenVocabulary(" + itos.length + " tokens)";
    }
}
