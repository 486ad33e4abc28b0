package io.embark.transformers.tabular;

import io.embark.transformers.shared.ColumnLists;
import io.embark.transformers.shared.SchemaChecks;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The params contract shared by {@link FillMissing} and {@link FillMissingModel}: which continuous columns to
 * fill, how the fill value is learned, and what happens when a column that was complete in training has
 * missing values later.
 */
public interface FillMissingParams extends Params {
    /** Suffix of the default output column names. */
    String DEFAULT_SUFFIX = "_filled";
    /** Suffix of the indicator columns (fastai's naming). */
    String INDICATOR_SUFFIX = "_na";

    /** Continuous columns to fill. */
    StringArrayParam inputCols();

    /** Output double columns, one per input; default: each input name with {@value #DEFAULT_SUFFIX}. */
    StringArrayParam outputCols();

    /** {@code median} (default), {@code mode} or {@code constant}. */
    Param<String> strategy();

    /** The fill value of the {@code constant} strategy (default 0). */
    DoubleParam fillValue();

    /** Relative error of the median: 0 (default) is exact, as fastai; e.g. 0.001 for very large tables. */
    DoubleParam relativeError();

    /** {@code error} (default, as fastai) or {@code fill}: missing values in a column that had none in training. */
    Param<String> unexpectedMissing();

    /** The input columns. */
    default String[] getInputCols() {
        return getOrDefault(inputCols());
    }

    /** The output columns, defaulted from the inputs when not set. */
    default String[] getOutputCols() {
        if (isSet(outputCols())) {
            return getOrDefault(outputCols());
        }
        return ColumnLists.withSuffix(isDefined(inputCols()) ? getInputCols() : new String[0], DEFAULT_SUFFIX);
    }

    /** The strategy. */
    default String getStrategy() {
        return getOrDefault(strategy());
    }

    /** The constant fill value. */
    default double getFillValue() {
        return (Double) getOrDefault(fillValue());
    }

    /** The median's relative error. */
    default double getRelativeError() {
        return (Double) getOrDefault(relativeError());
    }

    /** The policy for unexpected missing values. */
    default String getUnexpectedMissing() {
        return getOrDefault(unexpectedMissing());
    }

    /**
     * Checks the params against {@code schema} and returns the output schema: the filled double columns, then a
     * boolean indicator for each of {@code indicatorInputs} (the inputs that had missing values in training).
     */
    default StructType validateAndTransformSchema(StructType schema, List<String> indicatorInputs) {
        String stage = getClass().getSimpleName();
        if (!isDefined(inputCols())) {
            throw new IllegalArgumentException(stage + ": set inputCols to the continuous columns to fill");
        }
        String[] in = getInputCols();
        String[] out = getOutputCols();
        SchemaChecks.requireColumnPairs(stage, in, out);
        List<StructField> added = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            StructField field = SchemaChecks.requireColumn(stage, schema, in[i]);
            SchemaChecks.requireType(stage, field, t -> t instanceof NumericType, "numeric");
            SchemaChecks.requireAbsent(stage, schema, out[i]);
            added.add(DataTypes.createStructField(out[i], DataTypes.DoubleType, false));
        }
        for (String c : indicatorInputs) {
            SchemaChecks.requireAbsent(stage, schema, c + INDICATOR_SUFFIX);
            added.add(DataTypes.createStructField(c + INDICATOR_SUFFIX, DataTypes.BooleanType, false));
        }
        return SchemaChecks.append(schema, added);
    }
}
