package io.embark.pipelines.rossmann;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Locale;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * All 1,115 stores, written and measured: the numbers quoted for the generator (mean Sales and Customers on open
 * days, spread of store levels, oracle exp-RMSPE on the last 6 weeks, generation time). Too slow for every build:
 * runs only with {@code -Dembark.rossmann.full=true}.
 */
@EnabledIfSystemProperty(named = "embark.rossmann.full", matches = "true")
class RossmannFullRunTest {
    @Test
    void allStores(@TempDir Path dir) {
        SparkSession spark = LocalSpark.get();
        long t0 = System.nanoTime();
        RossmannTables tables = RossmannTables.read(spark, LocalSpark.repoRoot().resolve("data/rossmann").toString(),
                InvalidRows.ERROR);
        long t1 = System.nanoTime();
        String out = dir.resolve("train").toString();
        RossmannGenerator.write(RossmannGenerator.generate(spark, tables, GeneratorSettings.defaults(42).withPartitions(4)),
                out, false);
        long t2 = System.nanoTime();
        Dataset<Row> train = spark.read().parquet(RossmannGenerator.dataPath(out)).cache();
        Dataset<Row> open = train.where("Open = 1");
        Row all = train.agg(count(lit(1)), sum("Open")).first();
        Row m = open.agg(avg("Sales"), avg("Customers"), expr("max(Sales)"),
                avg(when(col("Promo").equalTo(1), col("Sales"))), avg(when(col("Promo").equalTo(0), col("Sales"))),
                avg(when(month(col("Date")).equalTo(12), col("Sales"))),
                avg(when(month(col("Date")).notEqual(12), col("Sales")))).first();
        Row spread = open.groupBy("Store").agg(avg("Sales").as("s"))
                .agg(expr("percentile_approx(s, 0.05)"), expr("percentile_approx(s, 0.95)"), expr("min(s)"),
                        expr("max(s)")).first();
        long sundayStores = train.where("DayOfWeek = 7 AND Open = 1").select("Store").distinct().count();
        double oracleAll = RossmannMetrics.oracleRmspe(train);
        double oracleLast6 = RossmannMetrics.oracleRmspe(RossmannMetrics.lastWeeks(train, 6));
        System.out.println(String.format(Locale.ROOT, "ROSSMANN read %.1f s, generate+write %.1f s (%d rows, %d open)",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, all.getLong(0), all.getLong(1)));
        System.out.println(String.format(Locale.ROOT,
                "ROSSMANN open days: mean Sales %.0f, mean Customers %.0f, max Sales %d; promo/non-promo %.3f;"
                        + " December/other %.3f", m.getDouble(0), m.getDouble(1), m.getInt(2),
                m.getDouble(3) / m.getDouble(4), m.getDouble(5) / m.getDouble(6)));
        System.out.println(String.format(Locale.ROOT,
                "ROSSMANN store means p5 %.0f p95 %.0f (x%.2f), min %.0f max %.0f (x%.2f); %d stores open on Sundays",
                spread.getDouble(0), spread.getDouble(1), spread.getDouble(1) / spread.getDouble(0), spread.getDouble(2),
                spread.getDouble(3), spread.getDouble(3) / spread.getDouble(2), sundayStores));
        System.out.println(String.format(Locale.ROOT, "ROSSMANN oracle exp-RMSPE all %.4f, last 6 weeks %.4f (closed form %.4f)",
                oracleAll, oracleLast6, RossmannProcess.oracleRmspe(RossmannProcess.NOISE_SIGMA)));
        assertEquals(1115L * 942, all.getLong(0));
        assertTrue(Math.abs(oracleLast6 - RossmannProcess.oracleRmspe(RossmannProcess.NOISE_SIGMA)) < 0.005);
        train.unpersist();
    }
}
