package io.embark.pipelines.output;

import org.apache.hadoop.conf.Configuration;

/** Test helper process: opens a run directory for args[0], prints {@link #HOLDING} and waits to be killed. */
public final class HoldRunDirectory {
    static final String HOLDING = "holding";

    private HoldRunDirectory() {
    }

    /** Opens the run directory {@code args[0]} and holds it until the process is killed. */
    public static void main(String[] args) throws InterruptedException {
        RunDirectory.open(args[0], false, new Configuration());
        System.out.println(HOLDING);
        System.out.flush();
        Thread.sleep(120_000);
    }
}
