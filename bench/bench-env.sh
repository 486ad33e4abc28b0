# Sourced by every bench/*.sh after it has set $root (the repository root) and cd'ed there. Defines:
#   version   the project version
#   flags     the JVM flags of conf/jvm.properties (every JVM a benchmark starts: mains, Masters, Workers,
#             spark-submit and spark.executor.extraJavaOptions)
#   log4j     the -Dlog4j.configurationFile flag for conf/log4j2.properties
#   bench_cp  the classpath of the benchmark mains (bench/target/embark-bench-*.jar + its runtime dependencies)
#   jar       the shaded spark-submit jar (jobs/target/embark-jobs-*-spark.jar)
#   bench_build [cluster]   builds what is missing (mvn package, tests skipped); with "cluster" also the shaded jar
#             and integration-tests/target/spark-classpath.txt (the Spark jars a standalone Master/Worker runs on)
# shellcheck shell=bash
source "$root/bin/jvm-flags.sh"
version=0.1.0-SNAPSHOT
flags=$(embark_jvm_flags "$root")
log4j="-Dlog4j.configurationFile=$root/conf/log4j2.properties"
jar="$root/jobs/target/embark-jobs-$version-spark.jar"
bench_jar="$root/bench/target/embark-bench-$version.jar"
bench_classpath_file="$root/bench/target/bench-classpath.txt"

bench_build() {
  local need=("$bench_jar" "$bench_classpath_file")
  [[ "${1:-}" == cluster ]] && need+=("$jar" "$root/integration-tests/target/spark-classpath.txt")
  local f
  for f in "${need[@]}"; do
    [[ -f "$f" ]] || { (cd "$root" && mvn -B -q -DskipTests package) || return $?; break; }
  done
  bench_cp="$bench_jar:$(cat "$bench_classpath_file")"
}
