package io.embark.pipelines.rossmann;

import java.time.LocalDate;

/**
 * How to generate the Rossmann training table.
 *
 * @param seed            the seed of every random draw; same seed, same table
 * @param storeMultiplier k ≥ 1: each store also appears as stores {@code id + j·stride} for {@code 0 < j < k}
 *                        (stride = {@link RossmannTables#storeIdStride()}, 1,115 for the real data), with the
 *                        base store's state, type, assortment, competition and Promo2 but its own level, basket,
 *                        growth, Sunday opening, refurbishment and noise draws
 * @param partitions      Spark partitions (and Parquet files) of the generated table; each holds a range of stores
 * @param noiseSigma      σ of the lognormal noise on Sales ({@link RossmannProcess#NOISE_SIGMA} by default)
 * @param start           first date (inclusive)
 * @param end             last date (inclusive)
 */
public record GeneratorSettings(long seed, int storeMultiplier, int partitions, double noiseSigma, LocalDate start,
                                LocalDate end) {
    /** The competition's first training day. */
    public static final LocalDate TRAIN_START = LocalDate.of(2013, 1, 1);
    /** The competition's last training day. */
    public static final LocalDate TRAIN_END = LocalDate.of(2015, 7, 31);

    /** Validates the settings. */
    public GeneratorSettings {
        if (storeMultiplier < 1) {
            throw new IllegalArgumentException("storeMultiplier must be >= 1, got " + storeMultiplier);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (!(noiseSigma >= 0) || Double.isInfinite(noiseSigma)) {
            throw new IllegalArgumentException("noiseSigma must be a finite number >= 0, got " + noiseSigma);
        }
        if (start == null || end == null || end.isBefore(start)) {
            throw new IllegalArgumentException("dates must satisfy start <= end, got " + start + " .. " + end);
        }
    }

    /** The competition's period 2013-01-01 .. 2015-07-31, one copy of each store, σ = 0.1, 8 partitions. */
    public static GeneratorSettings defaults(long seed) {
        return new GeneratorSettings(seed, 1, 8, RossmannProcess.NOISE_SIGMA, TRAIN_START, TRAIN_END);
    }

    /** A copy with another store multiplier. */
    public GeneratorSettings withStoreMultiplier(int k) {
        return new GeneratorSettings(seed, k, partitions, noiseSigma, start, end);
    }

    /** A copy with another partition count. */
    public GeneratorSettings withPartitions(int n) {
        return new GeneratorSettings(seed, storeMultiplier, n, noiseSigma, start, end);
    }

    /** A copy with another noise σ. */
    public GeneratorSettings withNoiseSigma(double sigma) {
        return new GeneratorSettings(seed, storeMultiplier, partitions, sigma, start, end);
    }

    /** A copy with other dates. */
    public GeneratorSettings withDates(LocalDate first, LocalDate last) {
        return new GeneratorSettings(seed, storeMultiplier, partitions, noiseSigma, first, last);
    }

    /** Days from start to end, both included. */
    public int days() {
        return (int) (end.toEpochDay() - start.toEpochDay() + 1);
    }
}
