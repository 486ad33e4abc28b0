package io.embark.notebooks;

import java.awt.image.RenderedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

/**
 * The embark Jupyter kernel: Java cells evaluated by JShell in this JVM, with embark, Spark and DL4J on the classpath.
 *
 * <p>A cell is Java source: declarations, statements and expressions, in any number; a trailing expression is the
 * cell's result. Lines starting with {@code %} are line magics ({@code %classpath}, {@code %jars}), run in order with
 * the code between them. Results render by type: a Spark {@link Dataset} as a table of its first rows, a
 * {@link RenderedImage} as a PNG, anything else as text. A compile error or an exception ends the cell as a Jupyter
 * error whose traceback is javac's diagnostic or the exception's stack trace (the kernel's own frames left out).
 * Every cell starts with {@link #DEFAULT_IMPORTS} in scope.
 *
 * <p>Use {@link #builder()}; {@link KernelMain} connects a kernel to Jupyter, and tests call {@link #eval(String)}
 * directly. One kernel per JVM is active between {@link #onStartup()} and {@link #onShutdown(boolean)}.
 */
public final class EmbarkKernel extends BaseKernel {

  /** Imports every cell starts with. */
  public static final List<String> DEFAULT_IMPORTS = List.of(
      "import java.util.*;",
      "import java.util.stream.*;",
      "import java.nio.file.*;",
      "import java.io.*;",
      "import static io.embark.notebooks.Notebook.*;");

  private static final Pattern MAGIC_LINE = Pattern.compile("^\\s*%(\\w+)(.*)$");

  private final CellEvaluator evaluator;
  private final Consumer<DisplayData> displaySink;

  private EmbarkKernel(Builder builder, Parts parts) {
    super(parts.name(), parts.version(), parts.language(), List.<HelpLink>of(), parts.history(), parts.io(),
        parts.comms(), parts.renderer(), parts.magicParser(), parts.magics(), false, parts.errorStyler());
    this.displaySink = builder.displaySink;
    this.evaluator = new CellEvaluator(builder.classpath);
    Image.registerAll(renderer);
    renderer.createRegistration(Dataset.class)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register((dataset, context) -> context.getOutputContainer()
            .assign(DataFrameTable.render(dataset, DataFrameTable.DEFAULT_ROWS)));
    for (String line : DEFAULT_IMPORTS) {
      evaluator.eval(line);
    }
  }

  /** A builder with the {@code %classpath}/{@code %jars} magics and this JVM's class path for the cells. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String getBanner() {
    return "embark Java kernel " + version + " (JShell, Java " + Runtime.version() + ")";
  }

  /**
   * Runs a cell: magics and Java source in order.
   *
   * @return the trailing expression's value, or null when the cell ends in a statement or declaration
   */
  @Override
  public Object evalRaw(String cell) {
    Object result = null;
    StringBuilder code = new StringBuilder();
    for (String line : cell.split("\n", -1)) {
      Matcher magic = MAGIC_LINE.matcher(line);
      if (magic.matches()) {
        result = evalCode(code.toString());
        code.setLength(0);
        result = runMagic(magic.group(1), splitArgs(magic.group(2)));
        code.append('\n'); // keeps line numbers of later diagnostics right
      } else {
        code.append(line).append('\n');
      }
    }
    if (!code.toString().isBlank()) {
      result = evalCode(code.toString());
    }
    return result;
  }

  private Object evalCode(String code) {
    if (code.isBlank()) {
      return null;
    }
    CellEvaluator.Outcome outcome = evaluator.eval(code);
    return outcome.hasValue() ? outcome.value() : null;
  }

  private Object runMagic(String name, List<String> args) {
    try {
      return magicsRegistry.evalLineMagic(this, name, args);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new CellException(e);
    }
  }

