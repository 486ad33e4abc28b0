/**
 * spark-submit entry points, driven by HOCON files in {@code conf/}; all are packaged in one shaded jar. The
 * benchmarks that drive these jobs live in the {@code embark-bench} module ({@code io.embark.bench}), outside that
 * jar.
 */
package io.embark.jobs;
