package io.embark.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel driven through its own API ({@code eval}, {@code formatError}, completion), as Jupyter drives it. */
class EmbarkKernelTest {

  private static final List<DisplayData> displayed = new ArrayList<>();
  private static EmbarkKernel kernel;

  @BeforeAll
  static void startKernel() {
    kernel = EmbarkKernel.builder().displaySink(displayed::add).build();
    kernel.onStartup();
  }

  @AfterAll
  static void stopKernel() {
    kernel.onShutdown(false);
  }

  private static String text(DisplayData data) {
    return (String) data.getData(MIMEType.TEXT_PLAIN);
  }

  @Test
  void trailingExpressionIsTheCellResultAndStatementsHaveNone() {
    assertEquals("3", text(kernel.eval("int one = 1;\none + 2")));
    assertNull(kernel.eval("int two = 2;"));
    assertNull(kernel.eval("String s = \"x\"; s = s + \"y\";"), "an assignment is not shown");
    assertNull(kernel.eval("Math.abs(-1);\nint after = 0;"), "only the last snippet counts");
    assertNull(kernel.eval("Object nothing = null;\nnothing"), "a null result shows nothing");
    assertNull(kernel.eval("Math.abs(-7);"), "an expression typed as a statement (with ';') is not shown");
    assertNull(kernel.eval("new StringBuilder(\"x\").append(1); // appended"), "nor with a comment after the ';'");
    assertEquals("7", text(kernel.eval("Math.abs(-7) // no ';': the result")));
  }

  @Test
  void stateLivesAcrossCells() {
    kernel.eval("int base = 40;");
    kernel.eval("int plus(int a) { return base + a; }");
    kernel.eval("record Point(int x, int y) { }");
    assertEquals("42", text(kernel.eval("plus(2)")));
    assertEquals("Point[x=1, y=2]", text(kernel.eval("new Point(1, 2)")));
    assertEquals("[a, b]", text(kernel.eval("List.of(\"a\", \"b\")")), "java.util.* is imported");
  }

