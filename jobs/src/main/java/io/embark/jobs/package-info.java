/**
 * spark-submit entry points, driven by HOCON files in {@code conf/}; all are packaged in one shaded jar.
 */
package io.embark.jobs;
