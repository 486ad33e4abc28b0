package io.embark.transformers.tabular;

import org.apache.spark.sql.Column;

import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * The canonical string key of a categorical value, as a Spark column expression: {@code CAST(x AS STRING)},
 * with NaN turned into null so that it counts as missing. Fitting and encoding both use it, so the two agree.
 */
final class CategoryKeys {
    private CategoryKeys() {
    }

    static Column key(Column value, CategoryKind kind) {
        Column asString = value.cast("string");
        return kind == CategoryKind.FRACTIONAL ? when(isnan(value), lit(null).cast("string")).otherwise(asString) : asString;
    }
}
