package io.embark.transformers.tabular;

import org.apache.spark.sql.Column;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;

/** fastai's notion of a missing continuous value as a column expression: null or NaN. */
final class MissingValues {
    private MissingValues() {
    }

    /** True where {@code column} is null or NaN. */
    static Column isMissing(String column) {
        Column x = col(column).cast("double");
        return x.isNull().or(isnan(x));
    }
}
