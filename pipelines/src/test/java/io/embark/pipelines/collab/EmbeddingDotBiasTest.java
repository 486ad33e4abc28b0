package io.embark.pipelines.collab;

import io.embark.pipelines.data.BatchLayout;
import io.embark.pipelines.data.MultiDataSetBatcher;
import io.embark.pipelines.train.IterationClockHook;
import io.embark.pipelines.train.OneCycleSchedule;
import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingDotBiasTest {

    @Test
    void configurationSurvivesJsonRoundTripWithCustomScheduleAndActivation() {
        ComputationGraphConfiguration conf = EmbeddingDotBias.configuration(11, 21, CollabModelSettings.fastaiDefaults(), 100);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf.toJson(), back.toJson());
        ComputationGraph restored = new ComputationGraph(back);
        restored.init();
        assertEquals(EmbeddingDotBias.create(11, 21, CollabModelSettings.fastaiDefaults(), 100).numParams(), restored.numParams());
        assertTrue(conf.toJson().contains(OneCycleSchedule.class.getName()));
    }

    @Test
    void plainArrayScoringReproducesTheNetworkAndStaysInYRange() {
        ComputationGraph net = EmbeddingDotBias.create(11, 21, CollabModelSettings.fastaiDefaults(), 100);
        // make the learned parameters non-trivial; the frozen all-ones projection stays as it is
        for (String layer : new String[] {EmbeddingDotBias.USER_FACTORS, EmbeddingDotBias.ITEM_FACTORS,
            EmbeddingDotBias.USER_BIAS, EmbeddingDotBias.ITEM_BIAS}) {
            INDArray w = net.getLayer(layer).getParam("W");
            w.assign(Nd4j.rand(w.dataType(), w.shape()).subi(0.5).muli(2));
        }
        EmbeddingDotBias.Factors f = EmbeddingDotBias.factors(net);
        INDArray users = Nd4j.createFromArray(new float[][] {{3}, {0}, {10}});
        INDArray items = Nd4j.createFromArray(new float[][] {{5}, {20}, {0}});
        INDArray out = net.output(false, users, items)[0];
        int[][] pairs = {{3, 5}, {0, 20}, {10, 0}};
        for (int r = 0; r < 3; r++) {
            double expected = f.score(pairs[r][0], pairs[r][1]);
            assertEquals(expected, out.getDouble(r, 0), 1e-4);
            assertTrue(expected > 0 && expected < 5.5);
        }
    }

    @Test
    void parameterAveragingLearnsAndAdvancesTheScheduleIterations() {
        SparkSession spark = LocalSpark.get();
        Random r = new Random(1);
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < 6000; k++) {
            int u = 1 + r.nextInt(30);
            int i = 1 + r.nextInt(40);
            rows.add(RowFactory.create(u, i, (float) (1 + (u % 5) * 0.5 + (i % 3) * 0.5)));
        }
        StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
                .add("rating", DataTypes.FloatType);
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        JavaRDD<MultiDataSet> batches = MultiDataSetBatcher.batches(df,
                BatchLayout.singleColumnInputs(new String[] {"user", "item"}, "rating"), 64);
        ComputationGraph net = EmbeddingDotBias.create(31, 41,
                new CollabModelSettings(8, 0, 5.5, 0.01, 3e-2, 0.01, 7), 3 * 6000 / 128);
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(2, 64)
                .batchSizePerWorker(64).averagingFrequency(5).rddTrainingApproach(RDDTrainingApproach.Direct)
                .saveUpdater(true).trainingHooks(new IterationClockHook(net.getConfiguration())).build();
        SparkComputationGraph sparkNet = new SparkComputationGraph(JavaSparkContext.fromSparkContext(spark.sparkContext()), net, tm);
        double lr0 = net.getLearningRate(EmbeddingDotBias.USER_FACTORS);
        List<MultiDataSet> local = batches.collect(); // a test-sized set, to score the same network locally
        double before = meanScore(net.clone(), local);
        List<Integer> iterations = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            sparkNet.fitMultiDataSet(batches);
            iterations.add(sparkNet.getNetwork().getIterationCount());
        }
        // ~6000 / (2 workers x 64) = 47 steps per worker and epoch: the one-cycle schedule sees them all
        assertTrue(iterations.get(0) >= 40 && iterations.get(2) >= 3 * 40, "iterations " + iterations);
        assertTrue(lr0 < 3e-2 / 20, "warm-up starts at maxLr / 25");
        assertTrue(sparkNet.getNetwork().getLearningRate(EmbeddingDotBias.USER_FACTORS) < 3e-2 / 25, "annealed at the end");
        double after = meanScore(sparkNet.getNetwork(), local);
        // the frozen projection stays all ones (factors() checks it) and weight decay is configured once per embedding
        EmbeddingDotBias.factors(sparkNet.getNetwork());
        assertEquals(1, ((org.deeplearning4j.nn.conf.layers.BaseLayer) sparkNet.getNetwork()
                .getLayer(EmbeddingDotBias.USER_FACTORS).conf().getLayer()).getRegularization().size());
        assertTrue(after < 0.6 * before, "loss drops: " + before + " -> " + after);
    }

    static double meanScore(ComputationGraph net, List<MultiDataSet> data) {
        double sum = 0;
        for (MultiDataSet ds : data) {
            sum += net.score(ds);
        }
        return sum / data.size();
    }
}
