package io.embark.bench;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Runs a benchmark's picocli command the way every bench main does: {@code --help} prints the usage, a bad or
 * missing argument prints one line on stderr ({@code Name: what is wrong (--help for usage)}) and exits with
 * status 2, a failure while measuring prints its stack trace and exits with status 1; success returns normally.
 */
public final class BenchCommandLine {
    private BenchCommandLine() {
    }

    /** A command line for {@code command} (an object annotated with {@code @Command}) with the one-line errors. */
    public static CommandLine of(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler(BenchCommandLine::oneLine);
        return cl;
    }

    /** Parses {@code args} into {@code command} and runs it; exits the JVM unless it succeeded. */
    public static void run(Object command, String[] args) {
        int code = of(command).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static int oneLine(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String message = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").trim();
        cl.getErr().println(cl.getCommandName() + ": " + message + " (--help for usage)");
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }
}
