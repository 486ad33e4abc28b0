package io.embark.pipelines.output;

import io.embark.transformers.testing.LocalSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved pipelines: a good one loads; missing, damaged or foreign-class directories are refused naming the directory. */
class SavedPipelineTest {
    final SparkSession spark = LocalSpark.get();

    Path saved(Path dir) throws Exception {
        Dataset<Row> df = spark.createDataFrame(List.of(new Item("a"), new Item("b"), new Item("a")), Item.class);
        PipelineModel m = new Pipeline().setStages(new PipelineStage[] {
                new StringIndexer().setInputCol("name").setOutputCol("idx")}).fit(df);
        Path out = dir.resolve("pipeline");
        m.write().save(out.toString());
        return out;
    }

    /** A row of the test frame. */
    public static class Item implements java.io.Serializable {
        private String name;

        public Item() {
        }

        Item(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    @Test
    void aGoodDirectoryLoads(@TempDir Path dir) throws Exception {
        PipelineModel m = SavedPipeline.load(spark, saved(dir).toString(), "the preprocessing");
        assertEquals(1, m.stages().length);
    }

    @Test
    void missingDamagedAndForeignDirectoriesAreErrorsNamingThem(@TempDir Path dir) throws Exception {
        Path p = saved(dir);
        String missing = dir.resolve("nope").toString();
        assertEquals("the preprocessing " + missing + " does not exist", assertThrows(IllegalArgumentException.class,
                () -> SavedPipeline.load(spark, missing, "the preprocessing")).getMessage());

        Path stage = only(p.resolve("stages"));
        Path metadata = only(stage.resolve("metadata").toAbsolutePath(), "part-");
        String original = Files.readString(metadata);

        Files.writeString(metadata, original.replace("org.apache.spark.ml.feature.StringIndexerModel", "java.lang.ProcessBuilder"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SavedPipeline.load(spark, p.toString(), "the preprocessing"));
        assertTrue(e.getMessage().contains("Checksum error") && e.getMessage().contains(metadata.toString()),
                "an edited file fails Hadoop's checksum, naming it: " + e.getMessage());
        try (Stream<Path> crcs = Files.walk(p)) {
            for (Path crc : crcs.filter(f -> f.getFileName().toString().endsWith(".crc")).toList()) {
                Files.delete(crc); // an alteration that rewrote the checksums too
            }
        }
        e = assertThrows(IllegalArgumentException.class, () -> SavedPipeline.load(spark, p.toString(), "the preprocessing"));
        assertTrue(e.getMessage().contains("java.lang.ProcessBuilder") && e.getMessage().contains(p.toString())
                && e.getMessage().contains("refusing"), e.getMessage());

        Files.writeString(metadata, original.substring(0, original.length() / 2));
        e = assertThrows(IllegalArgumentException.class, () -> SavedPipeline.load(spark, p.toString(), "the preprocessing"));
        assertTrue(e.getMessage().startsWith("damaged the preprocessing " + p) && e.getMessage().contains("not JSON"),
                e.getMessage());

        Files.writeString(metadata, original);
        try (Stream<Path> data = Files.walk(stage.resolve("data"))) {
            for (Path f : data.filter(Files::isRegularFile).toList()) {
                Files.delete(f);
            }
        }
        e = assertThrows(IllegalArgumentException.class, () -> SavedPipeline.load(spark, p.toString(), "the preprocessing"));
        assertTrue(e.getMessage().startsWith("damaged the preprocessing " + p), e.getMessage());
    }

    private static Path only(Path dir) throws Exception {
        return only(dir, "");
    }

    private static Path only(Path dir, String prefix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(x -> x.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }
}
