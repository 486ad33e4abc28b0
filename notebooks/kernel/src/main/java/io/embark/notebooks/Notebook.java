package io.embark.notebooks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * What a notebook cell can call, statically imported in every cell of the embark kernel.
 *
 * <p>{@link #display} shows a value as an output of its own (a cell's trailing expression is shown the same way):
 * a {@link Dataset} as a table of its first rows, a {@link java.awt.image.RenderedImage} as a PNG, a
 * {@link DisplayData} as itself, anything else as its {@code toString()}. The other methods build values worth
 * displaying. Outside a running kernel {@link #display} fails with an {@link IllegalStateException}.
 */
public final class Notebook {

  private Notebook() {
  }

  /** Shows a value in the notebook, below the cell, as its own output. */
  public static void display(Object value) {
    BaseKernel kernel = kernel();
    DisplayData data = value instanceof DisplayData given ? given : kernel.getRenderer().render(value);
    kernel.display(data);
  }

  /** The first {@code rows} rows of a DataFrame as a table (HTML, with a plain-text version). */
  public static DisplayData table(Dataset<?> dataset, int rows) {
    return DataFrameTable.render(dataset, rows);
  }

  /**
   * Reads an image file (PNG, JPEG, GIF), such as the {@code training-curves.png} a training run writes.
   *
   * @throws IllegalArgumentException when the file is missing or not an image
   */
  public static BufferedImage image(String path) {
    Path file = Path.of(path);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no image file at " + file.toAbsolutePath());
    }
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new IllegalArgumentException(file.toAbsolutePath() + " is not a PNG, JPEG or GIF image");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }

  /** HTML to display (its text version is the HTML source). */
  public static DisplayData html(String html) {
    DisplayData data = new DisplayData(html);
    data.putHTML(html);
    return data;
  }

  /** Markdown to display (its text version is the Markdown source). */
  public static DisplayData markdown(String markdown) {
    DisplayData data = new DisplayData(markdown);
    data.putMarkdown(markdown);
    return data;
  }

  private static BaseKernel kernel() {
    try {
      return BaseKernel.notebookKernel();
    } catch (NullPointerException e) {
      throw new IllegalStateException("display(...) works only inside a running notebook kernel", e);
    }
  }
}
