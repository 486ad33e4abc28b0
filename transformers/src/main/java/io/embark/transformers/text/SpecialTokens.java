package io.embark.transformers.text;

import java.util.List;

/**
 * fastai v2's special tokens, in its order ({@code defaults.text_spec_tok}); a vocabulary starts with them, so
 * {@link #UNK} gets index 0 and {@link #PAD} index 1.
 *
 * <pre>{@code
 * List<String> first = SpecialTokens.ALL;  // [xxunk, xxpad, xxbos, xxeos, xxfld, xxrep, xxwrep, xxup, xxmaj]
 * }</pre>
 */
public final class SpecialTokens {
    /** Unknown token (index 0 of a vocabulary); fastai's {@code fix_html} also maps {@code <unk>} to it. */
    public static final String UNK = "xxunk";
    /** Padding token (index 1 of a vocabulary). */
    public static final String PAD = "xxpad";
    /** Beginning of a document: the first token of every tokenized document. */
    public static final String BOS = "xxbos";
    /** End of a document (not added by the default rules). */
    public static final String EOS = "xxeos";
    /** Precedes the 1-based number of a field when several text columns are joined. */
    public static final String FLD = "xxfld";
    /** {@code xxrep n c}: the character {@code c} repeated {@code n} times. */
    public static final String TK_REP = "xxrep";
    /** {@code xxwrep n w}: the word {@code w} repeated {@code n} times. */
    public static final String TK_WREP = "xxwrep";
    /** The next token was written in capitals. */
    public static final String TK_UP = "xxup";
    /** The next token was capitalised. */
    public static final String TK_MAJ = "xxmaj";
    /** All of them, in fastai's order. */
    public static final List<String> ALL = List.of(UNK, PAD, BOS, EOS, FLD, TK_REP, TK_WREP, TK_UP, TK_MAJ);

    private SpecialTokens() {
    }
}
