#!/usr/bin/env bash
# Runs the JMH benchmarks of jlite-bench and turns their JSON into the tables of BENCHMARKS.md (BenchTable):
#   PairedModelBench     steady-state latency of jlite and of the official TensorFlow Lite 2.6.2 interpreter with
#                        XNNPACK, paired in one JVM per model and thread count (blocks of inferences of each engine
#                        alternated, each engine's mean per iteration): this host changes speed for tens of seconds
#                        at a time, so only engines timed in the same window compare; -prof gc marks jlite figures
#                        taken before its kernels were compiled
#   ModelBench builtin   TFLite's builtin kernels, a fork of their own (sample mode, median)
#   ModelBench jlite     jlite alone in average-time mode with -prof gc: its heap bytes per inference; its forks
#                        record JFR allocation samples (jlite-bench/target/alloc-jfr), and the table names the
#                        allocating methods of any row at or above 1 KB per inference in a ‡ line (AllocationSites)
#   FirstInferenceBench  time to the first result in fresh JVMs, without and with a class-data-sharing archive;
#                        ReopenBench: in a JVM that has run the model
#
# Usage: scripts/bench-table.sh [options]
#   --models a,b,...     model names (default: all 11 shared models)
#   --threads 1,2        thread counts (default 1,2)
#   --warmup N           warmup iterations per fork (default 3)
#   --warmup-time D      length of one warmup iteration, JMH syntax (default 2s: jlite's kernels need C2)
#   --iterations N       measurement iterations per fork (default 4)
#   --alloc-warmup N     warmup iterations of the allocation pass (default 5: 10 s; see below)
#   --time D             length of one measurement iteration (default 1s)
#   --builtin-threads L  thread counts on which TFLite's builtin kernels run too (default 1)
#   --forks N            forks per steady-state figure (paired and builtin; default 1)
#   --first-forks N      cold starts per first-inference figure (default 3; 0 skips that benchmark)
#   --no-reopen          skip ReopenBench (the first result of a model opened again in a warm JVM)
#   --update             also replace the bench-table section of BENCHMARKS.md
#   --peak-gflops-per-core X   give the peak instead of measuring it (PeakFlops: an FMA loop on one core, run
#                        before and after the benchmarks; /proc/cpuinfo's nominal clock is below the boost clock)
# JAVA picks the java binary (also used for the forks); JLITE_JAVA_OPTS adds options to the forks.
#
# Budget: with the defaults there are 11 models x (2 paired forks, 1 and 2 threads + 1 builtin fork + jlite's
# allocation pass on 1 and 2 threads, 4 s more warmup) = 55 forks of about 6 + 4 s of iterations plus 1-4 s of JVM
# start and setup (the allocation pass's forks about 1 s more: JFR starts with them; the 2-thread paired forks 4 s
# more, PairedModelBench.PREWARM_SECONDS)
# (11-13 minutes; 11-13 s a fork measured on face_landmark), 11 x 2 x 3 = 66 cold starts of 2-4 s (about 3 minutes),
# as many again with the class-data-sharing archive after its training run (about 3 minutes more), and 22 forks of
# ReopenBench (6 s of inferences, then 5 shots; about 3.5 minutes). The first two full runs took 13 min 12 s and 13 min
# 25 s (the last table of 77 forks, 18); with the archive's shots, 17 min 27 s and 17 min 33 s of benchmarks
# (2026-11-27), about 18.5 minutes with the build, the peak and the table.
# In a paired fork jlite gets half of the warmup (XNNPACK runs the other half); on a loaded machine it may still be
# compiling when the measurement starts: the table marks such figures (allocation far above the steady state) and
# longer warmups help. Writes jlite-bench/target/bench-table.md,
# bench-paired.json, bench-builtin.json, bench-alloc.json, bench-first.json, bench-first-cds.json and
# bench-reopen.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

