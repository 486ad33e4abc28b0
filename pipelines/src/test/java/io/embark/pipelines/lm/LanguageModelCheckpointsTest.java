package io.embark.pipelines.lm;

import io.embark.pipelines.train.CheckpointSettings;
import io.embark.pipelines.train.EpochRecord;
import io.embark.pipelines.train.ParameterAveragingTrainer;
import io.embark.pipelines.train.TrainingCheckpoints;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Language-model pretraining stopped by an exception (a kill inside the training loop: the run directory is
 * aborted, the checkpoints stay) and run again with the same settings resumes from the last checkpoint: from an
 * epoch end it continues the one-cycle schedule at the same iteration and learning rate as an uninterrupted run,
 * from a mid-epoch checkpoint ({@code every-rounds}) it trains exactly the remaining rounds of that epoch; the
 * history covers every epoch. A checkpoint of another vocabulary is refused naming it.
 */
class LanguageModelCheckpointsTest {
    /** A stop inside the training loop. */
    static final class Stop extends RuntimeException {
        Stop() {
            super("stopped by the test");
        }
    }

    /** One averaging round as the trainer was about to run it. */
    record Round(int epoch, int round, int iteration, double lr) {
    }

    @AfterEach
    void noListener() {
        ParameterAveragingTrainer.listen(null);
    }

    static Path corpus(Path dir) throws Exception {
        return corpus(dir, "corpus.txt", List.of("cat", "dog", "bird", "fish"));
    }

    static Path corpus(Path dir, String name, List<String> nouns) throws Exception {
        Path text = dir.resolve(name);
        Files.write(text, LanguageModelTrainingTest.corpus(new Random(3), 200, nouns).getBytes(StandardCharsets.UTF_8));
        return text;
    }

    static PretrainSettings settings(Path text, Path out, Path checkpoints, int epochs, int everyRounds,
                                     CheckpointSettings.Resume resume, int minFreq) {
        PretrainSettings p = LanguageModelTrainingTest.pretrain(text, out, epochs);
        return new PretrainSettings(p.corpus(), new TextSettings(minFreq, 200, 20), p.model(), p.trainer(),
                new GenerationSettings(List.of(), 0, 0.5, 1), p.output(), false, 1.0,
                new CheckpointSettings(true, checkpoints.toString(), 2, resume, everyRounds));
    }

    /** Records every round; throws before round {@code stopRound} of epoch {@code stopEpoch} (-1 = never). */
    static List<Round> record(int stopEpoch, int stopRound, boolean stopAfterEpoch) {
        List<Round> rounds = new ArrayList<>();
        ParameterAveragingTrainer.listen(new ParameterAveragingTrainer.Listener() {
            @Override
            public void beforeRound(int phase, int epoch, int round, ComputationGraph net) {
                if (!stopAfterEpoch && epoch == stopEpoch && round == stopRound) {
                    throw new Stop();
                }
                String layer = net.getLayers()[0].conf().getLayer().getLayerName();
                rounds.add(new Round(epoch, round, net.getConfiguration().getIterationCount(),
                        net.getLearningRate(layer)));
            }

            @Override
            public void afterEpoch(int phase, int epoch, ComputationGraph net) {
                if (stopAfterEpoch && epoch == stopEpoch) {
                    throw new Stop();
                }
            }
        });
        return rounds;
    }

    static List<Integer> epochs(LanguageModelResult r) {
        return r.epochs().stream().map(EpochRecord::epoch).toList();
    }

