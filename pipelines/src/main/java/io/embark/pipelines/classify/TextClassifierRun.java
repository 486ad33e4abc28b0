package io.embark.pipelines.classify;

import io.embark.pipelines.output.SavedPipeline;
import io.embark.pipelines.output.ModelFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.embark.pipelines.lm.AwdLstm;
import io.embark.pipelines.lm.LanguageModelSettings;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.output.SavedRun;
import io.embark.transformers.text.NumericalizeModel;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text classifier saved by the classify step, as the predict step loads it: the network ({@value #MODEL_FILE}),
 * the fitted text pipeline ({@value #TEXT_PIPELINE_DIR}: fastai tokenizer then Numericalize, whose vocabulary
 * indexes the network's embedding rows), and {@value #SETTINGS_FILE} with the classes, the length cap and the
 * settings. Loading checks that the pipeline's vocabulary and the network's embedding agree.
 */
public final class TextClassifierRun {
    /** The network inside a run directory. */
    public static final String MODEL_FILE = "model/classifier.zip";
    /** The settings inside a run directory. */
    public static final String SETTINGS_FILE = "model/settings.json";
    /** The fitted text pipeline inside a run directory. */
    public static final String TEXT_PIPELINE_DIR = "text-pipeline";
    /** The {@code kind} a settings file must have. */
    public static final String KIND = "embark-text-classifier";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ComputationGraph network;
    private final PipelineModel textPipeline;
    private final List<String> classes;
    private final int maxLen;

    TextClassifierRun(ComputationGraph network, PipelineModel textPipeline, List<String> classes, int maxLen) {
        this.network = network;
        this.textPipeline = textPipeline;
        this.classes = List.copyOf(classes);
        this.maxLen = maxLen;
    }

    /**
     * Loads the run in {@code dir}.
     *
     * @throws IllegalArgumentException when {@code dir} is not a classifier run or its parts disagree
     */
    public static TextClassifierRun load(SparkSession spark, String dir) {
        try {
            Path root = new Path(dir);
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Map<?, ?> meta = SavedRun.settings(fs, root, dir, List.of(SETTINGS_FILE, MODEL_FILE, TEXT_PIPELINE_DIR),
                    SETTINGS_FILE, KIND, "a text-classifier run", "the imdb job's classify step");
            List<String> classes = new ArrayList<>();
            for (Object c : (List<?>) meta.get("classes")) {
                classes.add(String.valueOf(c));
            }
            int maxLen = ((Number) meta.get("max_len")).intValue();
            ComputationGraph net = ModelFile.read(fs, new Path(root, MODEL_FILE), false);
            PipelineModel pipeline = SavedPipeline.load(spark, new Path(root, TEXT_PIPELINE_DIR).toString(),
                    "the text pipeline");
            TextClassifierRun run = new TextClassifierRun(net, pipeline, classes, maxLen);
            requireSameVocabulary(run.numericalize(), net, dir);
            if (TextClassifier.numClasses(net) != classes.size()) {
                throw new IllegalArgumentException(dir + ": the network has " + TextClassifier.numClasses(net)
                        + " classes but the settings list " + classes);
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the text-classifier run " + dir, e);
        }
    }

    /** Refuses a network whose embedding does not have a row per token of the pipeline's vocabulary. */
    static void requireSameVocabulary(NumericalizeModel numericalize, ComputationGraph net, String where) {
        if (numericalize.vocabSize() != AwdLstm.vocabSize(net)) {
            throw new IllegalArgumentException(where + ": the text pipeline's vocabulary has "
                    + numericalize.vocabSize() + " tokens but the network's embedding " + AwdLstm.vocabSize(net)
                    + " rows; the encoder and the text pipeline must come from the same language-model run");
        }
    }

    /** Writes the classifier into {@code dir}. */
    static void save(RunDirectory dir, ComputationGraph net, PipelineModel pipeline, List<String> classes, int maxLen,
                     LanguageModelSettings sizes, TextClassifierSettings model, String encoder) {
        FileSystem fs = dir.fileSystem();
        try {
            try (FSDataOutputStream out = fs.create(new Path(dir.path(MODEL_FILE)), true)) {
                ModelSerializer.writeModel(net, out, false);
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("kind", KIND);
            meta.put("classes", classes);
            meta.put("max_len", maxLen);
            meta.put("vocab_size", AwdLstm.vocabSize(net));
            meta.put("encoder", encoder.isEmpty() ? "none (trained from scratch)" : encoder);
            meta.put("encoder_sizes", Map.of("embedding", sizes.embeddingSize(), "hidden", sizes.hiddenSize(),
                    "layers", sizes.layers()));
            meta.put("model", model);
            try (FSDataOutputStream out = fs.create(new Path(dir.path(SETTINGS_FILE)), true)) {
                JSON.writeValue((java.io.OutputStream) out, meta);
            }
            pipeline.write().save(dir.path(TEXT_PIPELINE_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The network. */
    public ComputationGraph network() {
        return network;
    }

    /** The fitted text pipeline: tokenizer, then Numericalize. */
    public PipelineModel textPipeline() {
        return textPipeline;
    }

    /** The pipeline's Numericalize stage. */
    public NumericalizeModel numericalize() {
        return io.embark.pipelines.lm.LanguageModelRun.numericalizeOf(textPipeline);
    }

    /** The class labels in class-index order. */
    public List<String> classes() {
        return classes;
    }

    /** The length cap in tokens. */
    public int maxLen() {
        return maxLen;
    }
}
