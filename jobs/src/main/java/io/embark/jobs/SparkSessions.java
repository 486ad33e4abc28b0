package io.embark.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * Builds a job's Spark session: Kryo with ND4J's registrator, generated methods kept within the JIT's size limit
 * ({@code spark.sql.codegen.hugeMethodLimit=8000}), the {@code spark.conf} entries of the job's
 * configuration, and {@code spark.master} from the configuration only when spark-submit has not set one.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** The session for a job configured by {@code config} (its {@code spark} section). */
    public static SparkSession create(Config config) {
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            conf.setMaster(config.getString("spark.master"));
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        }
        conf.setIfMissing("spark.app.name", config.getString("spark.app-name"));
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        // HotSpot does not JIT-compile methods over 8,000 bytes of bytecode: let Spark fall back from whole-stage
        // code generation for wider plans (a tabular recipe's fused projections) instead of running them interpreted
        conf.setIfMissing("spark.sql.codegen.hugeMethodLimit", "8000");
        conf.setIfMissing("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        // ND4J is fastest here with one OpenMP thread per executor core (README, "CPU threading")
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.executor.cores", "1"));
        for (Map.Entry<String, ConfigValue> e : config.getConfig("spark.conf").entrySet()) {
            conf.set(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
