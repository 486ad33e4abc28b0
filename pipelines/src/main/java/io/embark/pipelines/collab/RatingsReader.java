package io.embark.pipelines.collab;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Reads MovieLens ratings in either layout ({@link RatingsFormat}) line by line, so that every malformed line
 * is kept with a reason instead of being dropped by a CSV parser: wrong field count, non-integer ids,
 * non-numeric or out-of-range ratings, non-integer timestamps, empty lines. The CSV header is recognised and
 * skipped. Parsing is column expressions only (no UDF).
 */
public final class RatingsReader {
    /** User id column (long). */
    public static final String USER = "userId";
    /** Item id column (long). */
    public static final String ITEM = "movieId";
    /** Rating column (float). */
    public static final String RATING = "rating";
    /** Unix timestamp column (long). */
    public static final String TIMESTAMP = "timestamp";
    /** Reject column: the file the line came from. */
    public static final String SOURCE = "source";
    /** Reject column: the raw line. */
    public static final String LINE = "line";
    /** Reject column: why the line was rejected. */
    public static final String REASON = "reason";

    private static final String INTEGER = "^-?[0-9]+$";
    /** A decimal number (Spark's cast alone would also take "NaN", "Infinity" and trailing control characters). */
    private static final String DECIMAL = "^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$";

    private final double minRating;
    private final double maxRating;

    /** A reader accepting ratings in {@code [minRating, maxRating]}. */
    public RatingsReader(double minRating, double maxRating) {
        if (!(maxRating >= minRating)) {
            throw new IllegalArgumentException("rating range must have min <= max, got [" + minRating + ", " + maxRating + "]");
        }
        this.minRating = minRating;
        this.maxRating = maxRating;
    }

    /** Parses {@code path} (a file, directory or glob) and caches the parse for the caller's passes. */
    public ParsedRatings read(SparkSession spark, String path, RatingsFormat format) {
        RatingsFormat resolved = format.resolve(path);
        Dataset<Row> lines = spark.read().text(path).select(col("value").as(LINE), input_file_name().as(SOURCE));
        Column raw = col(LINE);
        // the header line exactly (any case, spaces around fields): other text starting "userid" is a reject
        Column isHeader = lower(raw).rlike("^\\s*userid\\s*" + resolved.delimiter() + "\\s*movieid\\s*"
                + resolved.delimiter() + "\\s*rating\\s*" + resolved.delimiter() + "\\s*timestamp\\s*$");
        Column fields = split(raw, resolved.delimiter(), -1);
        Column user = trim(element_at(fields, 1));
        Column item = trim(element_at(fields, 2));
        Column ratingText = trim(element_at(fields, 3));
        Column rating = ratingText.cast("double");
        Column timestamp = trim(element_at(fields, 4));
        String range = String.format(Locale.ROOT, "[%s, %s]", minRating, maxRating);
        Column reason = when(length(trim(raw)).equalTo(0), lit("empty line"))
                .when(size(fields).notEqual(4), concat(lit("expected 4 fields, found "), size(fields).cast("string")))
                .when(not(user.rlike(INTEGER)).or(user.cast("long").isNull()),
                        concat(lit("userId is not a 64-bit integer: "), user))
                .when(not(item.rlike(INTEGER)).or(item.cast("long").isNull()),
                        concat(lit("movieId is not a 64-bit integer: "), item))
                .when(not(ratingText.rlike(DECIMAL)).or(rating.isNull()).or(isnan(rating)),
                        concat(lit("rating is not a number: "), ratingText))
                .when(rating.lt(minRating).or(rating.gt(maxRating)),
                        concat(lit("rating out of range " + range + ": "), ratingText))
                .when(not(timestamp.rlike(INTEGER)).or(timestamp.cast("long").isNull()),
                        concat(lit("timestamp is not a 64-bit integer: "), timestamp));
        Dataset<Row> parsed = lines.where(not(isHeader))
                .select(col(SOURCE), col(LINE), reason.as(REASON),
                        when(reason.isNull(), user.cast("long")).as(USER),
                        when(reason.isNull(), item.cast("long")).as(ITEM),
                        when(reason.isNull(), rating.cast("float")).as(RATING),
                        when(reason.isNull(), timestamp.cast("long")).as(TIMESTAMP))
                .persist(StorageLevel.MEMORY_AND_DISK());
        return new ParsedRatings(parsed);
    }

    private static Column not(Column c) {
        return org.apache.spark.sql.functions.not(c);
    }
}
