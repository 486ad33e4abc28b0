package io.embark.pipelines.train;

import io.embark.pipelines.collab.CollabModelSettings;
import io.embark.pipelines.collab.EmbeddingDotBias;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingCheckpointsTest {
    static final Map<String, String> FINGERPRINT = fingerprint("3");

    static Map<String, String> fingerprint(String epochs) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("network", "abc");
        f.put("trainer", "epochs=" + epochs);
        f.put("rows", "100");
        return f;
    }

    /** A small network trained a few steps, so that parameters, Adam's moments and the counters are non-trivial. */
    static ComputationGraph trained(int steps) {
        ComputationGraph net = EmbeddingDotBias.create(20, 30, CollabModelSettings.fastaiDefaults(), 100);
        for (int i = 0; i < steps; i++) {
            INDArray users = Nd4j.createFromArray(new float[][] {{1}, {2}, {3}, {4}});
            INDArray items = Nd4j.createFromArray(new float[][] {{5}, {6}, {7}, {8}});
            INDArray y = Nd4j.createFromArray(new float[][] {{4}, {3}, {5}, {1}});
            net.fit(new MultiDataSet(new INDArray[] {users, items}, new INDArray[] {y}));
        }
        return net;
    }

    static TrainingHistory history(int epochs) {
        TrainingHistory h = new TrainingHistory();
        for (int e = 1; e <= epochs; e++) {
            h.add(new EpochRecord(e, 1.0 / e, Map.of("valid_rmse", 0.9 / e), 1000, 2.5, e == 1 ? Double.NaN : 1e-3));
        }
        return h;
    }

    @Test
    void aCheckpointRestoresParametersUpdaterStateCountersAndHistoryAndOnlyTheNewestAreKept(@TempDir Path dir) {
        TrainingCheckpoints cps = TrainingCheckpoints.in(new Configuration(), dir.resolve("cp").toString(), 2, FINGERPRINT);
        ComputationGraph net = trained(5);
        for (int e = 1; e <= 3; e++) {
            cps.write(net, history(e));
        }
        assertEquals(List.of(2, 3), cps.epochs(), "keep = 2");
        TrainingCheckpoints.Checkpoint cp = cps.latest().orElseThrow();
        assertEquals(3, cp.epoch());
        assertEquals(FINGERPRINT, cp.fingerprint());
        assertEquals(history(3).epochs().size(), cp.history().size());
        assertEquals(0.3, cp.history().get(2).metrics().get("valid_rmse"), 1e-12);
        assertTrue(Double.isNaN(cp.history().get(0).learningRate()), "non-finite values survive");
        assertEquals(net.params(), cp.network().params());
        assertEquals(net.getUpdater().getStateViewArray(), cp.network().getUpdater().getStateViewArray(),
                "Adam's moments");
        assertEquals(5, cp.network().getConfiguration().getIterationCount(), "the schedule's position");
    }

    @Test
    void aHalfWrittenCheckpointIsNotOneAndADamagedOneIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path cpDir = dir.resolve("cp");
        TrainingCheckpoints cps = TrainingCheckpoints.in(new Configuration(), cpDir.toString(), 3, FINGERPRINT);
        cps.write(trained(2), history(1));
        // a run killed while writing epoch 2 leaves only its hidden temporary directory
        Files.createDirectories(cpDir.resolve(".epoch-0002.tmp-dead"));
        Files.writeString(cpDir.resolve(".epoch-0002.tmp-dead/model.zip"), "half");
        assertEquals(List.of(1), cps.epochs());
        assertEquals(1, cps.latest().orElseThrow().epoch());

        cps.write(trained(3), history(2));
        Path model = cpDir.resolve("epoch-0002/model.zip");
        try (RandomAccessFile f = new RandomAccessFile(model.toFile(), "rw")) {
            f.setLength(f.length() / 2); // truncated
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cps.latest());
        assertTrue(e.getMessage().contains("damaged checkpoint") && e.getMessage().contains(model.toUri().getPath()
                .replaceAll("/$", "")), e.getMessage());

        Path state = cpDir.resolve("epoch-0001/state.json");
        Files.writeString(state, Files.readString(state).replace("\"epoch\" : 1", "\"epoch\" : 2"));
        IllegalStateException checksum = assertThrows(IllegalStateException.class, () -> cps.read(1));
        assertTrue(checksum.getMessage().contains("state.json") && checksum.getMessage().contains("Checksum"),
                "Hadoop's checksums catch an altered file: " + checksum.getMessage());
        Files.delete(cpDir.resolve("epoch-0001/.state.json.crc")); // altered and its checksum removed too
        Files.writeString(state, Files.readString(state).replace("\"epoch\" : 2", "\"epoch\" : 7"));
        IllegalStateException altered = assertThrows(IllegalStateException.class, () -> cps.read(1));
        assertTrue(altered.getMessage().contains("state.json") && altered.getMessage().contains("epoch 7"),
                altered.getMessage());
        Files.writeString(state, "{ not json");
        assertThrows(IllegalStateException.class, () -> cps.read(1));
    }

    @Test
    void theDifferenceNamesTheSettingThatChanged() {
        assertNull(TrainingCheckpoints.difference(FINGERPRINT, fingerprint("3")));
        assertEquals("trainer: checkpoint epochs=3, this run epochs=5",
                TrainingCheckpoints.difference(FINGERPRINT, fingerprint("5")));
        Map<String, String> more = new LinkedHashMap<>(FINGERPRINT);
        more.put("vocabulary", "v2");
        assertEquals("vocabulary: checkpoint null, this run v2", TrainingCheckpoints.difference(FINGERPRINT, more));
    }
}
