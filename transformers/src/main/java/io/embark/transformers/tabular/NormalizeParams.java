package io.embark.transformers.tabular;

import io.embark.transformers.shared.ColumnLists;
import io.embark.transformers.shared.SchemaChecks;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The params contract shared by {@link Normalize} and {@link NormalizeModel}: the continuous columns to
 * standardise and where to write the results (double columns).
 */
public interface NormalizeParams extends Params {
    /** Suffix of the default output column names. */
    String DEFAULT_SUFFIX = "_norm";
    /** Added to the standard deviation, as fastai does, so that constant columns do not divide by zero. */
    double EPSILON = 1e-7;

    /** Continuous columns to standardise. */
    StringArrayParam inputCols();

    /** Output columns, one per input; default: each input name with {@value #DEFAULT_SUFFIX}. */
    StringArrayParam outputCols();

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

    /** Checks the params against {@code schema} (numeric inputs, new distinct outputs) and returns the output schema. */
    default StructType validateAndTransformSchema(StructType schema) {
        String stage = getClass().getSimpleName();
        if (!isDefined(inputCols())) {
            throw new IllegalArgumentException(stage + ": set inputCols to the continuous columns to normalize");
        }
        String[] in = getInputCols();
        String[] out = getOutputCols();
        SchemaChecks.requireColumnPairs(stage, in, out);
        List<StructField> added = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            StructField field = SchemaChecks.requireColumn(stage, schema, in[i]);
            SchemaChecks.requireType(stage, field, t -> t instanceof NumericType, "numeric");
            SchemaChecks.requireAbsent(stage, schema, out[i]);
            added.add(DataTypes.createStructField(out[i], DataTypes.DoubleType, field.nullable()));
        }
        return SchemaChecks.append(schema, added);
    }
}
