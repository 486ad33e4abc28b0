# Sourced by bin/embark and bench/*.sh: embark_jvm_flags ROOT prints the JVM flags of conf/jvm.properties
# (the value of spark.jvm.flags, continuation lines joined) on one line, separated by single spaces.
embark_jvm_flags() {
  local file="$1/conf/jvm.properties"
  [[ -f "$file" ]] || { echo "embark: no JVM flags file at $file" >&2; return 2; }
  awk '
    /^[[:space:]]*[#!]/ && !cont { next }
    {
      line = $0; more = sub(/\\[[:space:]]*$/, "", line)
      if (!cont && line ~ /^[[:space:]]*spark\.jvm\.flags[[:space:]]*[=:]/) { sub(/^[^=:]*[=:]/, "", line); take = 1 }
      if (take) value = value " " line
      cont = more
      if (!more) take = 0
    }
    END { gsub(/[[:space:]]+/, " ", value); sub(/^ /, "", value); sub(/ $/, "", value); print value }
  ' "$file"
}
