package io.embark.pipelines.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.embark.pipelines.lm.LanguageModelSettings;
import io.embark.pipelines.lm.TextSettings;
import io.embark.pipelines.train.TrainerSettings;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextClassifierTrainingTest {
    static final String SAMPLE = LocalSpark.repoRoot().resolve("data/imdb/sample_texts.csv").toString();

    static LabelledTextSettings sample() {
        return new LabelledTextSettings(List.of(SAMPLE), LabelledTextFormat.CSV, "text", "label", "", "is_valid", 0,
                1_000_000);
    }

    static ClassifySettings fromScratch(LabelledTextSettings input, Path out, boolean compare) {
        LanguageModelSettings sizes = new LanguageModelSettings(32, 64, 1, 0, 0, 0, 0, 0, 1, 0, 1e-3, 0.01, 0.9, 0.99,
                1e-5, 7);
        return new ClassifySettings(input, null, List.of(), "", new TextSettings(3, 4000, 72), sizes,
                TextClassifierSettings.fastai(0.5, 7), 256, List.of(3), List.of(0.01), 2.6,
                new TrainerSettings(2, 16, 5, 2, 1, 42), compare,
                new ClassifySettings.PeerSettings(0.01, 100_000, 2, 0.01, false), 0.25, out.toString(), false);
    }

    @Test
    void fromScratchOnTheBundledSampleItBeatsTheMajorityClass(@TempDir Path tmp) throws Exception {
        SparkSession spark = LocalSpark.get();
        ClassifierResult r = TextClassifierTraining.classify(spark, fromScratch(sample(), tmp.resolve("clas"), true));
        System.out.println("accuracy " + r.valid().accuracy() + " majority " + r.majorityAccuracy() + " peers " + r.peers());
        assertEquals(1000, r.documents().in());
        assertEquals(800, r.documents().train());
        assertEquals(200, r.documents().valid());
        assertEquals(List.of("negative", "positive"), r.classes());
        JsonNode m = new ObjectMapper().readTree(tmp.resolve("clas/metrics.json").toFile());
        assertEquals(1000, m.get("documents").get("in").asLong());
        assertTrue(Files.exists(tmp.resolve("clas/training-curves.png")));
        List<Row> preds = spark.read().parquet(tmp.resolve("clas/predictions").toString()).collectAsList();
        assertEquals(200, preds.size());
    }
}
