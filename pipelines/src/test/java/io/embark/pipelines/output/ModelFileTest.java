package io.embark.pipelines.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Network files: a good one loads with its updater; truncated, altered or smuggled ones are refused naming the file. */
class ModelFileTest {
    static volatile boolean gadgetRan;

    /** Stands in for a deserialization gadget: running its readObject is what loading must never do. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            gadgetRan = true;
        }
    }

    static ComputationGraph network() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(1e-3))
                .graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)
                        .activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("out").build());
        net.init();
        net.fit(new org.nd4j.linalg.dataset.DataSet(Nd4j.rand(16, 4), Nd4j.rand(16, 1)));
        return net;
    }

    static byte[] bytes(ComputationGraph net) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, out, true);
        return out.toByteArray();
    }

    @Test
    void aGoodFileLoadsWithItsParametersAndUpdater(@TempDir java.nio.file.Path dir) throws Exception {
        ComputationGraph net = network();
        java.nio.file.Path f = dir.resolve("model.zip");
        Files.write(f, bytes(net));
        ComputationGraph back = ModelFile.read(FileSystem.getLocal(new Configuration()), new Path(f.toString()), true);
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
    }

    @Test
    void truncatedAlteredAndMissingFilesAreErrorsNamingTheFile(@TempDir java.nio.file.Path dir) throws Exception {
        byte[] good = bytes(network());
        FileSystem fs = FileSystem.getLocal(new Configuration());
        for (int cut : new int[] {0, 10, good.length / 3, good.length - 30}) {
            java.nio.file.Path f = dir.resolve("truncated-" + cut + ".zip");
            Files.write(f, Arrays.copyOf(good, cut));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelFile.read(fs, new Path(f.toString()), true), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("damaged model file ") && e.getMessage().contains(f.toString()),
                    e.getMessage());
        }
        // configuration.json replaced by something that is not a network configuration
        java.nio.file.Path altered = dir.resolve("altered.zip");
        Files.write(altered, rewrite(good, "configuration.json", "{\"vertices\": 12}".getBytes(StandardCharsets.UTF_8)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.read(fs, new Path(altered.toString()), false));
        assertTrue(e.getMessage().startsWith("damaged model file " + altered), e.getMessage());
        // coefficients of the wrong size
        java.nio.file.Path shrunk = dir.resolve("shrunk.zip");
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        Nd4j.write(Nd4j.zeros(1, 3), new java.io.DataOutputStream(small));
        Files.write(shrunk, rewrite(good, "coefficients.bin", small.toByteArray()));
        e = assertThrows(IllegalArgumentException.class, () -> ModelFile.read(fs, new Path(shrunk.toString()), false));
        assertTrue(e.getMessage().startsWith("damaged model file " + shrunk), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> ModelFile.read(fs, new Path(dir.resolve("none.zip").toString()), false));
        assertEquals("no model file " + new Path(dir.resolve("none.zip").toString()), e.getMessage());
    }

    @Test
    void aFileWithAJavaSerializedEntryIsRefusedWithoutDeserializingIt(@TempDir java.nio.file.Path dir) throws Exception {
        byte[] good = bytes(network());
        ByteArrayOutputStream gadget = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(gadget)) {
            o.writeObject(new Gadget());
        }
        byte[] smuggled = rewrite(good, "preprocessor.bin", gadget.toByteArray());
        // what DL4J alone does with it: the gadget runs
        gadgetRan = false;
        try {
            ModelSerializer.restoreComputationGraph(new java.io.ByteArrayInputStream(smuggled), false);
        } catch (Exception ignored) {
            // DL4J may fail after deserializing; what matters is whether the object was read
        }
        assertTrue(gadgetRan, "DL4J's restoreComputationGraph deserializes preprocessor.bin");

        gadgetRan = false;
        java.nio.file.Path f = dir.resolve("model.zip");
        Files.write(f, smuggled);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.read(FileSystem.getLocal(new Configuration()), new Path(f.toString()), false));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'preprocessor.bin'")
                && e.getMessage().contains("Java deserialization"), e.getMessage());
        assertFalse(gadgetRan, "embark refuses before anything is deserialized");
        assertThrows(IllegalArgumentException.class, () -> ModelFile.fromBytes(smuggled, "shipped", false));
        assertFalse(gadgetRan);
    }

    /** The zip with {@code entry} replaced by (or, when absent, added with) {@code content}. */
    static byte[] rewrite(byte[] zip, String entry, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean replaced = false;
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip));
             ZipOutputStream z = new ZipOutputStream(out)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                z.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(entry)) {
                    z.write(content);
                    replaced = true;
                } else {
                    in.transferTo(z);
                }
                z.closeEntry();
            }
            if (!replaced) {
                z.putNextEntry(new ZipEntry(entry));
                z.write(content);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
