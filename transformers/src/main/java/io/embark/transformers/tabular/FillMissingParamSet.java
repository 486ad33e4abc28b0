package io.embark.transformers.tabular;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The Param objects of one {@link FillMissingParams} stage, created with that stage as their parent and with the
 * defaults applied, so that {@link FillMissing} and {@link FillMissingModel} declare them once.
 */
final class FillMissingParamSet implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final StringArrayParam inputCols;
    final StringArrayParam outputCols;
    final Param<String> strategy;
    final DoubleParam fillValue;
    final DoubleParam relativeError;
    final Param<String> unexpectedMissing;

    FillMissingParamSet(Params owner) {
        inputCols = new StringArrayParam(owner, "inputCols", "continuous columns to fill");
        outputCols = new StringArrayParam(owner, "outputCols", "output double columns, one per input (default: "
                + "input name + '" + FillMissingParams.DEFAULT_SUFFIX + "')");
        strategy = new Param<>(owner, "strategy", "how the fill value is learned: median, mode or constant",
                ParamValidators.inArray(new String[] {"median", "mode", "constant"}));
        fillValue = new DoubleParam(owner, "fillValue", "fill value of the constant strategy");
        relativeError = new DoubleParam(owner, "relativeError", "relative error of the median (0 = exact)",
                ParamValidators.inRange(0, 1));
        unexpectedMissing = new Param<>(owner, "unexpectedMissing", "missing values in a column that had none in "
                + "training: error, or fill (without an indicator)",
                ParamValidators.inArray(new String[] {"error", "fill"}));
        owner.setDefault(strategy, "median");
        owner.setDefault(fillValue, 0.0);
        owner.setDefault(relativeError, 0.0);
        owner.setDefault(unexpectedMissing, "error");
    }
}
