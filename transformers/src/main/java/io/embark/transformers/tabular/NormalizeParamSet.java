package io.embark.transformers.tabular;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The Param objects of one {@link NormalizeParams} stage, created with that stage as their parent (after its uid is
 * set), so that {@link Normalize} and {@link NormalizeModel} declare them once. Normalize's params have no defaults
 * (the output columns default through {@link NormalizeParams#getOutputCols()}).
 */
final class NormalizeParamSet implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final StringArrayParam inputCols;
    final StringArrayParam outputCols;

    NormalizeParamSet(Params owner) {
        inputCols = new StringArrayParam(owner, "inputCols", "continuous columns to standardise");
        outputCols = new StringArrayParam(owner, "outputCols",
                "output double columns, one per input (default: input name + '" + NormalizeParams.DEFAULT_SUFFIX
                        + "')");
    }
}
