package io.embark.pipelines.tabular;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.embark.pipelines.output.RowCounts;
import io.embark.pipelines.output.TrainingSummary;
import io.embark.pipelines.rossmann.RossmannPeers;
import io.embark.pipelines.train.EpochRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabularResultTest {

    @Test
    void serialisesToTheMetricsJsonLayoutWithThePeersAsSections() throws Exception {
        Map<String, Double> valid = new LinkedHashMap<>();
        valid.put("valid_rmse", 0.2);
        valid.put("valid_mse", 0.04);
        valid.put("valid_exp_rmspe", 0.13);
        Map<String, Double> baseline = new LinkedHashMap<>();
        baseline.put("mean", 8.7);
        baseline.put("valid_exp_rmspe", 0.31);
        Map<String, TabularPeer.Result> peers = new LinkedHashMap<>();
        peers.put("oracle", new RossmannPeers.Reference(0.12));
        peers.put("spark_gbt", new RossmannPeers.GbtResult(0.19, 40.0, 60, 8, 0.3));
        TabularResult result = new TabularResult("file:/tmp/model", "rossmann", "LogSales", "valid_exp_rmspe",
                RowCounts.prepared(1900, 260), new TabularResult.Features(Map.of("Store_idx", 4), Map.of("Store_idx", 3),
                List.of("CompetitionDistance_norm")), baseline, valid,
                List.of(new EpochRecord(1, 0.5, valid, 1900, 2.0, 1e-3)),
                new TrainingSummary(950, 2.0, 2, 32, 10, 1, 12_345, Set.of("driver"), "local[2]"),
                TabularModelSettings.fastaiDefaults(new double[] {0, 10}), peers);

        JsonNode json = new ObjectMapper().valueToTree(result);
        assertEquals(List.of("workload", "model", "target", "metric", "rows", "features", "baseline_predict_mean",
                "final", "epochs", "training", "settings", "oracle", "spark_gbt"),
                fieldNames(json));
        assertEquals("TabularModel", json.at("/model").asText());
        assertEquals(List.of("train", "valid"), fieldNames(json.at("/rows")),
                "a run handed prepared frames reports no in/used/rejected");
        assertEquals(8.7, json.at("/baseline_predict_mean/mean").asDouble());
        assertEquals(3, json.at("/features/embedding_sizes/Store_idx").asInt());
        assertEquals(List.of("valid_exp_rmspe"), fieldNames(json.at("/oracle")),
                "a reference that fits nothing has no fit time (no NaN in the JSON)");
        assertEquals(60, json.at("/spark_gbt/max_iter").asInt());
        assertEquals(0.19, json.at("/spark_gbt/valid_exp_rmspe").asDouble());
        assertFalse(json.has("output") || json.has("peers"));
        assertEquals(0.13, result.validMetric());
        assertTrue(Double.isNaN(result.peers().get("oracle").fitSeconds()));
    }

    @Test
    void gbtSettingsOutOfRangeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RossmannPeers.GbtSettings(60, 8, 1.5, 42));
        assertTrue(e.getMessage().contains("gbt-step-size in (0, 1]"), e.getMessage());
    }

    @Test
    void referencesAreTheOracleAloneUnlessComparing() {
        assertEquals(List.of("oracle"), RossmannPeers.of(null).stream().map(TabularPeer::name).toList());
        assertEquals(List.of("oracle", "group_median", "spark_gbt"),
                RossmannPeers.of(new RossmannPeers.GbtSettings(60, 8, 0.3, 42)).stream().map(TabularPeer::name).toList());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