  static List<String> splitArgs(String text) {
    List<String> args = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : text.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          args.add(current.toString());
        }
        current.setLength(0);
        any = false;
      } else {
        current.append(c);
        any = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unbalanced quote in magic arguments: " + text.strip());
    }
    if (any) {
      args.add(current.toString());
    }
    return args;
  }

  /** Adds a jar or class directory for the cells that follow. */
  public void addToClasspath(String entry) {
    evaluator.addToClasspath(entry);
  }

  @Override
  public void display(DisplayData data) {
    if (displaySink != null) {
      displaySink.accept(data);
    } else {
      super.display(data);
    }
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    List<SourceCodeAnalysis.Documentation> docs = evaluator.analysis().documentation(code, identifierEnd(code, at),
        true);
    if (docs == null || docs.isEmpty()) {
      return null;
    }
    return new DisplayData(docs.stream()
        .map(doc -> doc.javadoc() == null ? doc.signature() : doc.signature() + "\n" + doc.javadoc())
        .collect(Collectors.joining("\n\n")));
  }

  private static int identifierEnd(String code, int at) {
    int end = Math.min(at, code.length());
    while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
      end++;
    }
    if (end < code.length() && code.charAt(end) == '(') {
      end++;
    }
    return end;
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    int[] anchor = new int[1];
    List<SourceCodeAnalysis.Suggestion> suggestions = evaluator.analysis().completionSuggestions(code, at, anchor);
    if (suggestions == null || suggestions.isEmpty()) {
      return null;
    }
    List<String> options = suggestions.stream()
        .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType()))
        .map(SourceCodeAnalysis.Suggestion::continuation)
        .distinct()
        .collect(Collectors.toList());
    return new ReplacementOptions(options, anchor[0], at);
  }

  @Override
  public String isComplete(String code) {
    return switch (evaluator.completeness(code)) {
      case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
      case CONSIDERED_INCOMPLETE, DEFINITELY_INCOMPLETE -> "    ";
      case UNKNOWN -> IS_COMPLETE_BAD;
    };
  }

  /** Interrupts the running cell and cancels its Spark jobs. */
  @Override
  public void interrupt() {
    evaluator.interrupt();
    SparkSession.getDefaultSession().foreach(session -> {
      session.sparkContext().cancelAllJobs();
      return null;
    });
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    SparkSession.getDefaultSession().foreach(session -> {
      session.stop();
      return null;
    });
    evaluator.close();
    super.onShutdown(isRestarting);
  }

  /** The traceback shown for a failed cell: javac's diagnostics, or the cell's exception without kernel frames. */
  @Override
  public List<String> formatError(Throwable error) {
    List<String> lines = new ArrayList<>();
    if (error instanceof CellCompilationException compile) {
      lines.add("The cell does not compile:");
      compile.problems().forEach(problem -> lines.addAll(problem.lines().toList()));
      return lines;
    }
    Throwable thrown = error instanceof CellException && error.getCause() != null ? error.getCause() : error;
    String prefix = "";
    while (thrown != null) {
      lines.add(prefix + thrown);
      for (StackTraceElement frame : CellException.cellFrames(thrown)) {
        lines.add("    at " + frame);
      }
      prefix = "Caused by: ";
      thrown = thrown.getCause() == thrown ? null : thrown.getCause();
    }
    return lines;
  }

  /** What the base kernel is made of, gathered by the builder (whose factory methods are protected). */
  private record Parts(String name, String version, LanguageInfo language, HistoryManager history, JupyterIO io,
      CommManager comms, Renderer renderer, MagicParser magicParser, MagicsRegistry magics, StringStyler errorStyler) {
  }

  /** Builds an {@link EmbarkKernel}. */
  public static final class Builder extends BaseKernelBuilder<Builder, EmbarkKernel> {

    private List<String> classpath = List.of(System.getProperty("java.class.path", "")
        .split(java.io.File.pathSeparator));
    private Consumer<DisplayData> displaySink;

    private Builder() {
      name("embark");
      version(versionOfThisJar());
      lineMagic("classpath", new ClasspathMagic());
      lineMagic("jars", new ClasspathMagic());
    }

    /** The jars and class directories cells compile against (default: this JVM's class path). */
    public Builder classpath(List<String> entries) {
      this.classpath = List.copyOf(entries);
      return this;
    }

    /** Where {@code display(...)} outputs go instead of Jupyter (for a kernel driven without a connection). */
    public Builder displaySink(Consumer<DisplayData> sink) {
      this.displaySink = sink;
      return this;
    }

    @Override
    public EmbarkKernel build() {
      LanguageInfo language = new LanguageInfo.Builder("java")
          .version(Runtime.version().toString())
          .mimetype("text/x-java-source")
          .fileExtension(".jshell")
          .pygments("java")
          .codemirror("text/x-java")
          .build();
      return new EmbarkKernel(this, new Parts(buildName(), buildVersion(), language, buildHistoryManager(),
          buildJupyterIO(buildJupyterIOEncoding()), buildCommManager(), buildRenderer(),
          new MagicParser("^\\s*%", "%%", buildMagicTranspiler()), buildMagicsRegistry(), buildErrorStyler()));
    }

    private static String versionOfThisJar() {
      String version = EmbarkKernel.class.getPackage().getImplementationVersion();
      return version == null ? "0.1.0-SNAPSHOT" : version;
    }
  }
}
