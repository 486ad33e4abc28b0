package io.embark.transformers.tabular;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The Param objects of one {@link CategorifyParams} stage, created with that stage as their parent (after its uid
 * is set) and with the defaults applied, so that {@link Categorify} and {@link CategorifyModel} declare them once.
 */
final class CategorifyParamSet implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final StringArrayParam inputCols;
    final StringArrayParam outputCols;
    final StringArrayParam optionalInputCols;
    final IntParam maxCategories;
    final LongParam minCount;

    CategorifyParamSet(Params owner) {
        inputCols = new StringArrayParam(owner, "inputCols", "categorical columns to encode");
        outputCols = new StringArrayParam(owner, "outputCols", "output columns of int codes, one per input "
                + "(default: input name + '" + CategorifyParams.DEFAULT_SUFFIX + "')");
        optionalInputCols = new StringArrayParam(owner, "optionalInputCols", "categorical columns encoded only "
                + "when the fitting data has them (such as FillMissing's _na indicators), output: name + '"
                + CategorifyParams.DEFAULT_SUFFIX + "'");
        maxCategories = new IntParam(owner, "maxCategories",
                "keep at most this many categories per column, most frequent first (0 = no cap)",
                ParamValidators.gtEq(0));
        minCount = new LongParam(owner, "minCount",
                "categories seen fewer times in training map to #na# (1 = keep all)", ParamValidators.gtEq(1));
        owner.setDefault(optionalInputCols, new String[0]);
        owner.setDefault(maxCategories, 0);
        owner.setDefault(minCount, 1L);
    }
}
