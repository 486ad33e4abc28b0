package io.embark.pipelines.lm;

import io.embark.pipelines.output.SavedPipeline;
import io.embark.pipelines.output.ModelFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.output.SavedRun;
import io.embark.transformers.text.NumericalizeModel;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A language model saved by a pretrain or fine-tune run, as the next stage loads it: the network
 * ({@value #MODEL_FILE}, with updater state), the fitted text pipeline ({@value #TEXT_PIPELINE_DIR}: fastai
 * tokenizer then Numericalize, whose vocabulary indexes the network's embedding rows and outputs) and the model's
 * settings ({@value #SETTINGS_FILE}). The encoder that a classifier reuses is the network's
 * {@link AwdLstm#encoderLayers embedding and LSTM layers}.
 */
public final class LanguageModelRun {
    /** The network inside a run directory. */
    public static final String MODEL_FILE = "model/language-model.zip";
    /** The model settings inside a run directory. */
    public static final String SETTINGS_FILE = "model/settings.json";
    /** The fitted text pipeline inside a run directory. */
    public static final String TEXT_PIPELINE_DIR = "text-pipeline";
    /** The {@code kind} a settings file must have. */
    public static final String KIND = "embark-awd-lstm-language-model";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ComputationGraph network;
    private final PipelineModel textPipeline;
    private final LanguageModelSettings settings;
    private final int seqLen;

    private LanguageModelRun(ComputationGraph network, PipelineModel textPipeline, LanguageModelSettings settings,
                             int seqLen) {
        this.network = network;
        this.textPipeline = textPipeline;
        this.settings = settings;
        this.seqLen = seqLen;
    }

    /**
     * Loads the run in {@code dir}.
     *
     * @throws IllegalArgumentException when {@code dir} is not a language-model run (the message says what is missing)
     */
    public static LanguageModelRun load(SparkSession spark, String dir) {
        try {
            Path root = new Path(dir);
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Map<?, ?> meta = SavedRun.settings(fs, root, dir, List.of(SETTINGS_FILE, MODEL_FILE, TEXT_PIPELINE_DIR),
                    SETTINGS_FILE, KIND, "a pretrained language-model run", "the lm job's pretrain or finetune step");
            LanguageModelSettings settings = JSON.convertValue(meta.get("model"), LanguageModelSettings.class);
            int seqLen = ((Number) meta.get("seq_len")).intValue();
            ComputationGraph net = ModelFile.read(fs, new Path(root, MODEL_FILE), true);
            PipelineModel pipeline = SavedPipeline.load(spark, new Path(root, TEXT_PIPELINE_DIR).toString(),
                    "the text pipeline");
            LanguageModelRun run = new LanguageModelRun(net, pipeline, settings, seqLen);
            if (run.numericalize().vocabSize() != AwdLstm.vocabSize(net)) {
                throw new IllegalArgumentException(dir + ": the text pipeline's vocabulary has "
                        + run.numericalize().vocabSize() + " tokens but the network " + AwdLstm.vocabSize(net));
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the language-model run " + dir, e);
        }
    }

    /** Writes {@code net}, {@code pipeline} and the settings into the run directory {@code dir}. */
    static void save(RunDirectory dir, ComputationGraph net, PipelineModel pipeline, LanguageModelSettings settings,
                     int seqLen) {
        FileSystem fs = dir.fileSystem();
        try {
            try (FSDataOutputStream out = fs.create(new Path(dir.path(MODEL_FILE)), true)) {
                ModelSerializer.writeModel(net, out, true);
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("kind", KIND);
            meta.put("seq_len", seqLen);
            meta.put("vocab_size", AwdLstm.vocabSize(net));
            meta.put("lstm_layers", AwdLstm.lstmLayers(net));
            meta.put("encoder_layers", AwdLstm.encoderLayers(AwdLstm.lstmLayers(net)));
            meta.put("model", settings);
            try (FSDataOutputStream out = fs.create(new Path(dir.path(SETTINGS_FILE)), true)) {
                JSON.writeValue((java.io.OutputStream) out, meta);
            }
            pipeline.write().save(dir.path(TEXT_PIPELINE_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The network (embedding, LSTMs, decoder). */
    public ComputationGraph network() {
        return network;
    }

    /** The fitted text pipeline: tokenizer, then Numericalize. */
    public PipelineModel textPipeline() {
        return textPipeline;
    }

    /** The pipeline's Numericalize stage (the vocabulary). */
    public NumericalizeModel numericalize() {
        return numericalizeOf(textPipeline);
    }

    /** The Numericalize stage of a fitted text pipeline (tokenizer, then Numericalize). */
    public static NumericalizeModel numericalizeOf(PipelineModel textPipeline) {
        for (Transformer t : textPipeline.stages()) {
            if (t instanceof NumericalizeModel n) {
                return n;
            }
        }
        throw new IllegalArgumentException("the text pipeline has no NumericalizeModel stage");
    }

    /** The model's settings. */
    public LanguageModelSettings settings() {
        return settings;
    }

    /** The window length the model was trained with. */
    public int seqLen() {
        return seqLen;
    }
}
