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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MovieLens and Rossmann jobs on a real HDFS: one {@link MiniDFSCluster} (NameNode and one DataNode on
 * 127.0.0.1, in this JVM, its storage under {@code embark.it.workdir}) and one {@link StandaloneCluster} (two one-core
 * Workers) shared by all tests. The inputs are copied onto HDFS and every job argument that names a path (inputs,
 * outputs, the checkpoint directory) is an {@code hdfs://127.0.0.1:<port>/...} URI, so the driver and the executors
 * read and write only through HDFS. Checks what is read back from HDFS: metrics.json, the model file, the curves PNG,
 * the Parquet outputs (their row counts from the Parquet footers), no staging directory or lock file left beside a
 * committed output, the checkpoint directory used and removed after the commit; a second submission to a committed
 * output is refused (exit 2) without changing a byte of it; and a fresh {@code .<name>.lock} file in the format
 * RunLock writes (a live run on another host) makes a run exit 2 with the "being written by another run" reason,
 * naming the holder and leaving the lock file alone. Sizes are small (one MovieLens epoch on half of ml-latest-small, two Rossmann epochs on
 * three stores; measured: about 4 minutes for the class on 2 cores); it prints the HDFS start-up time
 * and each job's wall time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsJobsIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);
    /** Ratings of ml-latest-small put on HDFS (of 100,836): the full file took 75 s, 32 s of it training. */
    private static final int MOVIELENS_RATINGS = 50_000;
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
                "output=" + output, "training.epochs=1", "training.workers=2", "training.averaging-frequency=20",
                "training.checkpoint.enabled=true", "training.checkpoint.dir=" + checkpoints);

        long t0 = System.nanoTime();
        String log = submit("movielens", 0, job);
        report("MovieLens on HDFS (%,d ratings, 1 epoch): %.1f s", MOVIELENS_RATINGS, (System.nanoTime() - t0) / 1e9);

        Path out = new Path(output);
        JsonNode metrics = readJson(new Path(out, "metrics.json"));
        assertTrue(metrics.at("/training/master").asText().startsWith("spark://"), metrics.toString());
        assertEquals(1, metrics.at("/epochs").size(), "one record per epoch: " + metrics.at("/epochs"));
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
    void rossmannFourStepsOnHdfs() throws Exception {
        String workDir = hdfsUri + "/runs/rossmann";
        String checkpoints = hdfsUri + "/checkpoints/rossmann";
        long t0 = System.nanoTime();
        String log = submit("rossmann", 0, List.of("rossmann", "steps=[generate,prepare,train,predict]",
                "data=" + hdfsUri + "/data/rossmann", "work=" + workDir, "stores=[1,2,3]",
                "model.layers=[64,32]", "model.max-lr=0.02", "training.epochs=2", "training.workers=2",
                "training.batch-size-per-worker=32", "training.averaging-frequency=10", "compare.enabled=false",
                "training.checkpoint.enabled=true", "training.checkpoint.dir=" + checkpoints));
        report("Rossmann on HDFS (4 steps in one submission, stores 1-3, 2 epochs): %.1f s",
                (System.nanoTime() - t0) / 1e9);
        for (String step : List.of("generate", "prepare", "train", "predict")) {
            assertTrue(log.contains("step " + step + " done"), step + ":\n" + tail(log));
        }

        Path w = new Path(workDir);
        assertEquals(2_826, parquetRows(new Path(w, "generated/data")), "the generated table of stores 1-3");
        Path model = new Path(w, "model");
        JsonNode metrics = readJson(new Path(model, "metrics.json"));
        assertTrue(metrics.at("/training/master").asText().startsWith("spark://"), metrics.toString());
        assertEquals(2, metrics.at("/epochs").size(), "one record per epoch: " + metrics.at("/epochs"));
        assertTrue(metrics.at("/final/valid_exp_rmspe").asDouble() > 0, metrics.toString());
        assertNonEmptyFile(new Path(model, "model/tabular-model.zip"));
        assertPng(new Path(model, "training-curves.png"));
        long valid = metrics.at("/rows/valid").asLong();
        assertTrue(valid > 0, metrics.at("/rows").toString());
        assertEquals(valid, parquetRows(new Path(model, "predictions")), "one prediction per validation row");
        assertEquals(metrics.at("/rows/train").asLong(), parquetRows(new Path(w, "prepared/train")));
        assertEquals(valid, parquetRows(new Path(w, "prepared/valid")));

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
        assertEquals(96, lines.size() - 1, "48 test days each of stores 1 and 3");

        for (String step : List.of("generated", "prepared", "model", "submission")) {
            assertNothingBeside(new Path(w, step));
        }
        assertTrue(log.contains("removed the checkpoints of the finished run (" + checkpoints),
                "the checkpoint directory on HDFS was written and removed after the commit:\n" + tail(log));
        assertFalse(fs.exists(new Path(checkpoints)), "checkpoints removed after the commit");
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
