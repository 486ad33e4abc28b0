package io.embark.jobs;

/**
 * A failure that ends a job with a specific exit code and a one-line reason: {@link #BAD_INPUT} (2) for bad
 * arguments, configuration or input data; {@link #RUNTIME} (1) for anything else.
 */
public final class JobFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code for bad command-line arguments, configuration keys or values, or unusable input. */
    public static final int BAD_INPUT = 2;
    /** Exit code for failures while running. */
    public static final int RUNTIME = 1;

    private final int exitCode;

    /** A failure with {@code exitCode} and a one-line {@code message}. */
    public JobFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A bad-input failure. */
    public static JobFailure badInput(String message) {
        return new JobFailure(BAD_INPUT, message, null);
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }
}
