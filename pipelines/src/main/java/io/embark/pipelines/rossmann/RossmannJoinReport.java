package io.embark.pipelines.rossmann;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link RossmannFeatures#build} did to the rows, counted in one Spark job over the joined frame.
 *
 * <p>The joins are left joins on unique keys, so they keep every row; a row is <em>unmatched</em> by a join when
 * the right-hand table has no row for its key (the features from that table are then null). The maps are keyed
 * by join: {@value RossmannFeatures#JOIN_STORE}, {@value RossmannFeatures#JOIN_WEATHER},
 * {@value RossmannFeatures#JOIN_TREND}, {@value RossmannFeatures#JOIN_TREND_DE}; a row without a store is also
 * unmatched by the joins on its state. With {@link InvalidRows#ERROR} (the default) any unmatched or invalid row
 * fails the build, so a report from a successful build has zero counts there; with {@link InvalidRows#SKIP} the
 * unmatched and invalid training rows are left out and counted in {@code rejectedTrainRows}.
 *
 * @param trainRows          training rows given
 * @param testRows           test rows given (all are kept)
 * @param unmatchedTrain     per join, training rows it found no match for
 * @param unmatchedTest      per join, test rows it found no match for
 * @param invalidTrainRows   training rows with a StateHoliday other than 0/a/b/c, or a missing or negative Sales
 * @param rejectedTrainRows  training rows left out as unmatched or invalid (only with {@link InvalidRows#SKIP})
 * @param zeroSalesRows      training rows left out because Sales = 0 (closed days, as the recipe does)
 * @param keptTrainRows      training rows in {@link PreparedRossmann#trainRows()}
 * @param filledTestOpen     test rows whose missing Open was filled with 1
 */
public record RossmannJoinReport(long trainRows, long testRows, Map<String, Long> unmatchedTrain,
                                 Map<String, Long> unmatchedTest, long invalidTrainRows, long rejectedTrainRows,
                                 long zeroSalesRows, long keptTrainRows, long filledTestOpen) {
    /** Copies the maps (in join order). */
    public RossmannJoinReport {
        unmatchedTrain = Collections.unmodifiableMap(new LinkedHashMap<>(unmatchedTrain));
        unmatchedTest = Collections.unmodifiableMap(new LinkedHashMap<>(unmatchedTest));
    }
}
