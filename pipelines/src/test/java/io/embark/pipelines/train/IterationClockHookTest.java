package io.embark.pipelines.train;

import io.embark.pipelines.collab.CollabModelSettings;
import io.embark.pipelines.collab.EmbeddingDotBias;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IterationClockHookTest {

    @Test
    void workerContinuesFromTheMasterCountCapturedWhenTheRoundWasSerialised() throws Exception {
        ComputationGraph master = EmbeddingDotBias.create(5, 5, CollabModelSettings.fastaiDefaults(), 1000);
        master.getConfiguration().setIterationCount(120);
        IterationClockHook shipped = roundTrip(new IterationClockHook(master.getConfiguration()));
        master.getConfiguration().setIterationCount(999); // later rounds do not affect a hook already shipped

        // what dl4j-spark M2 gives a worker: a clone of the configuration, iteration count lost
        ComputationGraph worker = new ComputationGraph(master.getConfiguration().clone());
        worker.init();
        assertEquals(0, worker.getIterationCount(), "dl4j-spark M2's clone drops the count (the bug this hook fixes)");
        shipped.preUpdate((org.nd4j.linalg.dataset.api.MultiDataSet) null, worker);
        assertEquals(120, worker.getIterationCount());
        worker.getConfiguration().setIterationCount(125);
        shipped.preUpdate((org.nd4j.linalg.dataset.api.MultiDataSet) null, worker);
        assertEquals(125, worker.getIterationCount(), "applied once per round, then the worker counts itself");

        OneCycleSchedule schedule = new OneCycleSchedule(5e-3, 1000);
        assertEquals(5e-3, schedule.valueAt(250, 0), 1e-12, "peak after pctStart");
        assertEquals(5e-3 / 25, schedule.valueAt(0, 0), 1e-12, "starts at maxLr / 25");
    }

    private static IterationClockHook roundTrip(IterationClockHook hook) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(hook);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (IterationClockHook) in.readObject();
        }
    }
}
