package io.embark.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on loopback for tests: one Master and {@code n} Workers, each a separate JVM
 * started from the plain Spark classpath (no embark classes: executors get those from the submitted jar).
 * {@link #close()} stops every process it started.
 */
final class StandaloneCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path workDir;
    private final String classpath;
    private final List<String> jvmFlags;
    private final int masterPort;
    private final int masterUiPort;

    StandaloneCluster(Path workDir, int workers, int coresPerWorker, String workerMemory) throws Exception {
        this.workDir = workDir;
        this.classpath = Files.readString(Paths.get(System.getProperty("embark.spark.classpath.file"))).trim();
        this.jvmFlags = Arrays.asList(System.getProperty("embark.jvm.flags").trim().split("\\s+"));
        this.masterPort = freePort();
        this.masterUiPort = freePort();
        Files.createDirectories(workDir.resolve("spark-home/jars"));
        try {
            start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort));
            for (int w = 0; w < workers; w++) {
                Path dir = Files.createDirectories(workDir.resolve("worker-" + w));
                start("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--webui-port", Integer.toString(freePort()), "--cores", Integer.toString(coresPerWorker),
                        "--memory", workerMemory, "--work-dir", dir.toString(), masterUrl());
            }
            awaitAliveWorkers(workers, Duration.ofSeconds(90));
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Runs spark-submit (the SparkSubmit class, as the spark-submit script does); returns the exit code. */
    int submit(Path log, Duration timeout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.add("org.apache.spark.deploy.SparkSubmit");
        cmd.addAll(Arrays.asList(args));
        Process p = processBuilder(cmd, log).start();
        processes.add(p);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("spark-submit did not finish in " + timeout + "; see " + log);
        }
        return p.exitValue();
    }

    /**
     * spark-submit options that run {@code io.embark.jobs.EmbarkJob} in client mode on this cluster: at most two
     * one-core executors of 1500 MB, driver on loopback, ND4J single-threaded, Java 17 flags on the executors.
     * The jar and the job's arguments follow.
     */
    List<String> embarkJobOptions() {
        return List.of("--master", masterUrl(),
                "--deploy-mode", "client",
                "--class", "io.embark.jobs.EmbarkJob",
                "--conf", "spark.cores.max=2",
                "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.memory=1500m",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
                "--conf", "spark.executor.extraJavaOptions=" + jvmFlags());
    }

    /** JVM flags Spark needs on Java 17, for executors' extraJavaOptions. */
    String jvmFlags() {
        return String.join(" ", jvmFlags);
    }

    private void start(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        processes.add(processBuilder(cmd, workDir.resolve(name + ".log")).start());
    }

    private List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(jvmFlags);
        String log4j = Paths.get(System.getProperty("embark.repo.root"), "conf", "log4j2.properties").toString();
        cmd.add("-Dlog4j.configurationFile=" + log4j);
        cmd.add("-cp");
        cmd.add(classpath);
        return cmd;
    }

    private ProcessBuilder processBuilder(List<String> cmd, Path log) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.directory(new File(System.getProperty("embark.repo.root")));
        pb.environment().put("SPARK_HOME", workDir.resolve("spark-home").toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_DIST_CLASSPATH", classpath);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb;
    }

    private void awaitAliveWorkers(int n, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = alive.matcher(last);
                if (m.find() && Integer.parseInt(m.group(1)) >= n) {
                    return;
                }
            } catch (IOException notYet) {
                // the master is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(n + " workers did not register with the master in " + timeout + ": " + last);
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
