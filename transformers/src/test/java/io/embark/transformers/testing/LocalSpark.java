package io.embark.transformers.testing;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * One shared local[2] Spark session per test JVM, configured as embark's jobs configure theirs (Kryo with ND4J's
 * registrator when ND4J is on the classpath, loopback only, no UI). Stopped by a shutdown hook.
 */
public final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    /** The shared session, created on first use. */
    public static synchronized SparkSession get() {
        if (session == null) {
            SparkSession.Builder b = SparkSession.builder()
                    .master("local[2]")
                    .appName("embark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
            if (onClasspath("org.nd4j.kryo.Nd4jRegistrator")) {
                b.config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
            }
            session = b.getOrCreate();
            SparkSession s = session;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return session;
    }

    /** The repository root (set by the build), for reading bundled data. */
    public static Path repoRoot() {
        String root = System.getProperty("embark.repo.root");
        return root == null ? Paths.get("..").toAbsolutePath().normalize() : Paths.get(root).toAbsolutePath().normalize();
    }

    private static boolean onClasspath(String cls) {
        try {
            Class.forName(cls, false, LocalSpark.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
