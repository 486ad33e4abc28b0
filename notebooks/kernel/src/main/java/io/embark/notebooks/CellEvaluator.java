package io.embark.notebooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Evaluates Java source the way a notebook cell expects: statement after statement through one JShell whose state
 * (variables, methods, classes, imports) lives on from cell to cell, in this JVM.
 *
 * <p>The value of the cell is the value of its last snippet when that snippet is an expression ({@code df},
 * {@code 1 + 2}, {@code model.summary()}); declarations, assignments, statements and void calls give none. A snippet
 * that does not compile, or a variable whose type cannot be resolved (a missing import, say), raises
 * {@link CellCompilationException} and nothing after it runs; a snippet that throws raises {@link CellException}
 * with the original exception as the cause. One cell at a time: the kernel serialises requests.
 */
final class CellEvaluator implements AutoCloseable {

  /** What a cell left: whether its last snippet was an expression, and the value. */
  record Outcome(boolean hasValue, Object value) {
    static final Outcome NONE = new Outcome(false, null);
  }

  private final CapturingExecutionControl control = new CapturingExecutionControl();
  private final JShell shell;

  /**
   * @param classpath entries (jars, class directories) the cells compile against; at run time classes come from
   *     this JVM's own class path first, so cells and the kernel share one copy of each class
   */
  CellEvaluator(List<String> classpath) {
    this.shell = JShell.builder()
        .executionEngine(new InProcessProvider(control), Map.of())
        .build();
    for (String entry : classpath) {
      if (!entry.isBlank()) {
        shell.addToClasspath(entry);
      }
    }
  }

  /** Adds a jar or class directory for the cells that follow (compile and run time). */
  void addToClasspath(String entry) {
    shell.addToClasspath(entry);
  }

  /**
   * Evaluates a cell's source.
   *
   * @throws CellCompilationException when a snippet does not compile or the source is incomplete
   * @throws CellException when a snippet throws
   */
  Outcome eval(String source) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    Outcome outcome = Outcome.NONE;
    String remaining = source;
    CompletionInfo info = analysis.analyzeCompletion(remaining);
    while (info.completeness().isComplete()) {
      int start = source.length() - remaining.length();
      String typed = remaining.substring(0, remaining.length() - info.remaining().length());
      outcome = evalSnippet(info.source(), source, start);
      if (endsWithSemicolon(typed)) {
        outcome = Outcome.NONE; // an expression statement, as typed: run for its effect, not shown
      }
      remaining = info.remaining();
      info = analysis.analyzeCompletion(remaining);
    }
    if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
      int line = lineOf(source, source.length() - remaining.length() + leadingWhitespace(remaining));
      throw new CellCompilationException(List.of("line " + line + ": incomplete code (a missing ';', ')' or '}'?)\n"
          + "    " + remaining.strip().lines().findFirst().orElse("")));
    }
    return outcome;
  }

  /** Whether the source is complete, incomplete (with the indentation to continue with) or invalid. */
  SourceCodeAnalysis.Completeness completeness(String source) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    CompletionInfo info = analysis.analyzeCompletion(source);
    while (info.completeness().isComplete()) {
      info = analysis.analyzeCompletion(info.remaining());
    }
    return info.completeness();
  }

  /** JShell's analysis, for completion and documentation lookups. */
  SourceCodeAnalysis analysis() {
    return shell.sourceCodeAnalysis();
  }

  /** Interrupts the running snippet's thread (cooperative: code that checks for interruption stops). */
  void interrupt() {
    control.interruptRunning();
  }

  @Override
  public void close() {
    shell.close();
  }

  private Outcome evalSnippet(String snippetSource, String cell, int searchFrom) {
    control.clear();
    List<SnippetEvent> events = shell.eval(snippetSource);
    Outcome outcome = Outcome.NONE;
    for (SnippetEvent event : events) {
      if (event.causeSnippet() != null) {
        continue; // a dependent snippet updated by this one
      }
      Snippet snippet = event.snippet();
      JShellException thrown = event.exception();
      if (thrown != null) {
        Throwable original = control.lastThrown();
        if (original != null) {
          throw new CellException(original);
        }
        if (thrown instanceof UnresolvedReferenceException unresolved) {
          throw new CellCompilationException(List.of(unresolvedMessage(unresolved.getSnippet())));
        }
        throw new CellException(thrown);
      }
      if (event.status() == Snippet.Status.REJECTED) {
        throw new CellCompilationException(problems(snippet, cell, searchFrom));
      }
      if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED
          && snippet.kind() == Snippet.Kind.VAR) {
        throw new CellCompilationException(List.of(unresolvedMessage((DeclarationSnippet) snippet)));
      }
      if (showsValue(snippet)) {
        outcome = new Outcome(true, control.lastValue());
      }
    }
    return outcome;
  }

  /**
   * Whether the text of one snippet, as the user typed it, ends with {@code ;} (a trailing {@code //} comment and
   * whitespace ignored): {@code System.out.printf(...);} is a statement and shows nothing, {@code df.count()} is
   * the cell's result.
   */
  static boolean endsWithSemicolon(String typed) {
    String text = typed.stripTrailing();
    int lineStart = text.lastIndexOf('\n') + 1;
    int comment = text.indexOf("//", lineStart);
    if (comment >= 0 && text.lastIndexOf('"', text.length() - 1) < comment) {
      text = text.substring(0, comment).stripTrailing();
    }
    return text.endsWith(";");
  }

  private static boolean showsValue(Snippet snippet) {
    return switch (snippet.subKind()) {
      case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND -> true;
      default -> false;
    };
  }

  private String unresolvedMessage(DeclarationSnippet snippet) {
    List<String> missing = shell.unresolvedDependencies(snippet).collect(Collectors.toList());
    return "cannot find symbol " + String.join(", ", missing) + " (used by '" + firstLine(snippet.source())
        + "'; a missing import or a name not declared yet?)";
  }

  private List<String> problems(Snippet snippet, String cell, int searchFrom) {
    String source = snippet.source();
    int snippetStart = cell.indexOf(firstLine(source), searchFrom);
    List<String> problems = new ArrayList<>();
    shell.diagnostics(snippet).filter(Diag::isError).forEach(diag -> problems.add(describe(diag, source,
        snippetStart < 0 ? -1 : snippetStart, cell)));
    if (problems.isEmpty()) {
      problems.add("does not compile: " + firstLine(source));
    }
    return problems;
  }

  private static String describe(Diag diag, String source, int snippetStart, String cell) {
    int position = (int) Math.max(0, Math.min(diag.getPosition(), source.length()));
    int lineStart = source.lastIndexOf('\n', position - 1) + 1;
    int lineEnd = source.indexOf('\n', position);
    String line = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
    String where = snippetStart < 0 ? "" : "line " + lineOf(cell, snippetStart + position) + ": ";
    return where + diag.getMessage(Locale.ROOT) + "\n    " + line + "\n    " + " ".repeat(position - lineStart) + "^";
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int leadingWhitespace(String text) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String firstLine(String source) {
    return source.strip().lines().findFirst().orElse("");
  }

  /** Hands JShell the capturing engine instead of its own local or remote ones. */
  private record InProcessProvider(CapturingExecutionControl control) implements ExecutionControlProvider {
    @Override
    public String name() {
      return "embark-in-process";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
      return control;
    }
  }
}
