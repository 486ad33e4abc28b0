package io.embark.pipelines.train;

import java.io.Serializable;

/**
 * Settings of parameter-averaged training.
 *
 * @param workers             number of parallel workers (Spark tasks) per averaging round; usually the
 *                            executors' total cores
 * @param batchSizePerWorker  minibatch size each worker fits
 * @param averagingFrequency  minibatches each worker fits between two parameter averagings
 * @param prefetchBatches     minibatches each worker prefetches asynchronously (0 = off)
 * @param epochs              passes over the training data
 * @param seed                seed for per-epoch shuffling
 * @param collectStats        collect DL4J's per-phase timings (broadcast, fit, aggregation) and log them
 */
public record TrainerSettings(int workers, int batchSizePerWorker, int averagingFrequency, int prefetchBatches,
                              int epochs, long seed, boolean collectStats) implements Serializable {
    /** Validates every setting. */
    public TrainerSettings {
        require(workers >= 1, "workers must be >= 1, got " + workers);
        require(batchSizePerWorker >= 1, "batch size per worker must be >= 1, got " + batchSizePerWorker);
        require(averagingFrequency >= 1, "averaging frequency must be >= 1, got " + averagingFrequency);
        require(prefetchBatches >= 0, "prefetch batches must be >= 0, got " + prefetchBatches);
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
    }

    /** Settings without timing statistics. */
    public TrainerSettings(int workers, int batchSizePerWorker, int averagingFrequency, int prefetchBatches,
                           int epochs, long seed) {
        this(workers, batchSizePerWorker, averagingFrequency, prefetchBatches, epochs, seed, false);
    }

    /** Optimiser steps one worker takes in one epoch over {@code rows} training rows. */
    public long iterationsPerEpoch(long rows) {
        return Math.max(1, (rows + (long) workers * batchSizePerWorker - 1) / ((long) workers * batchSizePerWorker));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