  @Test
  void standardOutputOfACellIsItsOutput() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      kernel.eval("for (int i = 0; i < 3; i++) System.out.println(\"line \" + i);");
    } finally {
      System.setOut(original);
    }
    assertEquals("line 0\nline 1\nline 2\n", captured.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anExceptionIsReportedWithItsOwnClassMessageAndFrames() {
    kernel.eval("void fail(String why) { throw new IllegalStateException(why, new java.io.IOException(\"disk\")); }");
    CellException error = assertThrows(CellException.class, () -> kernel.eval("int before = 1;\nfail(\"boom\");"));
    assertInstanceOf(IllegalStateException.class, error.getCause());
    assertEquals("java.lang.IllegalStateException: boom", error.getMessage());
    List<String> traceback = kernel.formatError(error);
    assertEquals("java.lang.IllegalStateException: boom", traceback.get(0));
    assertTrue(traceback.stream().anyMatch(line -> line.contains(".fail(")), String.join("\n", traceback));
    assertTrue(traceback.contains("Caused by: java.io.IOException: disk"), String.join("\n", traceback));
    assertFalse(traceback.stream().anyMatch(line -> line.contains("jdk.internal.reflect")
        || line.contains("io.embark.notebooks")), "kernel frames are left out:\n" + String.join("\n", traceback));
    assertEquals("1", text(kernel.eval("before")), "what ran before the exception stays defined");
  }

  @Test
  void aCompileErrorNamesTheLineAndStopsTheCell() {
    CellCompilationException error = assertThrows(CellCompilationException.class,
        () -> kernel.eval("int first = 1;\n\nString wrong = 42;\nint never = 3;"));
    String problem = error.problems().get(0);
    assertTrue(problem.startsWith("line 3: incompatible types"), problem);
    assertTrue(problem.contains("String wrong = 42;") && problem.contains("^"), problem);
    assertEquals("The cell does not compile:", kernel.formatError(error).get(0));
    assertThrows(CellCompilationException.class, () -> kernel.eval("never"), "nothing after the error ran");
    CellCompilationException missing = assertThrows(CellCompilationException.class,
        () -> kernel.eval("Undeclared thing = null;"));
    assertTrue(missing.getMessage().contains("cannot find symbol") && missing.getMessage().contains("Undeclared"),
        missing.getMessage());
    CellCompilationException incomplete = assertThrows(CellCompilationException.class,
        () -> kernel.eval("int ok = 1;\nint open = (1 + 2;"));
    assertTrue(incomplete.getMessage().contains("line 2"), incomplete.getMessage());
  }

  @Test
  void classpathMagicAddsCompiledClassesForLaterCells(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("src/demo/Greeter.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package demo; public class Greeter { public static String hi(String n) { "
        + "return \"hi \" + n; } }");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), source.toString()));

    assertThrows(CellCompilationException.class, () -> kernel.eval("demo.Greeter.hi(\"x\")"));
    assertEquals("hi notebook", text(kernel.eval("%classpath " + classes + "\ndemo.Greeter.hi(\"notebook\")")));
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
        () -> kernel.eval("%jars " + dir.resolve("lib/*.jar")));
    assertTrue(typo.getMessage().startsWith("nothing at"), typo.getMessage());
  }

  @Test
  void imagesRenderAsPng() throws Exception {
    DisplayData data = kernel.eval("var picture = new java.awt.image.BufferedImage(30, 20, "
        + "java.awt.image.BufferedImage.TYPE_INT_RGB);\npicture");
    String base64 = (String) data.getData(MIMEType.IMAGE_PNG);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    assertEquals(30, decoded.getWidth());
    assertEquals(20, decoded.getHeight());
  }

  @Test
  void displayShowsValuesAsTheirOwnOutputs() {
    displayed.clear();
    assertNull(kernel.eval("display(\"first\");\ndisplay(markdown(\"**second**\"));"));
    assertEquals(2, displayed.size());
    assertEquals("first", text(displayed.get(0)));
    assertEquals("**second**", displayed.get(1).getData(MIMEType.TEXT_MARKDOWN));
  }

  @Test
  void dataFramesRenderAsTablesOfTheirFirstRowsAndCellLambdasRunInSpark() {
    kernel.eval("import org.apache.spark.sql.*;\nimport org.apache.spark.api.java.function.MapFunction;");
    kernel.eval("SparkSession spark = SparkSession.builder().master(\"local[2]\").appName(\"kernel-test\")"
        + ".config(\"spark.ui.enabled\", \"false\").getOrCreate();");
    DisplayData table = kernel.eval("spark.range(30).selectExpr(\"id\", \"concat('<b>', id) AS tag\")");
    String html = (String) table.getData(MIMEType.TEXT_HTML);
    assertTrue(html.contains("<th title=\"bigint\">id</th>"), html);
    assertTrue(html.contains("<td>&lt;b&gt;19</td>"), "values are escaped");
    assertFalse(html.contains("<td>20</td>"), "only the first 20 rows");
    assertTrue(html.contains("first 20 rows"), html);
    assertTrue(text(table).startsWith("id | tag"), text(table));

    DisplayData three = kernel.eval("table(spark.range(3).toDF(), 5)");
    assertTrue(((String) three.getData(MIMEType.TEXT_HTML)).contains("3 rows"));

    // a lambda declared in a cell is serialised to Spark's tasks and found by their class loader
    assertEquals("90", text(kernel.eval("spark.range(10).map((MapFunction<Long, Long>) v -> v * 2, "
        + "Encoders.LONG()).collectAsList().stream().mapToLong(Long::longValue).sum()")));
  }

  @Test
  void interruptStopsARunningCell() throws Exception {
    java.util.concurrent.CompletableFuture<Throwable> outcome = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> {
          try {
            kernel.eval("Thread.sleep(120_000);");
            return null;
          } catch (RuntimeException e) {
            return e;
          }
        });
    Throwable failure = null;
    for (int attempt = 0; attempt < 100 && failure == null; attempt++) {
      Thread.sleep(100);
      kernel.interrupt();
      try {
        failure = outcome.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        // the cell has not started sleeping yet
      }
    }
    CellException error = assertInstanceOf(CellException.class, failure);
    assertInstanceOf(InterruptedException.class, error.getCause());
    assertEquals("2", text(kernel.eval("1 + 1")), "the kernel goes on after an interrupt");
  }

  @Test
  void completionAndCompletenessComeFromJShell() {
    ReplacementOptions options = kernel.complete("Strin", 5);
    assertTrue(options.getReplacements().contains("String"), options.getReplacements().toString());
    assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("int x = 1;"));
    assertEquals("    ", kernel.isComplete("int x = (1 +"));
  }
}
