/**
 * Benchmark mains of the {@code bench/*.sh} scripts. They measure and print tables; they are not tests, and they
 * are not part of the shipped spark-submit jar: this module ({@code embark-bench}) builds
 * {@code bench/target/embark-bench-VERSION.jar} and writes its runtime classpath, Spark included, to
 * {@code bench/target/bench-classpath.txt}, which the scripts run with the JVM flags of {@code conf/jvm.properties}.
 *
 * <p>{@link io.embark.bench.TabularBench}, {@link io.embark.bench.TextBench} and
 * {@link io.embark.bench.RossmannPrepareBench} compare embark's stages and the Rossmann prepare step with Spark
 * MLlib and with a bare Parquet copy, on tables and corpora generated at any size by
 * {@link io.embark.bench.RossmannShapedTable} and {@link io.embark.bench.TextCorpus};
 * {@link io.embark.bench.SingleJvmCollabBench} and {@link io.embark.bench.SingleJvmLanguageModelBench} are the
 * single-JVM references that {@code bench/movielens.sh} and {@code bench/lm.sh} set against parameter averaging on a
 * standalone cluster. Each main parses its positional arguments with picocli through
 * {@link io.embark.bench.BenchCommandLine}: {@code --help} shows them, a bad one is a one-line error and exit
 * status 2.
 */
package io.embark.bench;
