#!/usr/bin/env bash
# Benchmarks jlite against the official TensorFlow Lite 2.6.2 interpreter (XNNPACK on, and its builtin kernels) on
# the shared MediaPipe models, one thread, in one JVM. Prints a markdown table; also writes
# jlite-bench/target/bench-compare.{md,json}.
# Usage: scripts/bench-compare.sh [--runs N] [--warmup N] [--seconds S] [--threads N] [MODEL...]
# JLITE_JAVA_OPTS adds JVM options.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# One runnable jar with its class path inside; offline first, online when that fails (a fresh ~/.m2).
build=(mvn -q package -pl jlite-bench -am -Dmaven.test.skip=true)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! "${build[@]}" -o >"$log" 2>&1; then
  "${build[@]}" >&2 || { echo "bench-compare.sh: the build failed (${build[*]})" >&2; exit 1; }
fi

out="jlite-bench/target"
# The JVM options of ./jlite (see "JVM options" in README.md).
jvm_opts=(-XX:PerMethodTrapLimit=10000)
[[ "$(uname -s)" == Linux ]] && jvm_opts+=(-XX:+UseTransparentHugePages)
# shellcheck disable=SC2086  # JLITE_JAVA_OPTS is a list of options
java "${jvm_opts[@]}" ${JLITE_JAVA_OPTS:-} --add-modules jdk.incubator.vector -jar "$out/jlite-bench.jar" \
  --json "$out/bench-compare.json" --markdown "$out/bench-compare.md" "$@"
