package io.embark.notebooks;

import java.util.List;

/**
 * A cell that does not compile: the message names each problem with its line in the cell, the source line and a
 * caret under the offending column, as javac prints them. It carries no stack trace: the kernel's frames say
 * nothing about the cell.
 */
public final class CellCompilationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /**
   * @param problems one entry per diagnostic, each possibly several lines
   */
  public CellCompilationException(List<String> problems) {
    super(String.join("\n", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  /** The diagnostics, one per entry. */
  public List<String> problems() {
    return problems;
  }
}
