package io.embark.pipelines.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.embark.pipelines.output.RowCounts;
import io.embark.pipelines.output.TrainingSummary;
import io.embark.pipelines.train.EpochRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CollabResultTest {

    @Test
    void serialisesToTheMetricsJsonLayoutWithEachPeerAsItsOwnSection() throws Exception {
        Map<String, Double> valid = new LinkedHashMap<>();
        valid.put("valid_rmse", 0.85);
        valid.put("valid_mse", 0.7225);
        EpochRecord epoch = new EpochRecord(1, 0.74, valid, 90_000, 20.0, 4.5e-3);
        AlsComparison.Result als = new AlsComparison.Result(10, 0.1, 0.88, 3.5, 10,
                List.of(new AlsComparison.GridPoint(10, 0.1, 0.88, 3.5), new AlsComparison.GridPoint(20, 0.1, 0.9, 5.0)));
        CollabResult result = new CollabResult("file:/tmp/run", RowCounts.read(100, 2, 88, 10),
                new CollabResult.Vocabulary(611, 9359), new CollabResult.Baseline(3.5, 1.05, 1.1025), valid,
                List.of(epoch), new TrainingSummary(4500, 20.0, 2, 64, 10, 1, 508_520, Set.of("driver"), "local[2]"),
                CollabModelSettings.fastaiDefaults(), Map.of("spark_als", als));

        JsonNode json = new ObjectMapper().valueToTree(result);
        assertEquals(List.of("workload", "model", "rows", "vocabulary", "baseline_predict_mean", "final", "epochs",
                "training", "settings", "spark_als"), fieldNames(json));
        assertEquals("movielens", json.at("/workload").asText());
        assertEquals(100, json.at("/rows/in").asLong());
        assertEquals(98, json.at("/rows/used").asLong());
        assertEquals(2, json.at("/rows/rejected").asLong());
        assertEquals(1.05, json.at("/baseline_predict_mean/valid_rmse").asDouble());
        assertEquals(0.85, json.at("/final/valid_rmse").asDouble());
        assertEquals(List.of("epoch", "train_loss", "valid_rmse", "valid_mse", "samples", "train_seconds",
                "samples_per_second", "learning_rate"), fieldNames(json.at("/epochs/0")));
        assertEquals(4500.0, json.at("/epochs/0/samples_per_second").asDouble(), 1e-9);
        assertEquals(508_520, json.at("/training/parameters").asLong());
        assertEquals("driver", json.at("/training/executors_used/0").asText());
        assertEquals(0.88, json.at("/spark_als/valid_rmse").asDouble());
        assertEquals(0.1, json.at("/spark_als/reg_param").asDouble());
        assertEquals(20, json.at("/spark_als/grid/1/rank").asInt());
        assertFalse(json.has("output") || json.has("peers"), "the output path and the peer map are not sections");
        assertEquals(0.85, result.validRmse());
    }

    @Test
    void rowsThatDoNotAddUpAreRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RowCounts.read(100, 2, 88, 9));
        assertEquals("rows do not add up: 100 in != 2 rejected + 88 train + 9 valid", e.getMessage());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
