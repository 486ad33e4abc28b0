package io.embark.pipelines.text;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextEpochsTest {
    final SparkSession spark = LocalSpark.get();

    static final StructType SCHEMA = new StructType()
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false))
            .add("label", DataTypes.IntegerType);
    static final int DOCS = 120;

    /** Documents whose tokens are all distinct: doc d holds d*1000 + j, j < its length (1..60). */
    Dataset<Row> docs() {
        Random r = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < DOCS; d++) {
            int len = 1 + r.nextInt(60);
            List<Integer> ids = new ArrayList<>();
            for (int j = 0; j < len; j++) {
                ids.add(d * 1000 + j);
            }
            rows.add(RowFactory.create(ids, d % 3));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(2);
    }

    static long totalTokens(Dataset<Row> docs) {
        long n = 0;
        for (Row r : docs.collectAsList()) {
            n += r.getList(0).size();
        }
        return n;
    }

    @Test
    void languageModelTargetsEveryTokenOncePerEpochExceptEachPartitionsFirst() {
        Dataset<Row> docs = docs().cache();
        LanguageModelEpochs lm = new LanguageModelEpochs(docs, "ids", 4, 7, 3, 42L);
        assertEquals(DOCS, lm.rows());
        List<List<DataSet>> parts = lm.dataSets(0).glom().collect();
        assertEquals(3, parts.size());
        List<Float> targets = new ArrayList<>();
        List<Float> firsts = new ArrayList<>();
        for (List<DataSet> part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            firsts.add(part.get(0).getFeatures().getFloat(0, 0, 0));
            for (int w = 0; w < part.size(); w++) {
                DataSet ds = part.get(w);
                assertArrayEquals(new long[] {4, 1, 7}, ds.getFeatures().shape());
                assertArrayEquals(new long[] {4, 1, 7}, ds.getLabels().shape());
                assertArrayEquals(new long[] {4, 7}, ds.getLabelsMaskArray().shape());
                float[][] f = LanguageModelWindowsTest.rows(ds.getFeatures());
                float[][] l = LanguageModelWindowsTest.rows(ds.getLabels());
                float[][] m = LanguageModelWindowsTest.rows(ds.getLabelsMaskArray());
                for (int i = 0; i < 4; i++) {
                    for (int t = 0; t < 7; t++) {
                        if (m[i][t] == 1f) {
                            targets.add(l[i][t]);
                            if (t + 1 < 7 && m[i][t + 1] == 1f) {
                                assertEquals(l[i][t], f[i][t + 1], "labels are the features shifted by one");
                            }
                        } else {
                            assertTrue(t > 0 || w > 0, "masks only at the end of a stream");
                            assertEquals(1f, f[i][t], "xxpad after the end");
                            if (t + 1 < 7) {
                                assertEquals(0f, m[i][t + 1], "mask is a prefix");
                            }
                        }
                    }
                    if (w + 1 < part.size() && m[i][6] == 1f) {
                        float nextFirst = part.get(w + 1).getFeatures().getFloat(i, 0, 0);
                        assertEquals(l[i][6], nextFirst, "row i of the next window continues the stream");
                    }
                }
            }
        }
        List<Float> expected = new ArrayList<>();
        for (Row r : docs.collectAsList()) {
            for (Object id : r.getList(0)) {
                expected.add(((Integer) id).floatValue());
            }
        }
        expected.removeAll(firsts);
        Collections.sort(expected);
        Collections.sort(targets);
        assertEquals(totalTokens(docs) - firsts.size(), targets.size());
        assertEquals(expected, targets, "every token is a target exactly once, but the first of each partition");
        docs.unpersist();
    }

    static List<float[]> flatten(List<DataSet> sets) {
        List<float[]> out = new ArrayList<>();
        for (DataSet ds : sets) {
            out.add(ds.getFeatures().data().asFloat());
            out.add(ds.getLabels().data().asFloat());
        }
        return out;
    }

    static void assertSame(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
    }

    static boolean same(List<float[]> a, List<float[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void sameSeedSameBatchesOtherEpochOtherOrder() {
        Dataset<Row> docs = docs();
        LanguageModelEpochs lm = new LanguageModelEpochs(docs, "ids", 4, 7, 3, 42L);
        List<float[]> e0 = flatten(lm.dataSets(0).collect());
        assertSame(e0, flatten(new LanguageModelEpochs(docs.repartition(5), "ids", 4, 7, 3, 42L)
                .dataSets(0).collect()));
        assertTrue(!same(e0, flatten(lm.dataSets(1).collect())), "another epoch, another order");
        assertTrue(!same(e0, flatten(new LanguageModelEpochs(docs, "ids", 4, 7, 3, 43L).dataSets(0).collect())));

        ClassifierEpochs clas = new ClassifierEpochs(docs, "ids", "label", 3, 8, 3, 42L).setChunkFactor(2);
        List<float[]> c0 = flatten(clas.dataSets(0).collect());
        assertSame(c0, flatten(new ClassifierEpochs(docs.repartition(4), "ids", "label", 3, 8, 3, 42L)
                .setChunkFactor(2).dataSets(0).collect()));
        assertTrue(!same(c0, flatten(clas.dataSets(1).collect())));
    }

    @Test
    void classifierServesEveryDocumentOncePaddedAtTheStart() {
        Dataset<Row> docs = docs();
        ClassifierEpochs clas = new ClassifierEpochs(docs, "ids", "label", 3, 8, 3, 42L).setChunkFactor(3);
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Integer> seen = new ArrayList<>();
            for (DataSet ds : clas.dataSets(epoch).collect()) {
                assertTrue(ds.getFeatures().size(0) <= 8);
                assertEquals(3, ds.getLabels().size(1));
                float[][] f = LanguageModelWindowsTest.rows(ds.getFeatures());
                float[][] m = LanguageModelWindowsTest.rows(ds.getFeaturesMaskArray());
                for (int i = 0; i < f.length; i++) {
                    int first = 0;
                    while (m[i][first] == 0f) {
                        assertEquals(1f, f[i][first], "xxpad before the document");
                        first++;
                    }
                    int doc = (int) f[i][first] / 1000;
                    seen.add(doc);
                    for (int t = first; t < f[i].length; t++) {
                        assertEquals(1f, m[i][t]);
                        assertEquals(doc * 1000 + t - first, (int) f[i][t], "document intact, in order");
                    }
                    assertEquals(1f, ds.getLabels().getFloat(i, doc % 3), "one-hot label of the document");
                    assertEquals(1f, ds.getLabels().getRow(i).sumNumber().floatValue());
                }
            }
            Collections.sort(seen);
            List<Integer> all = new ArrayList<>();
            for (int d = 0; d < DOCS; d++) {
                all.add(d);
            }
            assertEquals(all, seen, "epoch " + epoch + ": no document lost or duplicated");
        }
        assertEquals(DOCS, clas.rows());
    }

    @Test
    void badColumnsFailWithMessages() {
        Dataset<Row> docs = docs();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LanguageModelEpochs(docs, "label", 4, 7, 2, 1L));
        assertTrue(e.getMessage().contains("must be array<int>"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LanguageModelEpochs(docs, "nope", 4, 7, 2, 1L));
        assertThrows(IllegalArgumentException.class, () -> new LanguageModelEpochs(docs, "ids", 0, 7, 2, 1L));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierEpochs(docs, "ids", "ids", 2, 4, 2, 1L));
        Exception bad = assertThrows(Exception.class,
                () -> new ClassifierEpochs(docs, "ids", "label", 2, 4, 2, 1L).dataSets(0).count());
        assertTrue(String.valueOf(rootCause(bad).getMessage()).contains("outside [0, 2)"), bad.toString());
    }

    static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void dl4jNetworksTrainOnTheseShapes() {
        Dataset<Row> docs = docs();
        int vocab = DOCS * 1000;
        // no setInputType: it would reset the embedding's nIn to the input width (1); nIn and the output layer's
        // NCW format ([minibatch, size, time], which it does not default to without setInputType) are given here
        // language model: embedding of indices [bs, 1, T] -> LSTM -> RnnOutputLayer with sparse targets [bs, 1, T]
        MultiLayerConfiguration lmConf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-2)).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(vocab).nOut(4).build())
                .layer(new LSTM.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.SPARSE_MCXENT).activation(Activation.SOFTMAX)
                        .dataFormat(RNNFormat.NCW).nIn(8).nOut(vocab).build())
                .build();
        MultiLayerNetwork lmNet = new MultiLayerNetwork(lmConf);
        lmNet.init();
        List<DataSet> lmBatches = new LanguageModelEpochs(docs, "ids", 4, 7, 1, 1L).dataSets(0).take(3);
        for (DataSet ds : lmBatches) {
            lmNet.fit(ds);
        }
        assertTrue(Double.isFinite(lmNet.score()), "LM loss " + lmNet.score());
        MultiDataSet multi = new LanguageModelEpochs(docs, "ids", 4, 7, 1, 1L).forEpoch(0).first();
        assertEquals(1, multi.getFeatures().length);
        assertArrayEquals(new long[] {4, 7}, multi.getLabelsMaskArray(0).shape());

        // classifier: embedding -> LSTM -> masked max pooling over time -> softmax over the classes
        MultiLayerConfiguration clasConf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-2)).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(vocab).nOut(4).build())
                .layer(new LSTM.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(8).nOut(3).build())
                .build();
        MultiLayerNetwork clasNet = new MultiLayerNetwork(clasConf);
        clasNet.init();
        for (DataSet ds : new ClassifierEpochs(docs, "ids", "label", 3, 8, 1, 1L).dataSets(0).take(3)) {
            clasNet.fit(ds);
            assertEquals(ds.getFeatures().size(0), clasNet.output(ds.getFeatures(), false,
                    ds.getFeaturesMaskArray(), null).size(0));
        }
        assertTrue(Double.isFinite(clasNet.score()), "classifier loss " + clasNet.score());
    }
}
