package io.embark.transformers.text;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The Param objects of one {@link NumericalizeParams} stage, created with that stage as their parent (after its
 * uid is set) and with the defaults applied, so that {@link Numericalize} and {@link NumericalizeModel} declare
 * them once.
 */
final class NumericalizeParamSet implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final Param<String> inputCol;
    final Param<String> outputCol;
    final IntParam minFreq;
    final IntParam maxVocab;

    NumericalizeParamSet(Params owner) {
        inputCol = new Param<>(owner, "inputCol", "array<string> column of tokens");
        outputCol = new Param<>(owner, "outputCol", "array<int> column of token ids to add");
        minFreq = new IntParam(owner, "minFreq",
                "words seen fewer times in training encode to xxunk (fastai min_freq)", ParamValidators.gtEq(1));
        maxVocab = new IntParam(owner, "maxVocab",
                "maximum vocabulary size, special tokens included, before padding to a multiple of 8 "
                        + "(fastai max_vocab)", ParamValidators.gtEq(SpecialTokens.ALL.size()));
        owner.setDefault(inputCol, "tokens");
        owner.setDefault(outputCol, "ids");
        owner.setDefault(minFreq, 3);
        owner.setDefault(maxVocab, 60_000);
    }
}
