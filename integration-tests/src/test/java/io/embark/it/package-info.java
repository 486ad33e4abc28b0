/**
 * Integration tests on a real Spark standalone cluster (a Master and Workers in their own JVMs on 127.0.0.1),
 * driven through spark-submit with the shaded jobs jar, as a scheduled data-platform pipeline would run it.
 */
package io.embark.it;
