#!/usr/bin/env bash
# Times `./jlite convert` on MobileNetV2 (the oracle SavedModel that TensorFlow Java writes in the converter's tests,
# seed 42), wall clock including JVM start: float conversion, and int8 conversion calibrated on random .npy inputs.
# Prints every run, the medians, the float conversion's --report (time per pass) and the load average.
# Usage: scripts/bench-convert.sh [--runs N] [--int8-runs N] [--samples N] [--work DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

runs=5
int8_runs=3
samples=100
work="jlite-converter/target/bench-convert"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --int8-runs) int8_runs="$2"; shift 2 ;;
    --samples) samples="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "usage: scripts/bench-convert.sh [--runs N] [--int8-runs N] [--samples N] [--work DIR]" >&2; exit 2 ;;
  esac
done

# The oracle models live in the converter's tests (TensorFlow Java is a test dependency): compile them and take the
# test class path from the reactor (offline first, online on a fresh ~/.m2).
build=(mvn -q test-compile dependency:build-classpath -pl jlite-converter -am
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test)
if ! "${build[@]}" -o >/dev/null 2>&1; then
  "${build[@]}" >&2 || { echo "bench-convert.sh: the build failed (${build[*]})" >&2; exit 1; }
fi
cp="jlite-converter/target/test-classes:jlite-converter/target/classes:$(cat jlite-converter/target/test-classpath.txt)"

model="$work/mobilenet_v2_1.0"
data="$work/representative"
rm -rf "$model" "$data"
echo "exporting MobileNetV2 (TensorFlow Java) and $samples representative inputs to $work ..." >&2
shape="$(java -cp "$cp" dev.jlite.converter.tf.ExportOracle mobilenet_v2_1.0 "$model" --representative "$samples" \
  "$data" 2>/dev/null | tail -1)"

./jlite --version >/dev/null  # builds the CLI jar when stale, outside the timing

# Runs the command N times; prints each wall-clock time and the median, in seconds.
time_runs() {
  local label="$1" n="$2"
  shift 2
  local times=()
  for ((i = 0; i < n; i++)); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=("$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')")
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
  echo "$label: median ${median} s over $n runs (${times[*]} s)"
}

float_out="$work/mobilenet_v2.tflite"
int8_out="$work/mobilenet_v2_int8.tflite"
echo "load before: $(uptime)"
time_runs "float convert" "$runs" ./jlite convert "$model" -o "$float_out" --input-shape "$shape"
time_runs "int8 convert, $samples samples" "$int8_runs" ./jlite convert "$model" -o "$int8_out" \
  --input-shape "$shape" --quantize int8 --representative-data "$data"
echo "load after: $(uptime)"
echo
echo "./jlite convert $model -o $float_out --input-shape $shape --report"
./jlite convert "$model" -o "$float_out" --input-shape "$shape" --report
