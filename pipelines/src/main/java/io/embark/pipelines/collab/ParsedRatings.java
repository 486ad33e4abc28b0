package io.embark.pipelines.collab;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of reading ratings: the valid rows ({@code userId long, movieId long, rating float,
 * timestamp long}) and the rejected lines ({@code source, line, reason}). Both are lazy views over one parsed
 * (and cached) frame, so {@link #counts} and the consumers read the files once.
 */
public final class ParsedRatings {
    private final Dataset<Row> parsed;

    ParsedRatings(Dataset<Row> parsed) {
        this.parsed = parsed;
    }

    /** Valid ratings. */
    public Dataset<Row> ratings() {
        return parsed.where(parsed.col(RatingsReader.REASON).isNull())
                .select(RatingsReader.USER, RatingsReader.ITEM, RatingsReader.RATING, RatingsReader.TIMESTAMP);
    }

    /** Rejected lines with the reason. */
    public Dataset<Row> rejects() {
        return parsed.where(parsed.col(RatingsReader.REASON).isNotNull())
                .select(RatingsReader.SOURCE, RatingsReader.LINE, RatingsReader.REASON);
    }

    /** Lines read (header excluded), valid and rejected, in one Spark job. */
    public Counts counts() {
        Row r = parsed.selectExpr("count(*)", "count(" + RatingsReader.REASON + ")").first();
        long in = r.getLong(0);
        long rejected = r.getLong(1);
        return new Counts(in, in - rejected, rejected);
    }

    /** Releases the cached parse. */
    public void release() {
        parsed.unpersist();
    }

    /**
     * Line counts.
     *
     * @param in       data lines read (headers excluded)
     * @param valid    lines that became ratings
     * @param rejected lines routed to rejects
     */
    public record Counts(long in, long valid, long rejected) {
    }
}
