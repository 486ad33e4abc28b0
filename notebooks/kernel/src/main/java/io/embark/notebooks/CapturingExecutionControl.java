package io.embark.notebooks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * JShell's in-process execution engine, keeping the real objects a snippet produces.
 *
 * <p>JShell hands the kernel only the {@code toString()} of a value; this engine also keeps the value itself and, when
 * a snippet throws, the {@link Throwable} itself, so the kernel can render a {@code Dataset} or an image and report
 * an exception with its full cause chain. Snippets run on the calling thread with the snippet class loader as the
 * thread's context class loader, so classes and lambdas declared in cells are visible to libraries that load classes
 * by name (Spark's local executors deserialising a task among them). Not thread-safe: one cell runs at a time.
 */
final class CapturingExecutionControl extends DirectExecutionControl {

  private Object lastValue;
  private Throwable lastThrown;
  private volatile Thread runningThread;

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
    runningThread = thread;
    try {
      Object value = doitMethod.invoke(null);
      lastValue = value;
      return valueString(value);
    } catch (InvocationTargetException e) {
      lastThrown = e.getCause();
      throw e;
    } finally {
      runningThread = null;
      Thread.interrupted(); // an interrupt aimed at this snippet must not hit the next one
      thread.setContextClassLoader(previous);
    }
  }

  /** Interrupts the thread running a snippet, if one runs; code that checks for interruption stops. */
  void interruptRunning() {
    Thread thread = runningThread;
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Forgets the last value and exception, before a new snippet is evaluated. */
  void clear() {
    lastValue = null;
    lastThrown = null;
  }

  /** The value the last executed snippet returned (null when none or when it returned null). */
  Object lastValue() {
    return lastValue;
  }

  /** The exception the last executed snippet threw, or null. */
  Throwable lastThrown() {
    return lastThrown;
  }
}
