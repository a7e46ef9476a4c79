#!/usr/bin/env bash
# Fetches the real MediaPipe models that jlite's tests and benchmarks run (see shared/models/MODELS.md), from the
# npm packages that publish them, into ${JLITE_MODELS_CACHE:-$HOME/.cache/jlite/models}. Files already there are
# kept. Needs npm (and so node) and network access to the npm registry.
#
# Most models are plain files under package/ of the npm tarball. Others ("packed assets") sit inside
# <name>_solution_packed_assets.data; <name>_solution_packed_assets_loader.js lists each file's byte range there.
set -euo pipefail

dest="${JLITE_MODELS_CACHE:-$HOME/.cache/jlite/models}"
mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v npm >/dev/null || { echo "fetch-models.sh: npm is required" >&2; exit 1; }

# missing FILE... : prints the files not yet in $dest.
missing() {
  local f
  for f in "$@"; do
    [[ -f "$dest/$f" ]] || echo "$f"
  done
}

# unpack PACKAGE@VERSION : npm-packs it into its own folder under $work and prints the package/ folder.
unpack() {
  local spec="$1" dir
  dir="$work/$(echo "$spec" | tr '@/' '__')"
  if [[ ! -d "$dir/package" ]]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz)
  fi
  echo "$dir/package"
}

# install SOURCE NAME : moves a fetched file into $dest under its final name in one step.
install_file() {
  local src="$1" name="$2"
  cp "$src" "$dest/.$name.part"
  chmod 644 "$dest/.$name.part"
  mv -f "$dest/.$name.part" "$dest/$name"
  echo "fetched $name"
}

# plain PACKAGE@VERSION FILE... : files that sit under package/.
plain() {
  local spec="$1"; shift
  local todo pkg f
  todo="$(missing "$@")"
  [[ -n "$todo" ]] || return 0
  pkg="$(unpack "$spec")"
  for f in $todo; do
    [[ -f "$pkg/$f" ]] || { echo "fetch-models.sh: $f not in $spec" >&2; exit 1; }
    install_file "$pkg/$f" "$f"
  done
}

# packed PACKAGE@VERSION SOLUTION [--optional] FILE... : files cut out of SOLUTION_solution_packed_assets.data.
packed() {
  local spec="$1" solution="$2"; shift 2
  local optional=0
  if [[ "${1:-}" == --optional ]]; then optional=1; shift; fi
  local todo pkg f
  todo="$(missing "$@")"
  [[ -n "$todo" ]] || return 0
  pkg="$(unpack "$spec")"
  for f in $todo; do
    local status=0
    cut_packed "$pkg/${solution}_solution_packed_assets_loader.js" "$pkg/${solution}_solution_packed_assets.data" \
      "$f" "$work/$f" || status=$?
    case $status in
      0) install_file "$work/$f" "$f" ;;
      3) if [[ $optional == 1 ]]; then
           echo "note: $f is not among the packed assets of $spec; skipped"
         else
           echo "fetch-models.sh: $f is not among the packed assets of $spec" >&2
           exit 1
         fi ;;
      *) exit "$status" ;;
    esac
  done
}

# cut_packed LOADER_JS DATA NAME OUT : writes the bytes [start, end) of the entry whose path ends in /NAME; exit
# status 3 when the loader lists no such entry.
cut_packed() {
  node - "$@" <<'EOF'
const fs = require('fs');
const [loader, data, name, out] = process.argv.slice(2);
const js = fs.readFileSync(loader, 'utf8');
// The loader ends with loadPackage({"files": [{"filename": ..., "start": ..., "end": ...}, ...], ...});
const at = js.lastIndexOf('loadPackage({');
if (at < 0) { console.error(`${loader}: no loadPackage({...}) call`); process.exit(2); }
const open = js.indexOf('{', at);
let depth = 0, close = -1;
for (let i = open; i < js.length; i++) {
  if (js[i] === '{') depth++;
  else if (js[i] === '}' && --depth === 0) { close = i; break; }
}
const meta = JSON.parse(js.slice(open, close + 1));
const entry = meta.files.find(f => f.filename === name || f.filename.endsWith('/' + name));
if (!entry) process.exit(3);
const blob = fs.readFileSync(data);
if (entry.end > blob.length || entry.start > entry.end) {
  console.error(`${data}: range [${entry.start}, ${entry.end}) of ${name} is outside its ${blob.length} bytes`);
  process.exit(2);
}
fs.writeFileSync(out, blob.subarray(entry.start, entry.end));
EOF
}

plain  @mediapipe/face_detection@0.4.1657300184 face_detection_short_range.tflite face_detection_full_range.tflite
plain  @mediapipe/hands@0.4.1675469240 hand_landmark_lite.tflite hand_landmark_full.tflite
packed @mediapipe/hands@0.4.1675469240 hands palm_detection_lite.tflite
plain  @mediapipe/pose@0.5.1675469404 pose_landmark_lite.tflite pose_landmark_full.tflite
packed @mediapipe/pose@0.5.1675469404 pose --optional pose_detection.tflite
plain  @mediapipe/selfie_segmentation@0.1.1675465747 selfie_segmentation.tflite
plain  @mediapipe/objectron@0.4.1675468480 object_detection_3d_camera.tflite
packed @mediapipe/objectron@0.4.1675468480 objectron \
  object_detection_ssd_mobilenetv2_oidv4_fp16.tflite object_detection_oidv4_labelmap.txt
packed @mediapipe/face_mesh@0.4.1657299874 face_mesh face_landmark.tflite

echo "models are in $dest"
