/**
 * spark-submit entry points, driven by HOCON files in {@code conf/}; all are packaged in one shaded jar. A job
 * turns its configuration into the workload's typed settings, calls the workload's steps in
 * {@code io.embark.pipelines} and prints their typed results; it holds no workflow of its own. Exit codes: 0 done,
 * 2 bad input or configuration (one line naming the key or file), 1 a failure at run time. The benchmarks that
 * drive these workloads live in the {@code embark-bench} module ({@code io.embark.bench}), outside that jar.
 */
package io.embark.jobs;