models="" threads="1,2" warmup=3 warmup_time=2s iterations=4 time=1s builtin_threads=1 forks=1 first_forks=3
alloc_warmup=5
update=false reopen=true peak=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) models="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --warmup-time) warmup_time="$2"; shift 2 ;;
    --builtin-threads) builtin_threads="$2"; shift 2 ;;
    --iterations) iterations="$2"; shift 2 ;;
    --alloc-warmup) alloc_warmup="$2"; shift 2 ;;
    --time) time="$2"; shift 2 ;;
    --forks) forks="$2"; shift 2 ;;
    --first-forks) first_forks="$2"; shift 2 ;;
    --no-reopen) reopen=false; shift ;;
    --update) update=true; shift ;;
    --peak-gflops-per-core) peak=(--peak-gflops-per-core "$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^#/p}' "$0"; exit 0 ;;
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
# A -jvmArgsAppend on JMH's command line replaces the benchmarks' @Fork(jvmArgsAppend) instead of adding to it, so
# the user's options come after a copy of those (the same in all four benchmarks), which they may override.
fork_opts="--add-modules jdk.incubator.vector -Xmx2g -XX:PerMethodTrapLimit=10000 -XX:+IgnoreUnrecognizedVMOptions"
fork_opts+=" -XX:+UseTransparentHugePages"
jmh_plain=("${jmh[@]}")
[[ -n "${JLITE_JAVA_OPTS:-}" ]] && jmh+=(-jvmArgsAppend "$fork_opts $JLITE_JAVA_OPTS")
params=()
[[ -n "$models" ]] && params+=(-p "model=$models")

# One core's peak GFLOP/s (PeakFlops: the fastest of 5 FMA loops of about 0.3 s), or nothing if it cannot run.
measure_peak() {
  local p
  p="$("$java" --add-modules jdk.incubator.vector -cp "$jar" dev.jlite.bench.PeakFlops 2>/dev/null | head -1)" || p=""
  [[ "$p" =~ ^[0-9]+(\.[0-9]+)?$ ]] && echo "$p"
  return 0
}
start=$SECONDS
# Measured before and after the benchmarks, the higher kept: the host's neighbours slow it for tens of seconds.
peak_before=""
[[ ${#peak[@]} -eq 0 ]] && peak_before="$(measure_peak)"
results=()
iters=(-wi "$warmup" -w "$warmup_time" -i "$iterations" -r "$time")
# jlite and XNNPACK in one JVM per model and thread count; -prof gc for jlite's bytes per inference in that fork.
"${jmh[@]}" 'dev.jlite.bench.PairedModelBench' "${params[@]}" -p "threads=$threads" "${iters[@]}" -f "$forks" \
  -prof gc -rf json -rff "$out/bench-paired.json" >&2
results+=("$out/bench-paired.json")
# TFLite's builtin kernels on the thread counts of both lists, in a fork of their own: no ratio is taken from them,
# and at 6-15x XNNPACK's time they would take most of a paired fork's measurement.
IFS=',' read -ra thread_list <<<"$threads"
builtin=()
for t in "${thread_list[@]}"; do
  [[ ",$builtin_threads," == *",$t,"* ]] && builtin+=("$t")
done
if [[ ${#builtin[@]} -gt 0 ]]; then
  "${jmh[@]}" 'dev.jlite.bench.ModelBench' "${params[@]}" -p "threads=$(IFS=,; echo "${builtin[*]}")" \
    -p engine=builtin "${iters[@]}" -f "$forks" -rf json -rff "$out/bench-builtin.json" >&2
  results+=("$out/bench-builtin.json")
fi
# Heap bytes per inference: jlite alone in average-time mode (sample mode's per-sample bookkeeping allocates inside
# the measured window, about 1.5 KB per inference of the slower models), after a longer warmup than the latency
# forks: a kernel that a model runs only once or twice per inference (face_detection_full_range's stem border tiles)
# reaches C2 8-10.5 s after the JVM starts in some forks (-XX:+PrintCompilation), and allocates in C1 code until
# then; 6 s of warmup left 5.6-15.6 KB per inference in the first measured second of 3 forks of 6.
# Each fork also records JFR allocation samples, one file per JVM in alloc_jfr (JDK 17 names it hotspot-pid-PID-...
# only if the directory exists, else it writes a file of that name), and ModelBench notes there when its measurement
# began: now and then one fork keeps allocating kilobytes per inference and reruns do not, so the table run itself
# must say where. JFR samples an allocation only where a thread takes a new TLAB, and the JVM sized the TLABs of a
# thread allocating 1.7 KB per inference so that none was taken in the measured seconds: fixed 16 KB TLABs give
# samples (they do not change what is allocated). -jvmArgsPrepend, not -jvmArgsAppend: a -jvmArgsAppend on JMH's
# command line replaces the @Fork annotation's (-Xmx2g and the rest of $fork_opts), and a second one would not be
# split at spaces. One value, split at spaces by JMH: the path has none ($out is relative).
alloc_jfr="$out/alloc-jfr"
rm -rf "$alloc_jfr"
mkdir -p "$alloc_jfr"
jfr="-XX:StartFlightRecording=filename=$alloc_jfr/,settings=default -XX:TLABSize=16k -XX:-ResizeTLAB"
jfr+=" -Djlite.bench.allocSites=$alloc_jfr"
"${jmh[@]}" 'dev.jlite.bench.ModelBench' "${params[@]}" -p "threads=$threads" -p engine=jlite -bm avgt \
  -wi "$alloc_warmup" -w "$warmup_time" -i "$iterations" -r "$time" -f 1 -prof gc -jvmArgsPrepend "$jfr" -rf json \
  -rff "$out/bench-alloc.json" >&2
results+=("$out/bench-alloc.json")
if [[ "$first_forks" -gt 0 ]]; then
  "${jmh[@]}" 'dev.jlite.bench.FirstInferenceBench' "${params[@]}" -f "$first_forks" -rf json \
    -rff "$out/bench-first.json" >&2
  results+=("$out/bench-first.json")
  # The same shots with a class-data-sharing archive (README "JVM options") for both engines' forks, made by a
  # training run of one shot per engine and model (FirstInferenceBench.main). The archive must be made with the
  # forks' class path and options; its path is relative, like the forks' class path, and has no spaces.
  archive="$out/first-inference.jsa"
  rm -f "$archive"
  cds_opts="$fork_opts -Xlog:cds*=off"
  # shellcheck disable=SC2086  # the options are a list
  "$java" $cds_opts ${JLITE_JAVA_OPTS:-} -XX:ArchiveClassesAtExit="$archive" -cp "$jar" \
    dev.jlite.bench.FirstInferenceBench ${models//,/ } >&2
  "${jmh_plain[@]}" 'dev.jlite.bench.FirstInferenceBench' "${params[@]}" -f "$first_forks" \
    -jvmArgsAppend "$cds_opts -XX:SharedArchiveFile=$archive ${JLITE_JAVA_OPTS:-}" -rf json \
    -rff "$out/bench-first-cds.json" >&2
  results+=("$out/bench-first-cds.json")
fi
if $reopen; then
  "${jmh[@]}" 'dev.jlite.bench.ReopenBench' "${params[@]}" -rf json -rff "$out/bench-reopen.json" >&2
  results+=("$out/bench-reopen.json")
fi
echo "bench-table.sh: benchmarks took $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s" >&2
if [[ ${#peak[@]} -eq 0 ]]; then
  peak_after="$(measure_peak)"
  measured="$(printf '%s\n' $peak_before $peak_after | sort -g | tail -1)"
  if [[ -n "$measured" ]]; then
    echo "bench-table.sh: measured peak ${peak_before:-?} and ${peak_after:-?} GFLOP/s per core; kept $measured" >&2
    peak=(--measured-peak-gflops "$measured")
  else
    echo "bench-table.sh: could not measure the peak; BenchTable derives it from /proc/cpuinfo" >&2
  fi
fi

table=("$java" --add-modules jdk.incubator.vector -cp "$jar" dev.jlite.bench.BenchTable "${results[@]}"
  --out "$out/bench-table.md" "${peak[@]}")
[[ -d "$alloc_jfr" ]] && table+=(--alloc-sites "$alloc_jfr")
$update && table+=(--update BENCHMARKS.md)
"${table[@]}"
