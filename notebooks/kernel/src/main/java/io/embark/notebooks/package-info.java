/**
 * A Jupyter kernel for Java that runs embark's notebooks.
 *
 * <p>{@link io.embark.notebooks.EmbarkKernel} speaks the Jupyter protocol through JJava's base library and evaluates
 * each cell with JShell inside the kernel's own JVM ({@link io.embark.notebooks.CellEvaluator}), so the objects a cell
 * creates (a {@code SparkSession}, a {@code Dataset}, a trained network, a {@code BufferedImage}) are real objects the
 * kernel can render: a trailing expression becomes the cell's result, {@link io.embark.notebooks.Notebook#display}
 * shows a value as its own output, DataFrames render as HTML tables ({@link io.embark.notebooks.DataFrameTable}),
 * images as PNG. Compile errors and exceptions are reported as Jupyter errors
 * ({@link io.embark.notebooks.CellCompilationException}, {@link io.embark.notebooks.CellException}). Line magics
 * {@code %classpath} and {@code %jars} add jars ({@link io.embark.notebooks.ClasspathMagic}).
 *
 * <p>{@link io.embark.notebooks.KernelMain} is what Jupyter starts; {@code bin/embark notebooks} installs the
 * kernelspec and opens Jupyter on {@code notebooks/}, {@code bin/embark notebooks --execute} runs them headlessly.
 */
package io.embark.notebooks;
