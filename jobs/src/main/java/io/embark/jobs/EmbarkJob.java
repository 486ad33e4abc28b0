package io.embark.jobs;

import com.typesafe.config.ConfigException;
import io.embark.pipelines.output.RunDirectory;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The spark-submit entry point of the shaded jar:
 * <pre>
 * spark-submit --class io.embark.jobs.EmbarkJob embark-jobs-VERSION-spark.jar movielens|rossmann|lm|imdb [--conf FILE] [key=value ...]
 * </pre>
 * Exit codes: 0 success; 2 bad arguments, configuration or input (one line on stderr says why); 1 failure
 * while running.
 */
public final class EmbarkJob {
    private static final List<String> JOBS = List.of("movielens", "rossmann", "lm", "imdb");

    private EmbarkJob() {
    }

    /** Runs a job and exits with its code. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    /** Runs a job and returns its exit code (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(usage());
            return args.length == 0 ? JobFailure.BAD_INPUT : 0;
        }
        String job = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            if (!JOBS.contains(job)) {
                throw JobFailure.badInput("unknown job '" + job + "'; jobs: " + String.join(", ", JOBS));
            }
            if (rest.contains("--help") || rest.contains("-h")) {
                out.println("Keys of job '" + job + "' (defaults from conf/" + job + ".conf):");
                out.print(JobConfig.help(job));
                return 0;
            }
            JobConfig config = JobConfig.parse(job, rest);
            if (job.equals("rossmann")) {
                RossmannJob.run(config.config(), out);
            } else if (job.equals("imdb")) {
                ImdbJob.run(config.config(), out);
            } else if (job.equals("lm")) {
                LanguageModelJob.run(config.config(), out);
            } else {
                MovieLensJob.run(config.config(), out);
            }
            return 0;
        } catch (JobFailure e) {
            err.println("embark " + job + ": " + e.getMessage());
            return e.exitCode();
        } catch (ConfigException e) {
            err.println("embark " + job + ": bad configuration: " + e.getMessage());
            return JobFailure.BAD_INPUT;
        } catch (RunDirectory.OutputExistsException | IllegalArgumentException e) {
            err.println("embark " + job + ": " + oneLine(e));
            return JobFailure.BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("embark " + job + ": failed: " + oneLine(e));
            e.printStackTrace(err);
            return JobFailure.RUNTIME;
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    /** Usage text. */
    static String usage() {
        return String.join(System.lineSeparator(),
                "usage: embark <job> [--conf FILE] [key=value ...] | embark <job> --help",
                "jobs:",
                "  movielens   collaborative filtering (fastai EmbeddingDotBias) on MovieLens; conf/movielens.conf",
                "  rossmann    store sales (fastai tabular model): generate, prepare, train, predict; conf/rossmann.conf",
                "  lm          ULMFiT language model (AWD-LSTM): pretrain, finetune; conf/lm.conf",
                "  imdb        ULMFiT sentiment classifier: pretrain, finetune, classify, predict; conf/imdb.conf",
                "exit codes: 0 success, 2 bad arguments/configuration/input, 1 failure while running");
    }
}
