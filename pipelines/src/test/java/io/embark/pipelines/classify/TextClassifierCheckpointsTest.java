package io.embark.pipelines.classify;

import io.embark.pipelines.lm.AwdLstm;
import io.embark.pipelines.train.CheckpointSettings;
import io.embark.pipelines.train.EpochRecord;
import io.embark.pipelines.train.ParameterAveragingTrainer;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classifier stopped at the end of its first unfreezing phase (head only) and run again resumes with the
 * second phase (all layers): the same per-layer learning rates at the same iteration as an uninterrupted run, the
 * history covering both phases' epochs.
 */
class TextClassifierCheckpointsTest {
    static final class Stop extends RuntimeException {
        Stop() {
            super("stopped by the test");
        }
    }

    /** A round about to run: its phase, epoch, iteration and each layer's learning rate. */
    record Round(int phase, int epoch, int round, int iteration, Map<String, Double> rates) {
    }

    @AfterEach
    void noListener() {
        ParameterAveragingTrainer.listen(null);
    }

    static ClassifySettings settings(LabelledTextSettings input, Path out, Path checkpoints) {
        ClassifySettings s = TextClassifierTrainingTest.fromScratch(input, out, false);
        return new ClassifySettings(s.input(), null, List.of(), "", s.text(), s.scratchSizes(), s.model(), 128,
                List.of(1, 1), List.of(0.02, 0.01), 2.6, s.trainer(), false, s.peers(), 0.25, out.toString(), false,
                new CheckpointSettings(true, checkpoints.toString(), 2, CheckpointSettings.Resume.AUTO));
    }

    static List<Round> record(boolean stopAfterPhaseOne) {
        List<Round> rounds = new ArrayList<>();
        ParameterAveragingTrainer.listen(new ParameterAveragingTrainer.Listener() {
            @Override
            public void beforeRound(int phase, int epoch, int round, ComputationGraph net) {
                Map<String, Double> rates = new LinkedHashMap<>();
                for (String layer : List.of(AwdLstm.EMBEDDING, AwdLstm.lstm(0), TextClassifier.CLASSES)) {
                    Double lr = net.getLearningRate(layer);
                    rates.put(layer, lr == null ? Double.NaN : lr);
                }
                rounds.add(new Round(phase, epoch, round, net.getConfiguration().getIterationCount(), rates));
            }

            @Override
            public void afterEpoch(int phase, int epoch, ComputationGraph net) {
                if (stopAfterPhaseOne && phase == 0) {
                    throw new Stop();
                }
            }
        });
        return rounds;
    }

    @Test
    void stoppedAtTheEndOfPhaseOneItResumesWithPhaseTwoAtItsRates(@TempDir Path tmp) throws Exception {
        SparkSession spark = LocalSpark.get();
        Path csv = tmp.resolve("reviews.csv");
        TextClassifierTrainingTest.writeReviews(csv, 300, 5);
        LabelledTextSettings input = new LabelledTextSettings(List.of(csv.toString()), LabelledTextFormat.CSV, "text",
                "label", "", "is_valid", 0, 1_000_000);

        List<Round> clean = record(false);
        ClassifierResult reference = TextClassifierTraining.classify(spark,
                settings(input, tmp.resolve("clean"), tmp.resolve("clean-cp")));
        List<Round> cleanPhaseTwo = clean.stream().filter(r -> r.phase() == 1).toList();

        Path cps = tmp.resolve("cp");
        record(true);
        assertThrows(Stop.class, () -> TextClassifierTraining.classify(spark, settings(input, tmp.resolve("run"), cps)));
        assertTrue(Files.isDirectory(cps.resolve("epoch-0001")));
        assertFalse(Files.exists(tmp.resolve("run")));

        List<Round> resumed = record(false);
        ClassifierResult r = TextClassifierTraining.classify(spark, settings(input, tmp.resolve("run"), cps));
        System.out.printf("classifier resumed at phase 2: first round %s, uninterrupted %s; accuracy %.3f vs %.3f%n",
                resumed.get(0), cleanPhaseTwo.get(0), r.valid().accuracy(), reference.valid().accuracy());
        assertEquals(cleanPhaseTwo, resumed, "only phase 2 trained, all layers at the uninterrupted run's rates");
        assertTrue(resumed.get(0).rates().get(AwdLstm.EMBEDDING) > 0, "the embedding learns in phase 2");
        assertEquals(List.of(1, 2), r.epochs().stream().map(EpochRecord::epoch).toList());
        assertFalse(Files.exists(cps), "checkpoints discarded after the commit");
    }
}
