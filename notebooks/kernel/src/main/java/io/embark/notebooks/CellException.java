package io.embark.notebooks;

/**
 * A cell that threw: wraps the exception the cell's code threw (its cause), so the kernel can report the original
 * class, message and stack trace while the notebook shows one error per failed cell.
 */
public final class CellException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param thrown what the cell's code threw
   */
  public CellException(Throwable thrown) {
    super(thrown.getClass().getName() + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()), thrown,
        false, true);
    setStackTrace(cellFrames(thrown));
  }

  /** The frames of {@code thrown} that belong to the cell and the code it called, without the kernel's. */
  static StackTraceElement[] cellFrames(Throwable thrown) {
    StackTraceElement[] frames = thrown.getStackTrace();
    int end = 0;
    while (end < frames.length && !isKernelFrame(frames[end])) {
      end++;
    }
    return java.util.Arrays.copyOf(frames, end);
  }

  private static boolean isKernelFrame(StackTraceElement frame) {
    String type = frame.getClassName();
    return type.startsWith("jdk.internal.reflect.") || type.equals("java.lang.reflect.Method")
        || type.startsWith(CellException.class.getPackageName() + ".");
  }
}