    @Test
    void pretrainStoppedAfterEpochOneResumesTheScheduleWhereItWasAndRefusesAnotherVocabulary(@TempDir Path dir)
            throws Exception {
        SparkSession spark = LocalSpark.get();
        Path text = corpus(dir);
        List<Round> clean = record(-1, -1, false);
        LanguageModelResult reference = LanguageModelTraining.pretrain(spark,
                settings(text, dir.resolve("clean"), dir.resolve("clean-cp"), 2, 0, CheckpointSettings.Resume.AUTO, 2));
        assertFalse(Files.exists(dir.resolve("clean-cp")), "checkpoints discarded after the commit");

        Path cps = dir.resolve("cp");
        Path out = dir.resolve("run");
        record(0, -1, true);
        assertThrows(Stop.class, () -> LanguageModelTraining.pretrain(spark,
                settings(text, out, cps, 2, 0, CheckpointSettings.Resume.AUTO, 2)));
        assertFalse(Files.exists(out), "nothing committed by the stopped run");
        assertTrue(Files.isDirectory(cps.resolve("epoch-0001")));
        EpochRecord stoppedEpoch1 = TrainingCheckpoints.in(spark.sparkContext().hadoopConfiguration(), cps.toString(),
                2, java.util.Map.of()).read(1).history().get(0);

        ParameterAveragingTrainer.listen(null);
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> LanguageModelTraining.pretrain(spark, settings(corpus(dir, "other.txt",
                        List.of("cat", "dog", "bird", "fish", "horse")), dir.resolve("other"), cps, 2, 0,
                        CheckpointSettings.Resume.ALWAYS, 2)));
        assertTrue(other.getMessage().contains("(vocabulary: checkpoint "), other.getMessage());
        assertTrue(Files.isDirectory(cps.resolve("epoch-0001")), "a refused resume leaves the checkpoint");

        List<Round> resumed = record(-1, -1, false);
        LanguageModelResult r = LanguageModelTraining.pretrain(spark,
                settings(text, out, cps, 2, 0, CheckpointSettings.Resume.ALWAYS, 2));
        assertEquals(List.of(1, 2), epochs(r), "the history covers every epoch");
        assertEquals(clean.subList(1, 2), resumed, "epoch 2 starts at the uninterrupted run's iteration and lr");
        assertEquals(stoppedEpoch1.metrics(), r.epochs().get(0).metrics(), "epoch 1 from the checkpoint");
        double a = r.validPerplexity();
        double b = reference.validPerplexity();
        System.out.printf("held-out perplexity after 2 epochs: resumed after epoch 1 %.4f, uninterrupted %.4f;"
                + " first resumed round %s, uninterrupted %s%n", a, b, resumed.get(0), clean.get(1));
        // DL4J's workers draw dropout masks from an unseeded RNG: two uninterrupted runs differ by a few percent here
        assertEquals(b, a, 0.15 * b, "within run-to-run noise of the uninterrupted run");
        assertFalse(Files.exists(cps), "checkpoints discarded after the commit");
    }

    @Test
    void aMidEpochCheckpointResumesWithExactlyTheRemainingRoundsOfItsEpoch(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.get();
        Path text = corpus(dir);
        List<Round> clean = record(-1, -1, false);
        LanguageModelResult reference = LanguageModelTraining.pretrain(spark,
                settings(text, dir.resolve("clean"), dir.resolve("clean-cp"), 2, 2, CheckpointSettings.Resume.AUTO, 2));
        List<Round> secondEpoch = clean.stream().filter(x -> x.epoch() == 1).toList();
        assertTrue(secondEpoch.size() >= 4, "rounds of epoch 2: " + secondEpoch);

        Path cps = dir.resolve("cp");
        Path out = dir.resolve("run");
        record(1, 3, false); // stopped in round 4 of epoch 2, after the checkpoint of its round 2
        assertThrows(Stop.class, () -> LanguageModelTraining.pretrain(spark,
                settings(text, out, cps, 2, 2, CheckpointSettings.Resume.AUTO, 2)));
        assertTrue(Files.isDirectory(cps.resolve("epoch-0002-round-0002")), "mid-epoch checkpoint written");

        List<Round> resumed = record(-1, -1, false);
        LanguageModelResult r = LanguageModelTraining.pretrain(spark,
                settings(text, out, cps, 2, 2, CheckpointSettings.Resume.AUTO, 2));
        System.out.printf("resumed after 2 of %d rounds of epoch 2: %d rounds trained; perplexity %.4f, uninterrupted"
                + " %.4f%n", secondEpoch.size(), resumed.size(), r.validPerplexity(), reference.validPerplexity());
        assertEquals(secondEpoch.size() - 2, resumed.size(), "exactly the remaining rounds");
        assertEquals(secondEpoch.subList(2, secondEpoch.size()), resumed,
                "the same rounds at the same iterations and learning rates");
        assertEquals(List.of(1, 2), epochs(r));
        assertEquals(reference.validPerplexity(), r.validPerplexity(), 0.15 * reference.validPerplexity(),
                "within run-to-run noise of the uninterrupted run");
    }
}
