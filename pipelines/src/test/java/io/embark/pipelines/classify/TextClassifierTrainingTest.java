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
    static ClassifySettings fromScratch(LabelledTextSettings input, Path out, boolean compare) {
        LanguageModelSettings sizes = new LanguageModelSettings(32, 64, 1, 0, 0, 0, 0, 0, 1, 0, 1e-3, 0.01, 0.9, 0.99,
                1e-5, 7);
        return new ClassifySettings(input, null, List.of(), "", new TextSettings(3, 4000, 72), sizes,
                TextClassifierSettings.fastai(0.5, 7), 256, List.of(4), List.of(0.02), 2.6,
                new TrainerSettings(2, 16, 5, 2, 1, 42), compare,
                new ClassifySettings.PeerSettings(0.01, 100_000, 2, 0.01, false), 0.25, out.toString(), false);
    }

    /**
     * Reviews whose sentiment is carried by a few words among neutral filler, at varying lengths and positions, so
     * that the classifier must read through padding and time: a bag of words solves it, a broken pooling, mask or
     * label path does not.
     */
    static void writeReviews(Path csv, int n, long seed) throws Exception {
        java.util.Random r = new java.util.Random(seed);
        String[] good = {"wonderful", "brilliant", "moving", "superb", "delightful"};
        String[] bad = {"awful", "boring", "dreadful", "tedious", "clumsy"};
        String[] filler = {"the", "film", "story", "actor", "scene", "plot", "camera", "music", "director", "was",
            "and", "a", "with", "its", "ending", "cast", "script", "of"};
        StringBuilder b = new StringBuilder("label,text,is_valid\n");
        for (int i = 0; i < n; i++) {
            boolean positive = r.nextBoolean();
            StringBuilder t = new StringBuilder();
            int words = 8 + r.nextInt(40);
            for (int w = 0; w < words; w++) {
                t.append(w == 0 ? "" : " ");
                if (r.nextInt(6) == 0) {
                    String[] side = r.nextInt(5) == 0 ? (positive ? bad : good) : (positive ? good : bad);
                    t.append(side[r.nextInt(side.length)]);
                } else {
                    t.append(filler[r.nextInt(filler.length)]);
                }
            }
            b.append(positive ? "positive" : "negative").append(",\"").append(t).append(".\",")
                    .append(i % 5 == 0 ? "True" : "False").append('\n');
        }
        Files.writeString(csv, b.toString());
    }

    @Test
    void aClassifierFromScratchLearnsWhatTheWordsSayAndWritesItsRun(@TempDir Path tmp) throws Exception {
        SparkSession spark = LocalSpark.get();
        Path csv = tmp.resolve("reviews.csv");
        writeReviews(csv, 1500, 3);
        LabelledTextSettings input = new LabelledTextSettings(List.of(csv.toString()), LabelledTextFormat.CSV, "text",
                "label", "", "is_valid", 0, 1_000_000);
        ClassifierResult r = TextClassifierTraining.classify(spark, fromScratch(input, tmp.resolve("clas"), false));
        assertEquals(1500, r.documents().in());
        assertEquals(1200, r.documents().train());
        assertEquals(300, r.documents().valid());
        assertEquals(List.of("negative", "positive"), r.classes());
        assertEquals(4, r.epochs().size());
        double majority = r.majorityAccuracy();
        assertTrue(r.valid().accuracy() >= majority + 0.25, "accuracy " + r.valid().accuracy() + ", majority " + majority);
        assertTrue(r.epochs().get(3).trainLoss() < r.epochs().get(0).trainLoss(), "the training loss falls");
        JsonNode m = new ObjectMapper().readTree(tmp.resolve("clas/metrics.json").toFile());
        assertEquals(r.valid().accuracy(), m.at("/final/valid_accuracy").asDouble(), 1e-12);
        assertTrue(Files.exists(tmp.resolve("clas/training-curves.png")));
        List<Row> preds = spark.read().parquet(tmp.resolve("clas/predictions").toString()).collectAsList();
        assertEquals(300, preds.size());
        long right = preds.stream().filter(p -> p.getAs("label").equals(p.getAs("predicted_label"))).count();
        assertEquals(r.valid().accuracy(), right / 300.0, 1e-12, "the predictions are the evaluated ones");
        for (Row p : preds) {
            double prob = p.getAs("probability");
            assertTrue(prob >= 0.5 && prob <= 1, "the predicted class is the most probable of two");
        }

        // the saved run predicts the same classes for the same documents
        TextClassifierRun run = TextClassifierRun.load(spark, tmp.resolve("clas").toString());
        assertEquals(List.of("negative", "positive"), run.classes());
        TextClassifierPrediction.Result scored = TextClassifierPrediction.predict(spark, new PredictSettings(
                tmp.resolve("clas").toString(), new LabelledTextSettings(List.of(csv.toString()), LabelledTextFormat.CSV,
                "text", "label", "", "", 0, 1_000_000), 32, 1, tmp.resolve("pred").toString(), false));
        assertEquals(1500, scored.labelled());
        assertTrue(scored.accuracy() >= majority + 0.25, "accuracy on all reviews " + scored.accuracy());
    }
}
