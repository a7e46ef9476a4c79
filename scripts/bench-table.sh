#!/usr/bin/env bash
# Runs the JMH benchmarks of jlite-bench (ModelBench: steady-state latency with -prof gc, jlite vs the official
# TensorFlow Lite 2.6.2 interpreter with XNNPACK and with its builtin kernels, 1 and 2 threads; FirstInferenceBench:
# time to the first result in fresh JVMs) and turns their JSON into the tables of BENCHMARKS.md (BenchTable).
#
# Usage: scripts/bench-table.sh [options]
#   --models a,b,...     model names (default: all 11 shared models)
#   --threads 1,2        thread counts (default 1,2)
#   --warmup N           warmup iterations per fork (default 3)
#   --warmup-time D      length of one warmup iteration, JMH syntax (default 2s: jlite's kernels need C2)
#   --iterations N       measurement iterations per fork (default 4)
#   --time D             length of one measurement iteration (default 1s)
#   --builtin-threads L  thread counts on which TFLite's builtin kernels run too (default 1)
#   --forks N            forks per steady-state figure (default 1)
#   --first-forks N      cold starts per first-inference figure (default 3; 0 skips that benchmark)
#   --no-reopen          skip ReopenBench (the first result of a model opened again in a warm JVM)
#   --update             also replace the bench-table section of BENCHMARKS.md
#   --peak-gflops-per-core X   override the peak derived from /proc/cpuinfo
# JAVA picks the java binary (also used for the forks); JLITE_JAVA_OPTS adds options to the forks.
#
# Budget: with the defaults there are 11 models x (3 engines on 1 thread + 2 on 2 threads + jlite's allocation
# pass on both) = 77 forks of about 6 + 4 s of iterations plus 2-4 s of JVM start and setup, and 11 x 2 x 3 = 66
# cold starts of a few seconds, and 22 forks of ReopenBench (3 s of inferences, then 5 shots): about 17 minutes on
# a quiet 2-core machine. On a loaded machine jlite may still be
# compiling when the measurement starts: the table marks such figures (allocation far above the steady state) and
# longer warmups help. Writes jlite-bench/target/bench-table.md, bench-table-THREADS.json, bench-alloc.json,
# bench-first.json and bench-reopen.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

models="" threads="1,2" warmup=3 warmup_time=2s iterations=4 time=1s builtin_threads=1 forks=1 first_forks=3
update=false reopen=true peak=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) models="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --warmup-time) warmup_time="$2"; shift 2 ;;
    --builtin-threads) builtin_threads="$2"; shift 2 ;;
    --iterations) iterations="$2"; shift 2 ;;
    --time) time="$2"; shift 2 ;;
    --forks) forks="$2"; shift 2 ;;
    --first-forks) first_forks="$2"; shift 2 ;;
    --no-reopen) reopen=false; shift ;;
    --update) update=true; shift ;;
    --peak-gflops-per-core) peak=(--peak-gflops-per-core "$2"); shift 2 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "bench-table.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

build=(mvn -q package -pl jlite-bench -am -Dmaven.test.skip=true)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! "${build[@]}" -o >"$log" 2>&1; then
  "${build[@]}" >&2 || { echo "bench-table.sh: the build failed (${build[*]})" >&2; exit 1; }
fi

java="${JAVA:-java}"
jar="jlite-bench/target/jlite-bench.jar"
out="jlite-bench/target"
jmh=("$java" --add-modules jdk.incubator.vector -cp "$jar" org.openjdk.jmh.Main -jvm "$(command -v "$java")")
[[ -n "${JLITE_JAVA_OPTS:-}" ]] && jmh+=(-jvmArgsAppend "$JLITE_JAVA_OPTS")
params=()
[[ -n "$models" ]] && params+=(-p "model=$models")

start=$SECONDS
results=()
IFS=',' read -ra thread_list <<<"$threads"
for t in "${thread_list[@]}"; do
  engines="jlite,xnnpack"
  [[ ",$builtin_threads," == *",$t,"* ]] && engines="jlite,xnnpack,builtin"
  "${jmh[@]}" 'dev.jlite.bench.ModelBench' "${params[@]}" -p "threads=$t" -p "engine=$engines" -wi "$warmup" \
    -w "$warmup_time" -i "$iterations" -r "$time" -f "$forks" -prof gc -rf json -rff "$out/bench-table-$t.json" >&2
  results+=("$out/bench-table-$t.json")
done
# Heap bytes per inference: jlite alone in average-time mode (sample mode's per-sample bookkeeping allocates inside
# the measured window, about 1.5 KB per inference of the slower models).
"${jmh[@]}" 'dev.jlite.bench.ModelBench' "${params[@]}" -p "threads=$threads" -p engine=jlite -bm avgt \
  -wi "$warmup" -w "$warmup_time" -i "$iterations" -r "$time" -f 1 -prof gc -rf json -rff "$out/bench-alloc.json" >&2
results+=("$out/bench-alloc.json")
if [[ "$first_forks" -gt 0 ]]; then
  "${jmh[@]}" 'dev.jlite.bench.FirstInferenceBench' "${params[@]}" -f "$first_forks" -rf json \
    -rff "$out/bench-first.json" >&2
  results+=("$out/bench-first.json")
fi
if $reopen; then
  "${jmh[@]}" 'dev.jlite.bench.ReopenBench' "${params[@]}" -rf json -rff "$out/bench-reopen.json" >&2
  results+=("$out/bench-reopen.json")
fi
echo "bench-table.sh: benchmarks took $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s" >&2

table=("$java" --add-modules jdk.incubator.vector -cp "$jar" dev.jlite.bench.BenchTable "${results[@]}"
  --out "$out/bench-table.md" "${peak[@]}")
$update && table+=(--update BENCHMARKS.md)
"${table[@]}"
