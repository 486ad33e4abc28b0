package io.embark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster tests of the MovieLens and Rossmann jobs, on a real HDFS: one {@link MiniDFSCluster} (NameNode and one
 * DataNode on 127.0.0.1, in this JVM, its storage under {@code embark.it.workdir}) and one {@link StandaloneCluster}
 * (a Master and two one-core Workers) shared by all tests. The inputs are copied onto HDFS and every job argument that
 * names a path (inputs, outputs, the checkpoint directory) is an {@code hdfs://127.0.0.1:<port>/...} URI, so the driver
 * and the executors read and write only through HDFS; every output is read back through the Hadoop FileSystem API
 * (Parquet row counts from the footers).
 * <ul>
 * <li>MovieLens (the first 50,000 ratings of ml-latest-small, 2 epochs, {@code training.workers=2}): trained on the
 * spark:// master by both executors, "epoch 2/2" logged, valid RMSE below the mean baseline, metrics.json, the model
 * zip, the curves PNG, predictions and rejects, the preprocessing pipeline; no staging directory or lock left beside
 * the output; the checkpoint directory on HDFS used and removed after the commit; the same submission again is
 * refused (exit 2) without changing a byte of the output.</li>
 * <li>A fresh {@code .<name>.lock} file in the format RunLock writes (a live run on another host) makes a run exit 2
 * with the "being written by another run" reason, naming the holder and leaving the lock file alone.</li>
 * <li>Rossmann on stores 1-3: generate, prepare, train and predict as four separate spark-submit calls, as a scheduled
 * pipeline runs them, with the small model and 12-epoch schedule of RossmannJobTest: 2,826 generated rows, the
 * prepared parts, training on both executors, the model far below predicting the mean, near the Store x DayOfWeek x
 * Promo median and above the oracle (RossmannJobTest's margins; compare on with a 5-tree GBT, since the median is
 * printed only then), one {@code Id,Sales} row per test row (96) with closed days at 0, checkpoints on HDFS removed,
 * nothing left beside the outputs; a repeated generate and train without {@code overwrite=true} refused (exit 2) with
 * the one-line reason before the step starts, every file under the work directory unchanged; a tables directory
 * without {@code store.csv} exits 2 with a one-line reason and writes nothing.</li>
 * </ul>
 * It prints the HDFS start-up time, each job's and step's wall time and the Rossmann quality ratios.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsJobsIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);
    /** Ratings of ml-latest-small put on HDFS (of 100,836): the full file took 75 s, 32 s of it training. */
    private static final int MOVIELENS_RATINGS = 50_000;
    /** MovieLens epochs: enough for both executors to train and for the "epoch 2/2" progress line. */
    private static final int MOVIELENS_EPOCHS = 2;
    private static final List<Integer> ROSSMANN_STORES = List.of(1, 2, 3);
    private static final int ROSSMANN_EPOCHS = 12;
    /**
     * The same small model and schedule as RossmannJobTest, so that its quality bounds carry over; compare stays on
     * (the train step prints the Store x DayOfWeek x Promo median only then) with a 5-tree GBT to keep it short.
     */
    private static final List<String> ROSSMANN_SMALL_TRAINING = List.of("model.layers=[64,32]", "model.max-lr=0.02",
            "training.epochs=" + ROSSMANN_EPOCHS, "training.workers=2", "training.batch-size-per-worker=32",
            "training.averaging-frequency=10", "compare.enabled=true", "compare.gbt-max-iter=5");
    /** RunDirectory's one-line reason for a committed output, after the output's name. */
    private static final String EXISTS = " already exists; choose another output or set overwrite=true";

    private static java.nio.file.Path work;
    private static java.nio.file.Path repo;
    private static String jar;
    private static MiniDFSCluster hdfs;
    private static FileSystem fs;
    /** {@code hdfs://127.0.0.1:<NameNode port>}, without a trailing slash. */
    private static String hdfsUri;
    private static StandaloneCluster cluster;
    private static final long CLASS_START = System.nanoTime();

    @BeforeAll
    static void startHdfsAndSpark() throws Exception {
        work = Files.createDirectories(Paths.get(System.getProperty("embark.it.workdir"))
                .resolve("hdfs-" + System.nanoTime()));
        repo = Paths.get(System.getProperty("embark.repo.root")).toAbsolutePath().normalize();
        jar = Paths.get(System.getProperty("embark.shaded.jar")).toAbsolutePath().toString();
        assertTrue(Files.isRegularFile(Paths.get(jar)), "shaded jar missing: " + jar);

        long t0 = System.nanoTime();
        java.nio.file.Path base = Files.createDirectories(work.resolve("minidfs"));
        Configuration conf = new Configuration();
        conf.set("hadoop.tmp.dir", base.resolve("tmp").toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.servicerpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.setInt("dfs.replication", 1);
        hdfs = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).format(true).build();
        hdfs.waitActive();
        hdfsUri = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
        Configuration client = new Configuration(hdfs.getConfiguration(0));
        fs = FileSystem.get(java.net.URI.create(hdfsUri), client);
        double hdfsSeconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        fs.mkdirs(new Path("/data/movielens"));
        // the first MOVIELENS_RATINGS ratings (whole users: the file is sorted by userId) keep the run near a minute
        List<String> ratings = Files.readAllLines(repo.resolve("data/movielens/ml-latest-small/ratings.csv"));
        try (FSDataOutputStream o = fs.create(new Path("/data/movielens/ratings.csv"), false)) {
            o.write((String.join("\n", ratings.subList(0, MOVIELENS_RATINGS + 1)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        fs.copyFromLocalFile(new Path(repo.resolve("data/rossmann").toUri()), new Path("/data/rossmann"));
        assertTrue(fs.isFile(new Path("/data/rossmann/store.csv")) && fs.isDirectory(new Path("/data/rossmann/weather")),
                Arrays.toString(fs.listStatus(new Path("/data/rossmann"))));
        report("HDFS (MiniDFSCluster, 1 DataNode) at %s started in %.1f s; inputs put in %.1f s", hdfsUri, hdfsSeconds,
                (System.nanoTime() - t1) / 1e9);

        long t2 = System.nanoTime();
        cluster = new StandaloneCluster(work.resolve("cluster"), 2, 1, "2g");
        report("Spark standalone cluster (2 x 1-core workers) started in %.1f s", (System.nanoTime() - t2) / 1e9);
    }

    @AfterAll
    static void stopClusters() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        if (fs != null) {
            fs.close();
        }
        if (hdfs != null) {
            hdfs.shutdown(true);
        }
        report("whole class (HDFS, cluster, all jobs, shutdown) %.1f s", (System.nanoTime() - CLASS_START) / 1e9);
    }

    @Test
    @Order(1)
    void movieLensReadsWritesAndCheckpointsOnHdfsAndRefusesACommittedOutput() throws Exception {
        String output = hdfsUri + "/runs/movielens";
        String checkpoints = hdfsUri + "/checkpoints/movielens";
        List<String> job = List.of("movielens", "ratings=" + hdfsUri + "/data/movielens/ratings.csv",
                "output=" + output, "training.epochs=" + MOVIELENS_EPOCHS, "training.workers=2",
                "training.averaging-frequency=20",
                "training.checkpoint.enabled=true", "training.checkpoint.dir=" + checkpoints);

        long t0 = System.nanoTime();
        String log = submit("movielens", 0, job);
        report("MovieLens on HDFS (%,d ratings, %d epochs): %.1f s", MOVIELENS_RATINGS, MOVIELENS_EPOCHS,
                (System.nanoTime() - t0) / 1e9);

        Path out = new Path(output);
        JsonNode metrics = readJson(new Path(out, "metrics.json"));
        assertTrue(metrics.at("/training/master").asText().startsWith("spark://"), metrics.toString());
        assertEquals(2, metrics.at("/training/workers").asInt(), metrics.toString());
        assertEquals(2, executorsUsed(metrics).size(), "both executors ran training tasks: " + executorsUsed(metrics));
        assertEquals(MOVIELENS_EPOCHS, metrics.at("/epochs").size(), "one record per epoch: " + metrics.at("/epochs"));
        assertTrue(log.contains("epoch " + MOVIELENS_EPOCHS + "/" + MOVIELENS_EPOCHS), "progress is logged per epoch");
        JsonNode rows = metrics.at("/rows");
        assertEquals(MOVIELENS_RATINGS, rows.at("/in").asLong(), "the ratings put on HDFS: " + rows);
        assertEquals(rows.at("/used").asLong(), rows.at("/train").asLong() + rows.at("/valid").asLong(), rows.toString());
        double rmse = metrics.at("/final/valid_rmse").asDouble();
        assertTrue(rmse > 0 && rmse < metrics.at("/baseline_predict_mean/valid_rmse").asDouble(),
                "valid RMSE " + rmse + " should beat the mean baseline: " + metrics);
        assertNonEmptyFile(new Path(out, "model/embedding-dot-bias.zip"));
        assertPng(new Path(out, "training-curves.png"));
        assertEquals(metrics.at("/rows/valid").asLong(), parquetRows(new Path(out, "predictions")),
                "one prediction per validation rating");
        assertEquals(metrics.at("/rows/rejected").asLong(), parquetRows(new Path(out, "rejects")));
        assertTrue(fs.isDirectory(new Path(out, "preprocessing/stages")), "preprocessing pipeline saved");
        assertNothingBeside(out);
        assertTrue(log.contains("removed the checkpoints of the finished run (" + checkpoints),
                "the checkpoint directory on HDFS was written and removed after the commit:\n" + tail(log));
        assertFalse(fs.exists(new Path(checkpoints)), "checkpoints removed after the commit");

        // (a) the same submission again: refused, and the committed output stays byte-identical
        Map<String, String> before = snapshot(out);
        String refused = submit("movielens-again", 2, job);
        assertTrue(refused.contains("embark movielens: output directory " + output + EXISTS), tail(refused));
        assertEquals(before, snapshot(out), "a refused run changes no byte of the committed output");
        assertNothingBeside(out);
    }

    @Test
    @Order(2)
    void aLockFileOfALiveRunOnHdfsRefusesASecondRun() throws Exception {
        String output = hdfsUri + "/runs/movielens-locked";
        Path lock = new Path(hdfsUri + "/runs/.movielens-locked.lock");
        // what RunLock.acquireShared writes: "process <pid> on <host> since <instant>, claim <uuid>", just touched
        String holder = "process 4242 on other-host.example since " + Instant.now() + ", claim " + UUID.randomUUID();
        fs.mkdirs(lock.getParent());
        try (FSDataOutputStream o = fs.create(lock, false)) {
            o.write(holder.getBytes(StandardCharsets.UTF_8));
        }
        try {
            String log = submit("movielens-locked", 2, List.of("movielens",
                    "ratings=" + hdfsUri + "/data/movielens/ratings.csv", "output=" + output, "training.epochs=1",
                    "training.checkpoint.dir=" + hdfsUri + "/checkpoints/movielens-locked"));
            assertTrue(log.contains("embark movielens: output directory " + output
                    + " is being written by another run (" + holder + "); wait for it to finish or choose another output"),
                    tail(log));
            assertFalse(fs.exists(new Path(output)), "nothing written");
            assertEquals(holder, readString(lock), "the live run's lock file is left to it");
            assertEquals(List.of(".movielens-locked.lock"), namesBeside(new Path(output)), "no staging directory");
        } finally {
            fs.delete(lock, false);
        }
        assertEquals(List.of(), namesBeside(new Path(output)));
    }

    @Test
    @Order(3)
    void rossmannFourStepsAsSeparateSubmissionsOnHdfs() throws Exception {
        String workDir = hdfsUri + "/runs/rossmann";
        String checkpoints = hdfsUri + "/checkpoints/rossmann";
        String data = hdfsUri + "/data/rossmann";
        Path w = new Path(workDir);
        long t0 = System.nanoTime();

        String generate = rossmannStep(workDir, data, checkpoints, "generate", 0);
        assertTrue(generate.contains("Rossmann generate: 2,826 rows"), tail(generate));
        assertEquals(2_826, parquetRows(new Path(w, "generated/data")), "the generated table of stores 1-3");

        rossmannStep(workDir, data, checkpoints, "prepare", 0);
        for (String part : List.of("train", "valid", "test", "meta")) {
            assertTrue(fs.isFile(new Path(w, "prepared/" + part + "/_SUCCESS")), "prepared/" + part);
        }
        assertTrue(fs.isDirectory(new Path(w, "prepared/preprocessing/stages")), "prepared/preprocessing");

        String train = rossmannStep(workDir, data, checkpoints, "train", 0);
        Path model = new Path(w, "model");
        JsonNode metrics = readJson(new Path(model, "metrics.json"));
        assertTrue(metrics.at("/training/master").asText().startsWith("spark://"), metrics.toString());
        assertEquals(2, metrics.at("/training/workers").asInt(), metrics.toString());
        assertEquals(2, executorsUsed(metrics).size(), "both executors ran training tasks: " + executorsUsed(metrics));
        assertTrue(metrics.at("/training/samples_per_second").asDouble() > 0, metrics.toString());
        assertEquals(ROSSMANN_EPOCHS, metrics.at("/epochs").size(), "one record per epoch: " + metrics.at("/epochs"));
        assertNonEmptyFile(new Path(model, "model/tabular-model.zip"));
        assertPng(new Path(model, "training-curves.png"));
        long valid = metrics.at("/rows/valid").asLong();
        assertTrue(valid > 0, metrics.at("/rows").toString());
        assertEquals(valid, parquetRows(new Path(model, "predictions")), "one prediction per validation row");
        assertEquals(metrics.at("/rows/train").asLong(), parquetRows(new Path(w, "prepared/train")));
        assertEquals(valid, parquetRows(new Path(w, "prepared/valid")));

        double embark = metrics.at("/final/valid_exp_rmspe").asDouble();
        double mean = metrics.at("/baseline_predict_mean/valid_exp_rmspe").asDouble();
        // printed by the train step; the median (and GBT) only with compare.enabled=true
        double median = valueAfter(train, "median of Store x DayOfWeek x Promo");
        double oracle = valueAfter(train, "oracle (noise-free expected sales)");
        assertEquals(embark, valueAfter(train, "embark TabularModel"), 1e-4, "printed and recorded results agree");
        report("Rossmann valid exp-RMSPE: embark %.4f, mean %.4f (embark/mean %.3f, bound 0.6), median %.4f "
                + "(embark/median %.3f, bound 1.5), oracle %.4f", embark, mean, embark / mean, median,
                embark / median, oracle);
        // RossmannJobTest's bounds: far past the mean, near the strong per-store/day/promo median, above the oracle
        assertTrue(embark < 0.6 * mean, "embark " + embark + " vs predicting the mean " + mean);
        assertTrue(embark < 1.5 * median, "embark " + embark + " vs the group median " + median);
        assertTrue(oracle < embark, "nothing beats the oracle: " + oracle + " vs " + embark);
        assertTrue(train.contains("removed the checkpoints of the finished run (" + checkpoints),
                "the checkpoint directory on HDFS was written and removed after the commit:\n" + tail(train));
        assertFalse(fs.exists(new Path(checkpoints)), "checkpoints removed after the commit");

        rossmannStep(workDir, data, checkpoints, "predict", 0);
        Path csvDir = new Path(w, "submission/csv");
        List<FileStatus> csv = new ArrayList<>();
        for (FileStatus s : fs.listStatus(csvDir)) {
            if (s.getPath().getName().endsWith(".csv")) {
                csv.add(s);
            }
        }
        assertEquals(1, csv.size(), "one CSV in " + csvDir);
        List<String> lines = Arrays.asList(readString(csv.get(0).getPath()).split("\n"));
        assertEquals("Id,Sales", lines.get(0));
        Map<Integer, Boolean> expected = rossmannTestRows(repo.resolve("data/rossmann/test.csv"));
        Map<Integer, Double> sales = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(2, f.length, line);
            assertNull(sales.put(Integer.parseInt(f[0]), Double.parseDouble(f[1])), "duplicate Id: " + line);
        }
        assertEquals(expected.keySet(), sales.keySet(), "one row per test row of stores " + ROSSMANN_STORES);
        assertEquals(96, sales.size(), "48 test days each of stores 1 and 3 (store 2 is not in test.csv)");
        assertTrue(expected.containsValue(false), "the chosen stores have closed test days");
        for (Map.Entry<Integer, Boolean> row : expected.entrySet()) {
            double s = sales.get(row.getKey());
            assertTrue(row.getValue() ? s > 0 : s == 0.0, "Id " + row.getKey() + " open=" + row.getValue() + " sales " + s);
        }
        for (String step : List.of("generated", "prepared", "model", "submission")) {
            assertNothingBeside(new Path(w, step));
        }
        report("Rossmann on HDFS (4 steps as 4 submissions, stores 1-3, %d epochs): %.1f s", ROSSMANN_EPOCHS,
                (System.nanoTime() - t0) / 1e9);

        // a scheduled retry of a finished step must not replace its output: refused before the step starts, and
        // every file under the work directory keeps its size, modification time and bytes
        Map<String, String> before = snapshot(w);
        assertTrue(before.keySet().stream().noneMatch(n -> n.contains(".staging-")), "no staging left: " + before.keySet());
        for (String again : List.of("generate", "train")) {
            String refused = rossmannStep(workDir, data, checkpoints, again, 2);
            assertTrue(refused.contains("embark rossmann: step " + again + ": output directory " + workDir)
                    && refused.contains("already exists; choose another work directory or set overwrite=true"),
                    "one-line reason for " + again + ":\n" + tail(refused));
            assertFalse(refused.contains("step " + again + " starts"), "refused before the step starts:\n" + tail(refused));
        }
        assertEquals(before, snapshot(w), "refused steps leave every output as it was");
        for (String step : List.of("generated", "model")) {
            assertNothingBeside(new Path(w, step));
        }
    }

    @Test
    @Order(4)
    void rossmannTablesDirectoryWithoutStoreCsvIsBadInput() throws Exception {
        Path tables = new Path("/data/rossmann-without-store-csv");
        fs.mkdirs(tables);
        fs.copyFromLocalFile(new Path(repo.resolve("data/rossmann/store_states.csv").toUri()),
                new Path(tables, "store_states.csv"));
        String workDir = hdfsUri + "/runs/rossmann-bad-input";
        String log = rossmannStep(workDir, hdfsUri + tables, hdfsUri + "/checkpoints/rossmann-bad-input", "generate", 2);
        assertTrue(log.contains("embark rossmann: Rossmann store table is missing: no file")
                && log.contains("store.csv"), tail(log));
        assertFalse(log.contains("at io.embark"), "bad input is one line, not a stack trace:\n" + tail(log));
        assertFalse(fs.exists(new Path(workDir + "/generated")), "nothing written");
    }

    /** spark-submits one Rossmann step with {@link #ROSSMANN_SMALL_TRAINING} and returns its log. */
    private static String rossmannStep(String workDir, String data, String checkpoints, String step, int expectedExit)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("rossmann", "steps=[" + step + "]", "data=" + data,
                "work=" + workDir, "stores=" + ROSSMANN_STORES.toString().replace(" ", "")));
        args.addAll(ROSSMANN_SMALL_TRAINING);
        args.addAll(List.of("training.checkpoint.enabled=true", "training.checkpoint.dir=" + checkpoints));
        long t0 = System.nanoTime();
        String log = submit("rossmann-" + new Path(workDir).getName() + "-" + step + "-" + System.nanoTime(),
                expectedExit, args);
        report("  rossmann step %s (exit %d): %.1f s", step, expectedExit, (System.nanoTime() - t0) / 1e9);
        if (expectedExit == 0) {
            assertTrue(log.contains("step " + step + " done"), tail(log));
        }
        return log;
    }

    /** test.csv's Ids of {@link #ROSSMANN_STORES} and whether each is open (a missing Open counts as open). */
    private static Map<Integer, Boolean> rossmannTestRows(java.nio.file.Path csv) throws IOException {
        Map<Integer, Boolean> rows = new TreeMap<>();
        List<String> lines = Files.readAllLines(csv);
        assertEquals("Id,Store,DayOfWeek,Date,Open,Promo,StateHoliday,SchoolHoliday", lines.get(0).replace("\"", ""));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.replace("\"", "").split(",", -1);
            if (ROSSMANN_STORES.contains(Integer.parseInt(f[1]))) {
                rows.put(Integer.parseInt(f[0]), !f[4].equals("0"));
            }
        }
        return rows;
    }

    /** metrics.json's {@code /training/executors_used} without the driver. */
    private static Set<String> executorsUsed(JsonNode metrics) {
        Set<String> executors = new HashSet<>();
        metrics.at("/training/executors_used").forEach(n -> executors.add(n.asText()));
        executors.remove("driver");
        return executors;
    }

    private static double valueAfter(String printed, String label) {
        for (String line : printed.split("\n")) {
            if (line.trim().startsWith(label)) {
                return Double.parseDouble(line.trim().substring(label.length()).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no line '" + label + "' in:\n" + tail(printed));
    }

    /** spark-submits an embark job ({@code args}: the job name and its key=value settings) and returns its log. */
    private static String submit(String name, int expectedExit, List<String> jobArgs) throws Exception {
        java.nio.file.Path log = work.resolve(name + ".log");
        List<String> args = new ArrayList<>(cluster.embarkJobOptions());
        args.add(jar);
        args.addAll(jobArgs);
        int code = cluster.submit(log, JOB_TIMEOUT, args.toArray(new String[0]));
        String text = Files.readString(log);
        assertEquals(expectedExit, code, name + ": spark-submit exit code; log:\n" + tail(text));
        return text;
    }

    /** After a commit (or a refusal) the parent of {@code target} holds no staging directory or lock of it. */
    private static void assertNothingBeside(Path target) throws IOException {
        assertTrue(fs.isDirectory(target), target + " committed");
        List<String> left = namesBeside(target);
        assertEquals(List.of(), left, "nothing left beside " + target);
    }

    /** Names in the parent of {@code target} that start with {@code .<name>.} (staging, lock, old, checkpoints). */
    private static List<String> namesBeside(Path target) throws IOException {
        List<String> names = new ArrayList<>();
        Path parent = fs.makeQualified(target).getParent();
        if (!fs.exists(parent)) {
            return names;
        }
        for (FileStatus s : fs.listStatus(parent)) {
            if (s.getPath().getName().startsWith("." + target.getName() + ".")) {
                names.add(s.getPath().getName());
            }
        }
        return names;
    }

    /** Rows of a committed Spark Parquet directory on HDFS, summed from its files' footers. */
    private static long parquetRows(Path dir) throws IOException {
        assertTrue(fs.isFile(new Path(dir, "_SUCCESS")), dir + "/_SUCCESS");
        long rows = 0;
        int files = 0;
        for (FileStatus s : fs.listStatus(dir)) {
            if (s.getPath().getName().endsWith(".parquet")) {
                try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(s.getPath(), fs.getConf()))) {
                    rows += r.getRecordCount();
                }
                files++;
            }
        }
        assertNotEquals(0, files, "Parquet files in " + dir);
        return rows;
    }

    /** Every file under {@code dir} with its size, modification time and SHA-256. */
    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> all = new TreeMap<>();
        String root = fs.makeQualified(dir).toString();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
        while (files.hasNext()) {
            LocatedFileStatus f = files.next();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (FSDataInputStream in = fs.open(f.getPath())) {
                sha.update(in.readAllBytes());
            }
            all.put(f.getPath().toString().substring(root.length()),
                    f.getLen() + "@" + f.getModificationTime() + ":" + HexFormat.of().formatHex(sha.digest()));
        }
        assertTrue(all.size() > 5, "files of " + dir + ": " + all.keySet());
        return all;
    }

    private static JsonNode readJson(Path file) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static String readString(Path file) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertNonEmptyFile(Path file) throws IOException {
        assertTrue(fs.isFile(file), file + " is a file");
        assertTrue(fs.getFileStatus(file).getLen() > 1000, file + " has content");
    }

    private static void assertPng(Path file) throws IOException {
        assertNonEmptyFile(file);
        try (FSDataInputStream in = fs.open(file)) {
            byte[] magic = in.readNBytes(8);
            assertTrue(Arrays.equals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic),
                    file + " starts with the PNG signature");
        }
    }

    private static void report(String format, Object... args) {
        System.out.println("HdfsJobsIT: " + String.format(Locale.ROOT, format, args));
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
