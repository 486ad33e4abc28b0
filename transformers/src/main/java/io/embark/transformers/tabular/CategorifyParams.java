package io.embark.transformers.tabular;

import io.embark.transformers.shared.ColumnLists;
import io.embark.transformers.shared.SchemaChecks;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The params contract shared by {@link Categorify} and {@link CategorifyModel}: which columns to encode, where
 * to write the codes, and the optional vocabulary caps. Both stages validate schemas through
 * {@link #validateAndTransformSchema}.
 */
public interface CategorifyParams extends Params {
    /** Suffix of the default output column names. */
    String DEFAULT_SUFFIX = "_idx";

    /** Columns to encode. */
    StringArrayParam inputCols();

    /** Output columns (int codes), one per input; default: each input name with {@value #DEFAULT_SUFFIX}. */
    StringArrayParam outputCols();

    /**
     * Columns encoded only when present in the data at fit time, with outputs named input +
     * {@value #DEFAULT_SUFFIX}. For columns that exist only sometimes, like {@link FillMissing}'s {@code _na}
     * indicators (added only for columns that had missing values in training). The fitted model lists the ones
     * found among its ordinary input columns and has none left here.
     */
    StringArrayParam optionalInputCols();

    /** Keep at most this many categories per column (most frequent first); 0 = no cap (fastai). */
    IntParam maxCategories();

    /** Categories seen fewer times in training map to {@code #na#}; 1 = keep all (fastai). */
    LongParam minCount();

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

    /** The optional input columns. */
    default String[] getOptionalInputCols() {
        return getOrDefault(optionalInputCols());
    }

    /** The per-column category cap (0 = none). */
    default int getMaxCategories() {
        return (Integer) getOrDefault(maxCategories());
    }

    /** The minimum training count of a kept category. */
    default long getMinCount() {
        return (Long) getOrDefault(minCount());
    }

    /**
     * Checks the params against {@code schema} and returns the output schema: every input exists and is a
     * supported type, names are non-empty and distinct, outputs do not exist yet.
     */
    default StructType validateAndTransformSchema(StructType schema) {
        String stage = getClass().getSimpleName();
        if (!isDefined(inputCols())) {
            throw new IllegalArgumentException(stage + ": set inputCols to the categorical columns to encode");
        }
        String[] in = getInputCols();
        String[] out = getOutputCols();
        if (in.length > 0) {
            SchemaChecks.requireColumnPairs(stage, in, out);
        }
        List<StructField> added = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            StructField field = SchemaChecks.requireColumn(stage, schema, in[i]);
            SchemaChecks.requireType(stage, field, t -> CategoryKind.of(t) != null, CategoryKind.ACCEPTED);
            SchemaChecks.requireAbsent(stage, schema, out[i]);
            added.add(DataTypes.createStructField(out[i], DataTypes.IntegerType, false));
        }
        String[] optional = getOptionalInputCols();
        SchemaChecks.requireDistinct(stage, "inputCols and optionalInputCols", ColumnLists.concat(in, optional));
        for (String name : optional) {
            if (Arrays.asList(schema.fieldNames()).contains(name)) {
                StructField field = schema.apply(name);
                SchemaChecks.requireType(stage, field, t -> CategoryKind.of(t) != null, CategoryKind.ACCEPTED);
                String outName = name + DEFAULT_SUFFIX;
                SchemaChecks.requireAbsent(stage, schema, outName);
                added.add(DataTypes.createStructField(outName, DataTypes.IntegerType, false));
            }
        }
        return SchemaChecks.append(schema, added);
    }
}
