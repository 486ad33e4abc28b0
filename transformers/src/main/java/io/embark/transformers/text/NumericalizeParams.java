package io.embark.transformers.text;

import io.embark.transformers.shared.SchemaChecks;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * The params contract shared by {@link Numericalize} and {@link NumericalizeModel}: the token column to read, the
 * id column to write, and fastai's vocabulary settings {@code minFreq} (default 3) and {@code maxVocab} (default
 * 60,000). Both stages validate schemas through {@link #validateAndTransformSchema}.
 */
public interface NumericalizeParams extends Params {
    /** Type of the output column: token ids, never null inside the array. */
    ArrayType OUTPUT_TYPE = DataTypes.createArrayType(DataTypes.IntegerType, false);

    /** The {@code array<string>} column of tokens (default {@code tokens}, the {@link Tokenizer}'s output). */
    Param<String> inputCol();

    /** The {@code array<int>} column of ids to add (default {@code ids}). */
    Param<String> outputCol();

    /** Words seen fewer times than this in training are not kept (they encode to {@code xxunk}); default 3. */
    IntParam minFreq();

    /** Maximum vocabulary size before the {@code xxfake} padding, special tokens included; default 60,000. */
    IntParam maxVocab();

    /** The token column. */
    default String getInputCol() {
        return getOrDefault(inputCol());
    }

    /** The id column. */
    default String getOutputCol() {
        return getOrDefault(outputCol());
    }

    /** The minimum training count of a kept word. */
    default int getMinFreq() {
        return (Integer) getOrDefault(minFreq());
    }

    /** The vocabulary cap (specials included, padding excluded). */
    default int getMaxVocab() {
        return (Integer) getOrDefault(maxVocab());
    }

    /**
     * Checks the params against {@code schema} and returns the output schema: the input exists and is
     * {@code array<string>}, the output is a new, non-empty name.
     */
    default StructType validateAndTransformSchema(StructType schema) {
        String stage = getClass().getSimpleName();
        String in = getInputCol();
        String out = getOutputCol();
        if (in == null || in.isBlank()) {
            throw new IllegalArgumentException(stage + ": inputCol must name the array<string> token column");
        }
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException(stage + ": outputCol must be a non-empty column name");
        }
        StructField field = SchemaChecks.requireColumn(stage, schema, in);
        SchemaChecks.requireType(stage, field,
                t -> t instanceof ArrayType && ((ArrayType) t).elementType() instanceof StringType,
                "array<string> (tokens, e.g. from Tokenizer)");
        SchemaChecks.requireAbsent(stage, schema, out);
        return SchemaChecks.append(schema, List.of(DataTypes.createStructField(out, OUTPUT_TYPE, field.nullable())));
    }
}
