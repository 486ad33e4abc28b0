/**
 * Benchmark entry points. They measure; they are not tests. {@code bench/movielens.sh} combines them with runs on
 * a standalone cluster into the benchmark tables of the README.
 */
package io.embark.jobs.bench;
