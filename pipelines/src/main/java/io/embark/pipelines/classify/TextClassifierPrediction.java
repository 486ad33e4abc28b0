package io.embark.pipelines.classify;

import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.output.RunReport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * The predict step: scores new documents with a saved classifier ({@link TextClassifierRun}) on the executors,
 * through the run's own text pipeline and length cap. One committed run directory: {@code predictions/} (Parquet:
 * id, source text's label when given, predicted_label, probability, probabilities), {@code rejects/} (unusable
 * documents with the reason) and {@code metrics.json} (documents in/scored/rejected, predicted class counts, and
 * accuracy when the input has labels).
 */
public final class TextClassifierPrediction {
    private static final Logger LOG = LoggerFactory.getLogger(TextClassifierPrediction.class);

    private TextClassifierPrediction() {
    }

    /**
     * What was scored.
     *
     * @param output      the committed run directory
     * @param documents   documents read ({@code train} counts the scored ones)
     * @param predicted   documents per predicted class
     * @param accuracy    accuracy against the input's labels, or NaN when it has none
     * @param labelled    documents with a known label
     */
    public record Result(String output, LabelledTextReader.Counts documents, Map<String, Long> predicted,
                         double accuracy, long labelled) {
    }

    /** Scores {@code s.input()} with the classifier of {@code s.classifier()}. */
    public static Result predict(SparkSession spark, PredictSettings s) {
        TextClassifierRun run = TextClassifierRun.load(spark, s.classifier());
        return RunDirectory.run(s.output(), s.overwrite(), spark.sparkContext().hadoopConfiguration(),
                out -> score(spark, s, run, out));
    }

    private static Result score(SparkSession spark, PredictSettings s, TextClassifierRun run, RunDirectory out) {
        LabelledTextReader.LabelledDocuments read = new LabelledTextReader(s.input(), s.seed()).read(spark, List.of(),
                false);
        read.rejects().write().parquet(out.path("rejects"));
        LabelledTextReader.Counts counts = read.counts();
        Dataset<Row> encoded = TextClassifierTraining.encode(run.textPipeline(), read.documents(), run.classes(),
                run.maxLen(), false);
        Dataset<Row> predicted = ClassifierPredictor.predict(run.network(), encoded.select(col(LabelledTextReader.ID),
                        col(LabelledTextReader.LABEL), col(TextClassifierTraining.LABEL_INDEX), col(TextClassifierTraining.IDS)),
                TextClassifierTraining.IDS, run.classes(), s.batchSize()).persist(StorageLevel.MEMORY_AND_DISK());
        predicted.select(col(LabelledTextReader.ID), col(LabelledTextReader.LABEL), col(ClassifierPredictor.PREDICTED),
                col(ClassifierPredictor.PROBABILITY), col(ClassifierPredictor.PROBABILITIES))
                .write().parquet(out.path(TextClassifierTraining.PREDICTIONS_DIR));
        Map<String, Long> byClass = new LinkedHashMap<>();
        for (String c : run.classes()) {
            byClass.put(c, 0L);
        }
        for (Row r : predicted.groupBy(ClassifierPredictor.PREDICTED).count().collectAsList()) {
            byClass.put(r.getString(0), r.getLong(1));
        }
        Dataset<Row> known = predicted.where(col(TextClassifierTraining.LABEL_INDEX).geq(0));
        ClassifierEvaluation eval = ClassifierEvaluation.of(known, TextClassifierTraining.LABEL_INDEX, run.classes().size());
        predicted.unpersist();
        read.release();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", "imdb");
        m.put("step", "predict");
        m.put("classifier", s.classifier());
        m.put("documents", Map.of("in", counts.in(), "scored", counts.train() + counts.valid(), "rejected",
                counts.rejected()));
        m.put("predicted", byClass);
        if (eval.documents() > 0) {
            m.put("labelled", eval.documents());
            m.put("accuracy", eval.accuracy());
            m.put("confusion", eval.confusionByName(run.classes()));
        }
        m.put("settings", s);
        RunReport.writeMetrics(out, m);
        LOG.info("scored {} documents ({} rejected): {}", counts.train() + counts.valid(), counts.rejected(), byClass);
        return new Result(out.target(), counts, byClass, eval.accuracy(), eval.documents());
    }
}
