package io.embark.pipelines.tabular;

import io.embark.pipelines.train.OneCycleSchedule;
import io.embark.pipelines.train.ScaledSigmoid;
import io.embark.transformers.tabular.TabularFeatures;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph {@link TabularModel} builds, and its agreement with {@link TabularBatches}. */
class TabularModelTest {
    /** Rossmann-like: Store 1,116 (→ 81 wide), DayOfWeek 8 (→ 5), a 3-level indicator (→ 3); two continuous columns. */
    static final TabularFeatures FEATURES = new TabularFeatures(List.of("Store_idx", "DayOfWeek_idx", "Promo_idx"),
            new int[] {1116, 8, 3}, List.of("Temp_norm", "Distance_norm"));
    static final double[] Y_RANGE = {0, 10};

    static TabularModelSettings small() {
        return TabularModelSettings.fastaiDefaults(Y_RANGE).withLayers(List.of(20, 10), List.of(0.001, 0.01));
    }

    static Layer layer(ComputationGraph net, String name) {
        return net.getLayer(name).conf().getLayer();
    }

    @Test
    void oneEmbeddingPerCategoricalColumnWithFastaiWidths() {
        ComputationGraph net = TabularModel.create(FEATURES, small(), 100);
        assertEquals(List.of("cat_Store_idx", "cat_DayOfWeek_idx", "cat_Promo_idx", TabularInputs.CONTINUOUS),
                net.getConfiguration().getNetworkInputs());
        long[][] shapes = {{1116, 81}, {8, 5}, {3, 3}};
        for (int c = 0; c < 3; c++) {
            String name = TabularModel.embeddingLayer(FEATURES.categoricalCols().get(c));
            assertInstanceOf(EmbeddingLayer.class, layer(net, name));
            assertArrayEquals(shapes[c], net.getLayer(name).getParam("W").shape(), name + " is vocab x emb_sz");
        }
        long embeddings = Arrays.stream(net.getLayers()).filter(l -> l.conf().getLayer() instanceof EmbeddingLayer).count();
        assertEquals(3, embeddings);
        // the first Dense layer sees 81 + 5 + 3 embedding columns and 2 continuous ones
        assertArrayEquals(new long[] {89 + 2, 20}, net.getLayer("dense_1").getParam("W").shape());
        assertArrayEquals(new long[] {20, 10}, net.getLayer("dense_2").getParam("W").shape());
        assertArrayEquals(new long[] {10, 1}, net.getLayer(TabularModel.OUTPUT).getParam("W").shape());
        assertInstanceOf(BatchNormalization.class, layer(net, TabularModel.CONTINUOUS_BN));
        assertEquals(2, net.getLayer(TabularModel.CONTINUOUS_BN).getParam("gamma").length(), "one scale per continuous column");
    }

