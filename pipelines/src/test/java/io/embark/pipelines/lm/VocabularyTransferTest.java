package io.embark.pipelines.lm;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.FixedSchedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VocabularyTransferTest {
    static final List<String> SPECIALS = List.of("xxunk", "xxpad", "xxbos", "xxeos", "xxfld", "xxrep", "xxwrep", "xxup",
            "xxmaj");

    static List<String> vocab(String... words) {
        List<String> itos = new ArrayList<>(SPECIALS);
        itos.addAll(List.of(words));
        while (itos.size() % 8 != 0) {
            itos.add("xxfake");
        }
        return itos;
    }

    @Test
    void sharedTokensKeepTheirRowsInAnyOrderAndNewOnesGetTheMean() {
        LanguageModelSettings s = AwdLstmTest.SMALL;
        List<String> old = vocab("the", "film", "was", "good", "plot", "actor", "scene");
        List<String> target = vocab("movie", "scene", "the", "bad", "was", "xxunk2");
        ComputationGraph source = AwdLstm.create(old.size(), 10, s, new FixedSchedule(1e-3), Set.of());
        ComputationGraph dest = AwdLstm.create(target.size(), 10, s.withSizes(16, 32, 2), new FixedSchedule(1e-3),
                Set.of(AwdLstm.lstm(0)));
        int matched = VocabularyTransfer.transfer(source, old, dest, target);
        assertEquals(SPECIALS.size() + 3, matched); // specials, scene, the, was

        INDArray oldEmb = source.getLayer(AwdLstm.EMBEDDING).getParam("W");
        INDArray newEmb = dest.getLayer(AwdLstm.EMBEDDING).getParam("W");
        INDArray oldW = source.getLayer(AwdLstm.DECODER).getParam("W");
        INDArray newW = dest.getLayer(AwdLstm.DECODER).getParam("W");
        INDArray oldB = source.getLayer(AwdLstm.DECODER).getParam("b");
        INDArray newB = dest.getLayer(AwdLstm.DECODER).getParam("b");
        for (int j = 0; j < target.size(); j++) {
            int i = target.get(j).equals("xxfake") ? -1 : old.indexOf(target.get(j));
            if (i >= 0) {
                assertEquals(oldEmb.getRow(i), newEmb.getRow(j), target.get(j));
                assertEquals(oldW.getColumn(i), newW.getColumn(j), target.get(j));
                assertEquals(oldB.getFloat(0, i), newB.getFloat(0, j), 0f, target.get(j));
            } else {
                assertEquals(oldEmb.mean(0), newEmb.getRow(j), target.get(j));
                assertEquals(oldW.mean(1), newW.getColumn(j), target.get(j));
                assertEquals(oldB.meanNumber().floatValue(), newB.getFloat(0, j), 1e-7f, target.get(j));
            }
        }
        for (int l = 0; l < 2; l++) {
            assertEquals(source.getLayer(AwdLstm.lstm(l)).params(), dest.getLayer(AwdLstm.lstm(l)).params());
        }
    }

    @Test
    void refusesNetworksOfAnotherShape() {
        List<String> v = vocab("a", "b");
        ComputationGraph source = AwdLstm.create(v.size(), 10, AwdLstmTest.SMALL, new FixedSchedule(1e-3), Set.of());
        ComputationGraph other = AwdLstm.create(v.size(), 10, AwdLstmTest.SMALL.withSizes(16, 32, 3),
                new FixedSchedule(1e-3), Set.of());
        assertThrows(IllegalArgumentException.class, () -> VocabularyTransfer.transfer(source, v, other, v));
        assertThrows(IllegalArgumentException.class, () -> VocabularyTransfer.transfer(source, vocab("a", "b", "c", "d", "e", "f", "g", "h"), source, v));
    }
}
