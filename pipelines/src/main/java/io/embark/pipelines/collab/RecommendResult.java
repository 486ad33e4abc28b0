package io.embark.pipelines.collab;

import java.util.List;

/**
 * What the recommend step wrote.
 *
 * @param output   the committed output directory
 * @param topN     recommendations per user
 * @param users    users that got recommendations
 * @param ratings  valid ratings read
 * @param rejected malformed rating lines (in {@code rejects/})
 * @param firstUser the first user's recommendations, one line each ({@code user | rank | movie | rating | title})
 */
public record RecommendResult(String output, int topN, long users, long ratings, long rejected, List<String> firstUser) {
    /** Sub-directory of the recommendations (Parquet). */
    public static final String RECOMMENDATIONS_DIR = "recommendations";

    /** Copies the lines. */
    public RecommendResult {
        firstUser = List.copyOf(firstUser);
    }
}