    @Test
    void dropoutLayersKeepOneMinusFastaisDropProbability() {
        ComputationGraph net = TabularModel.create(FEATURES, small(), 100);
        assertEquals(0.96, ((Dropout) layer(net, TabularModel.EMBEDDING_DROPOUT).getIDropout()).getP(), 1e-12);
        assertEquals(0.999, ((Dropout) layer(net, "drop_1").getIDropout()).getP(), 1e-12);
        assertEquals(0.99, ((Dropout) layer(net, "drop_2").getIDropout()).getP(), 1e-12);
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            if (!name.startsWith(TabularModel.DROPOUT_PREFIX) && !name.equals(TabularModel.EMBEDDING_DROPOUT)) {
                assertEquals(null, l.conf().getLayer().getIDropout(), "no hidden dropout on " + name);
            }
        }
        // p = 0 means no dropout layer at all, as in fastai
        ComputationGraph noDrop = TabularModel.create(FEATURES, new TabularModelSettings(List.of(8), List.of(0.0), 0,
                Y_RANGE, 0.1, 1e-3, 1), 10);
        assertFalse(noDrop.getConfiguration().getVertices().containsKey("drop_1"));
        assertFalse(noDrop.getConfiguration().getVertices().containsKey(TabularModel.EMBEDDING_DROPOUT));
    }

    @Test
    void layerOrderIsLinearReluBatchNormDropout() {
        ComputationGraphConfiguration conf = TabularModel.configuration(FEATURES, small(), 100);
        assertEquals(List.of(TabularModel.FEATURES), conf.getVertexInputs().get("dense_1"));
        assertEquals(List.of("dense_1"), conf.getVertexInputs().get("bn_1"));
        assertEquals(List.of("bn_1"), conf.getVertexInputs().get("drop_1"));
        assertEquals(List.of("drop_1"), conf.getVertexInputs().get("dense_2"));
        assertEquals(List.of("drop_2"), conf.getVertexInputs().get(TabularModel.OUTPUT));
        assertEquals(List.of(TabularModel.EMBEDDINGS), conf.getVertexInputs().get(TabularModel.EMBEDDING_DROPOUT));
        assertEquals(List.of(TabularModel.EMBEDDING_DROPOUT, TabularModel.CONTINUOUS_BN),
                conf.getVertexInputs().get(TabularModel.FEATURES));
    }

    @Test
    void decoupledWeightDecayOnWeightsOnlyNotOnBatchNorm() {
        ComputationGraph net = TabularModel.create(FEATURES, small(), 100);
        for (String name : new String[] {"emb_Store_idx", "dense_1", "dense_2", TabularModel.OUTPUT}) {
            BaseLayer l = (BaseLayer) layer(net, name);
            assertEquals(1, l.getRegularization().size(), name);
            WeightDecay wd = (WeightDecay) l.getRegularization().get(0);
            assertEquals(0.2, wd.getCoeff().valueAt(0, 0), 1e-12);
            assertTrue(wd.isApplyLR(), "decoupled: scaled by the learning rate like fastai's true_wd");
            assertTrue(l.getRegularizationBias() == null || l.getRegularizationBias().isEmpty(), "no decay on biases");
        }
        for (String name : new String[] {TabularModel.CONTINUOUS_BN, "bn_1", "bn_2"}) {
            BaseLayer l = (BaseLayer) layer(net, name);
            assertTrue(l.getRegularization() == null || l.getRegularization().isEmpty(), name);
        }
        assertInstanceOf(DenseLayer.class, layer(net, "dense_1"));
    }

    @Test
    void outputsStayInsideTheYRangeEvenWithLargeWeights() {
        ComputationGraph net = TabularModel.create(FEATURES, small(), 100);
        INDArray w = net.getLayer(TabularModel.OUTPUT).getParam("W");
        w.assign(Nd4j.rand(w.dataType(), w.shape()).subi(0.5).muli(200));
        INDArray[] in = {
            Nd4j.createFromArray(new float[][] {{0}, {1115}, {7}, {500}}),
            Nd4j.createFromArray(new float[][] {{0}, {7}, {3}, {1}}),
            Nd4j.createFromArray(new float[][] {{0}, {2}, {1}, {1}}),
            Nd4j.createFromArray(new float[][] {{-50, 50}, {0, 0}, {10, -10}, {3, 3}}),
        };
        INDArray out = net.output(false, in)[0];
        assertArrayEquals(new long[] {4, 1}, out.shape());
        for (int r = 0; r < 4; r++) {
            double y = out.getDouble(r, 0);
            assertTrue(y >= Y_RANGE[0] && y <= Y_RANGE[1], "prediction " + y + " inside " + Arrays.toString(Y_RANGE));
        }
        OutputLayer o = (OutputLayer) layer(net, TabularModel.OUTPUT);
        assertEquals(new ScaledSigmoid(0, 10), o.getActivationFn());
        // without a y-range the output is unbounded (identity)
        TabularModelSettings open = new TabularModelSettings(List.of(8), List.of(0.0), 0, null, 0, 1e-3, 1);
        assertFalse(((OutputLayer) layer(TabularModel.create(FEATURES, open, 10), TabularModel.OUTPUT)).getActivationFn()
                instanceof ScaledSigmoid);
    }

    @Test
    void configurationSurvivesJsonRoundTrip() {
        ComputationGraphConfiguration conf = TabularModel.configuration(FEATURES, small(), 100);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf.toJson(), back.toJson());
        assertTrue(conf.toJson().contains(OneCycleSchedule.class.getName()));
        ComputationGraph restored = new ComputationGraph(back);
        restored.init();
        assertEquals(TabularModel.create(FEATURES, small(), 100).numParams(), restored.numParams());
    }

    @Test
    void forwardPassOnABatchFromTabularBatchesInInputOrder() {
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("Store_idx", DataTypes.IntegerType).add("DayOfWeek_idx", DataTypes.IntegerType)
                .add("Promo_idx", DataTypes.IntegerType).add("Temp_norm", DataTypes.DoubleType)
                .add("Distance_norm", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 12; r++) {
            // distinct values per column so that a swapped input would show
            rows.add(RowFactory.create(r, 1000 + r, r % 8, r % 3, 0.1 * r, -0.2 * r, 5.0 + r));
        }
        // columns in another order than the model's, to show the layout (not the frame) decides
        Dataset<Row> df = LocalSpark.get().createDataFrame(rows, schema)
                .select("y", "Distance_norm", "Promo_idx", "id", "Temp_norm", "DayOfWeek_idx", "Store_idx")
                .coalesce(1);
        MultiDataSet batch = TabularBatches.batches(df, FEATURES, "y", 12).first();
        ComputationGraph net = TabularModel.create(FEATURES, small(), 100);
        List<String> inputs = net.getConfiguration().getNetworkInputs();
        assertEquals(TabularInputs.of(FEATURES).names(), inputs);
        assertEquals(inputs.size(), batch.numFeatureArrays());
        assertArrayEquals(new long[] {12, 1}, batch.getFeatures(0).shape());
        assertArrayEquals(new long[] {12, 1}, batch.getFeatures(2).shape());
        assertArrayEquals(new long[] {12, 2}, batch.getFeatures(3).shape());
        assertArrayEquals(new long[] {12, 1}, batch.getLabels(0).shape());
        for (int r = 0; r < 12; r++) {
            assertEquals(1000 + r, batch.getFeatures(0).getDouble(r, 0), "Store first");
            assertEquals(r % 8, batch.getFeatures(1).getDouble(r, 0), "then DayOfWeek");
            assertEquals(r % 3, batch.getFeatures(2).getDouble(r, 0), "then Promo");
            assertEquals(0.1 * r, batch.getFeatures(3).getDouble(r, 0), 1e-6, "then Temp, Distance");
            assertEquals(-0.2 * r, batch.getFeatures(3).getDouble(r, 1), 1e-6);
            assertEquals(5.0 + r, batch.getLabels(0).getDouble(r, 0), 1e-6);
        }
        INDArray out = net.output(false, batch.getFeatures())[0];
        assertArrayEquals(new long[] {12, 1}, out.shape());
        double before = net.score(batch);
        for (int step = 0; step < 30; step++) {
            net.fit(batch);
        }
        assertNotEquals(before, net.score(batch));
        assertTrue(net.score(batch) < before, "a few steps on one batch lower its loss: " + before + " -> " + net.score(batch));
    }

    @Test
    void onlyContinuousOrOnlyCategoricalColumnsWork() {
        TabularFeatures conts = new TabularFeatures(List.of(), new int[0], List.of("a", "b", "c"));
        ComputationGraph c = TabularModel.create(conts, small(), 10);
        assertEquals(List.of(TabularInputs.CONTINUOUS), c.getConfiguration().getNetworkInputs());
        assertArrayEquals(new long[] {3, 20}, c.getLayer("dense_1").getParam("W").shape());

        TabularFeatures cats = new TabularFeatures(List.of("s"), new int[] {10}, List.of());
        ComputationGraph e = TabularModel.create(cats, small(), 10);
        assertEquals(List.of("cat_s"), e.getConfiguration().getNetworkInputs());
        assertArrayEquals(new long[] {6, 20}, e.getLayer("dense_1").getParam("W").shape(), "round(1.6 * 10^0.56) = 6");
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> new TabularModelSettings(List.of(10, 5), List.of(0.1), 0, null, 0, 1e-3, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new TabularModelSettings(List.of(10), List.of(1.0), 0, null, 0, 1e-3, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new TabularModelSettings(List.of(10), List.of(0.1), 0, new double[] {1, 1}, 0, 1e-3, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new TabularModelSettings(List.of(), List.of(), 0, null, 0, 1e-3, 1));
        assertThrows(IllegalArgumentException.class,
                () -> TabularBatches.layout(FEATURES, "Temp_norm"), "the target cannot be a feature");
        assertThrows(IllegalArgumentException.class,
                () -> TabularInputs.of(new TabularFeatures(List.of(), new int[0], List.of())));
    }
}
