package io.embark.pipelines.train;

import io.embark.pipelines.output.ModelFile;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoints of one training run in a directory on any Hadoop file system: after epoch {@code n} the directory
 * {@code epoch-000n/} (after {@code r} averaging rounds of epoch {@code n}, a mid-epoch checkpoint,
 * {@code epoch-000n-round-000r/}) holds {@code model.zip} (DL4J's format: configuration JSON with the iteration and epoch
 * counters, parameters and the updater state, so the learning-rate schedule and Adam continue where they were) and
 * {@code state.json} (the epoch, the run's fingerprint, the training history so far and the {@link Position}: phase of
 * a multi-phase run, epochs done in it, rounds done in the epoch under way, so that a resumed run continues each
 * phase's one-cycle schedule and the epoch's data exactly where they were). A checkpoint is written
 * into a hidden temporary directory and renamed into place, so an interrupted write never leaves a checkpoint that
 * loads wrong; only the newest {@code keep} are kept.
 *
 * <p>The fingerprint names what a checkpoint is only valid for (network configuration, trainer settings, data);
 * {@link #difference} says which entry differs, so a resume under another configuration is refused with the setting
 * that changed. The epochs' shuffles are a function of the epoch number and the seed, so a resumed run sees the
 * same data order as an uninterrupted one.
 */
public final class TrainingCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingCheckpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)(?:-round-(\\d+))?");
    static final String MODEL = "model.zip";
    static final String STATE = "state.json";

    private final FileSystem fs;
    private final Path dir;
    private final int keep;
    private final Map<String, String> fingerprint;

    private TrainingCheckpoints(FileSystem fs, Path dir, int keep, Map<String, String> fingerprint) {
        this.fs = fs;
        this.dir = dir;
        this.keep = keep;
        this.fingerprint = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fingerprint)); // order: difference() names the first
    }

    /**
     * The checkpoints in {@code directory} of a run identified by {@code fingerprint} (what must be equal for a
     * checkpoint to be resumed: e.g. {@code network}, {@code trainer}, {@code rows}).
     */
    public static TrainingCheckpoints in(Configuration hadoopConf, String directory, int keep,
                                         Map<String, String> fingerprint) {
        try {
            Path d = new Path(directory);
            FileSystem fs = d.getFileSystem(hadoopConf);
            return new TrainingCheckpoints(fs, fs.makeQualified(d), keep, new LinkedHashMap<>(fingerprint));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the checkpoint directory " + directory, e);
        }
    }

    /** Deletes the checkpoint directory {@code directory} (after a run committed its output). */
    public static void discard(Configuration hadoopConf, String directory) {
        try {
            Path d = new Path(directory);
            FileSystem fs = d.getFileSystem(hadoopConf);
            if (fs.exists(d)) {
                fs.delete(d, true);
                LOG.info("removed the checkpoints of the finished run ({})", d);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the checkpoint directory {}: {}", directory, e.toString());
        }
    }

    /** The first 12 bytes of the SHA-256 of {@code text} in hex, for fingerprints of large settings (vocabularies). */
    public static String digest(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The directory. */
    public String directory() {
        return dir.toString();
    }

    /** This run's fingerprint. */
    public Map<String, String> fingerprint() {
        return fingerprint;
    }

    /**
     * Where in a run a checkpoint was written.
     *
     * @param phase       0-based phase of a run trained in phases (gradual unfreezing, frozen then unfrozen), each
     *                    with its own network, one-cycle schedule and shuffling seed; 0 for single-phase runs
     * @param phaseEpochs epochs completed in that phase
     * @param rounds      averaging rounds completed in the phase's next epoch (0 = an epoch-end checkpoint)
     */
    public record Position(int phase, int phaseEpochs, int rounds) {
        /** Validates the position. */
        public Position {
            if (phase < 0 || phaseEpochs < 0 || rounds < 0) {
                throw new IllegalArgumentException("checkpoint position must be >= 0: " + phase + "/" + phaseEpochs
                        + "/" + rounds);
            }
        }

        /** The end of epoch {@code epochs} of a single-phase run. */
        public static Position afterEpoch(int epochs) {
            return new Position(0, epochs, 0);
        }
    }

    /**
     * A checkpoint read back.
     *
     * @param epoch       epochs completed when it was written (all phases)
     * @param network     the network with its updater state and counters
     * @param history     the epochs trained up to it
     * @param fingerprint the fingerprint of the run that wrote it
     * @param path        its directory
     * @param position    phase, epochs done in it and rounds done in the epoch under way
     */
    public record Checkpoint(int epoch, ComputationGraph network, List<EpochRecord> history,
                             Map<String, String> fingerprint, String path, Position position) {
    }

    /** Epochs done and rounds done in the next one: the order of checkpoints. */
    private record Key(int epochs, int rounds) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return epochs != o.epochs ? Integer.compare(epochs, o.epochs) : Integer.compare(rounds, o.rounds);
        }
    }

    private List<Key> keys() {
        List<Key> keys = new ArrayList<>();
        try {
            if (!fs.exists(dir)) {
                return keys;
            }
            for (FileStatus s : fs.listStatus(dir)) {
                Matcher m = NAME.matcher(s.getPath().getName());
                if (s.isDirectory() && m.matches()) {
                    int n = Integer.parseInt(m.group(1));
                    keys.add(m.group(2) == null ? new Key(n, 0) : new Key(n - 1, Integer.parseInt(m.group(2))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints in " + dir, e);
        }
        keys.sort(null);
        return keys;
    }

    /** The epochs of the complete epoch-end checkpoints present, oldest first. */
    public List<Integer> epochs() {
        return keys().stream().filter(k -> k.rounds() == 0).map(Key::epochs).toList();
    }

    /** The names of the checkpoints present ({@code epoch-0002}, {@code epoch-0003-round-0004}), oldest first. */
    public List<String> names() {
        return keys().stream().map(k -> name(k.epochs(), k.rounds())).toList();
    }

    /** The newest checkpoint (epoch-end or mid-epoch), if any. */
    public Optional<Checkpoint> latest() {
        List<Key> keys = keys();
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        Key k = keys.get(keys.size() - 1);
        return Optional.of(read(k.epochs(), k.rounds()));
    }

    /**
     * The checkpoint a run with this fingerprint continues from under {@code resume}: the newest one when it was
     * written under the same configuration. Otherwise empty, after clearing the directory ({@code NEVER}; or
     * {@code AUTO} with a log line naming the setting that differs).
     *
     * @throws IllegalArgumentException with {@code ALWAYS} when there is no checkpoint or it was written under
     *                                  another configuration (naming the setting)
     */
    public Optional<Checkpoint> resumable(CheckpointSettings.Resume resume) {
        Optional<Checkpoint> last = resume == CheckpointSettings.Resume.NEVER ? Optional.empty() : latest();
        if (last.isEmpty()) {
            if (resume == CheckpointSettings.Resume.ALWAYS) {
                throw new IllegalArgumentException("resume=true but there is no checkpoint in " + directory());
            }
            if (!keys().isEmpty()) {
                LOG.info("resume=false: discarding the checkpoints in {}", directory());
            }
            clear();
            return Optional.empty();
        }
        Checkpoint cp = last.get();
        String differs = difference(cp.fingerprint(), fingerprint);
        if (differs != null) {
            if (resume == CheckpointSettings.Resume.ALWAYS) {
                throw new IllegalArgumentException("cannot resume from " + cp.path()
                        + ": it was written under another configuration (" + differs + ")");
            }
            LOG.warn("not resuming from {}: written under another configuration ({}); starting afresh",
                    cp.path(), differs);
            clear();
            return Optional.empty();
        }
        return last;
    }

    /**
     * Reads the epoch-end checkpoint of {@code epoch}.
     *
     * @throws IllegalStateException naming the file when it is missing, truncated or altered
     */
    public Checkpoint read(int epoch) {
        return read(epoch, 0);
    }

    /**
     * Reads the checkpoint written after {@code epoch} epochs and {@code rounds} rounds of the next one.
     *
     * @throws IllegalStateException naming the file when it is missing, truncated or altered
     */
    public Checkpoint read(int epoch, int rounds) {
        Path cp = new Path(dir, name(epoch, rounds));
        Path state = new Path(cp, STATE);
        Path model = new Path(cp, MODEL);
        Map<String, Object> s;
        try (FSDataInputStream in = fs.open(state)) {
            s = JSON.readValue(in, new TypeReference<Map<String, Object>>() { });
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("damaged checkpoint: cannot read " + state + " (" + e.getMessage()
                    + "); delete " + cp + " to resume from an earlier one", e);
        }
        ComputationGraph net;
        try {
            net = ModelFile.read(fs, model, true);
        } catch (RuntimeException e) {
            throw new IllegalStateException("damaged checkpoint: cannot load " + model + " (" + e.getMessage()
                    + "); delete " + cp + " to resume from an earlier one", e);
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> fp = (Map<String, String>) s.get("fingerprint");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> epochs = (List<Map<String, Object>>) s.get("history");
            List<EpochRecord> history = new ArrayList<>();
            for (Map<String, Object> e : epochs) {
                history.add(record(e));
            }
            int written = ((Number) s.get("epoch")).intValue();
            @SuppressWarnings("unchecked")
            Map<String, Object> pos = (Map<String, Object>) s.get("position");
            Position position = pos == null ? Position.afterEpoch(written) // written before positions were recorded
                    : new Position(((Number) pos.get("phase")).intValue(), ((Number) pos.get("phase_epochs")).intValue(),
                    ((Number) pos.get("rounds")).intValue());
            if (written != epoch || history.size() != epoch || fp == null || position.rounds() != rounds) {
                throw new IllegalArgumentException("state says epoch " + written + " with " + history.size()
                        + " epochs of history and " + position.rounds() + " rounds");
            }
            return new Checkpoint(epoch, net, history, fp, cp.toString(), position);
        } catch (RuntimeException e) {
            throw new IllegalStateException("damaged checkpoint: " + state + " is not a checkpoint state of epoch "
                    + epoch + " (" + e.getMessage() + "); delete " + cp + " to resume from an earlier one", e);
        }
    }

    /**
     * Writes the checkpoint after the last epoch of {@code history} of a single-phase run (write, then rename) and
     * drops the ones beyond {@code keep}.
     */
    public void write(ComputationGraph net, TrainingHistory history) {
        write(net, history, Position.afterEpoch(history.epochs().size()));
    }

    /**
     * Writes the checkpoint at {@code position}, {@code history} holding every epoch completed so far (all phases),
     * then drops the ones beyond {@code keep}.
     */
    public void write(ComputationGraph net, TrainingHistory history, Position position) {
        int epoch = history.epochs().size();
        String name = name(epoch, position.rounds());
        Path target = new Path(dir, name);
        Path tmp = new Path(dir, "." + name + ".tmp-" + UUID.randomUUID());
        try {
            fs.mkdirs(tmp);
            try (FSDataOutputStream out = fs.create(new Path(tmp, MODEL), false)) {
                ModelSerializer.writeModel(net, out, true);
            }
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("epoch", epoch);
            Map<String, Object> pos = new LinkedHashMap<>();
            pos.put("phase", position.phase());
            pos.put("phase_epochs", position.phaseEpochs());
            pos.put("rounds", position.rounds());
            state.put("position", pos);
            state.put("fingerprint", fingerprint);
            List<Map<String, Object>> epochs = new ArrayList<>();
            for (EpochRecord e : history.epochs()) {
                epochs.add(map(e));
            }
            state.put("history", epochs);
            try (FSDataOutputStream out = fs.create(new Path(tmp, STATE), false)) {
                out.write(JSON.writeValueAsBytes(state));
            }
            if (fs.exists(target)) {
                fs.delete(target, true); // a run that restarted from an earlier checkpoint
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
            prune();
        } catch (IOException e) {
            try {
                fs.delete(tmp, true);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new UncheckedIOException("cannot write the checkpoint " + name + " to " + target, e);
        }
    }

    /** Deletes every checkpoint (a run that starts afresh). */
    public void clear() {
        try {
            if (fs.exists(dir)) {
                fs.delete(dir, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the checkpoint directory " + dir, e);
        }
    }

    /**
     * The first entry in which {@code theirs} (a checkpoint's fingerprint) differs from {@code ours}, as
     * {@code "name: checkpoint X, this run Y"}, or null when they are equal.
     */
    public static String difference(Map<String, String> theirs, Map<String, String> ours) {
        List<String> names = new ArrayList<>(ours.keySet());
        theirs.keySet().stream().filter(k -> !ours.containsKey(k)).forEach(names::add);
        for (String name : names) {
            String a = theirs.get(name);
            String b = ours.get(name);
            if (a == null ? b != null : !a.equals(b)) {
                return name + ": checkpoint " + a + ", this run " + b;
            }
        }
        return null;
    }

    private void prune() throws IOException {
        List<Key> keys = keys();
        for (int i = 0; i < keys.size() - keep; i++) {
            fs.delete(new Path(dir, name(keys.get(i).epochs(), keys.get(i).rounds())), true);
        }
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (n.startsWith(".epoch-") && n.contains(".tmp-")
                    && System.currentTimeMillis() - s.getModificationTime() > 3_600_000L) {
                fs.delete(s.getPath(), true); // left by a run killed while writing, an hour ago or more
            }
        }
    }

    private static String name(int epochs, int rounds) {
        return rounds == 0 ? String.format("epoch-%04d", epochs) : String.format("epoch-%04d-round-%04d", epochs + 1,
                rounds);
    }

    private static Map<String, Object> map(EpochRecord e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", e.epoch());
        m.put("train_loss", e.trainLoss());
        m.put("metrics", e.metrics());
        m.put("samples", e.samples());
        m.put("train_seconds", e.trainSeconds());
        m.put("learning_rate", e.learningRate());
        return m;
    }

    private static EpochRecord record(Map<String, Object> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) m.get("metrics");
        Map<String, Double> values = new LinkedHashMap<>();
        metrics.forEach((k, v) -> values.put(k, number(v)));
        return new EpochRecord(((Number) m.get("epoch")).intValue(), number(m.get("train_loss")), values,
                ((Number) m.get("samples")).longValue(), number(m.get("train_seconds")),
                number(m.get("learning_rate")));
    }

    private static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return Double.parseDouble(String.valueOf(v)); // "NaN" / "Infinity", as Jackson writes non-finite doubles
    }
}
