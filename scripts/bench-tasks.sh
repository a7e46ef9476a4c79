#!/usr/bin/env bash
# End-to-end time of each vision task (decoded image to result, 1 thread) beside its models' inference time, on the
# shared photos. Prints a markdown table. JLITE_JAVA_OPTS adds JVM options.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build=(mvn -q package -pl jlite-bench -am -Dmaven.test.skip=true)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! "${build[@]}" -o >"$log" 2>&1; then
  "${build[@]}" >&2 || { echo "bench-tasks.sh: the build failed (${build[*]})" >&2; exit 1; }
fi
# shellcheck disable=SC2086  # JLITE_JAVA_OPTS is a list of options
java ${JLITE_JAVA_OPTS:-} --add-modules jdk.incubator.vector -cp jlite-bench/target/jlite-bench.jar \
  dev.jlite.bench.TaskBench "$@"
