#!/usr/bin/env bash
# Fetches the photos that jlite's task tests run on (see shared/images/IMAGES.md): astronaut.png and coffee.png from
# the Debian package python3-skimage, into ${JLITE_IMAGES_CACHE:-$HOME/.cache/jlite/images}. Files already there are
# kept. Needs apt-get (Debian or Ubuntu) and access to the distribution's package archive.
set -euo pipefail

dest="${JLITE_IMAGES_CACHE:-$HOME/.cache/jlite/images}"
images=(astronaut.png coffee.png)
mkdir -p "$dest"

todo=()
for f in "${images[@]}"; do
  [[ -f "$dest/$f" ]] || todo+=("$f")
done
if [[ ${#todo[@]} -eq 0 ]]; then
  echo "images are in $dest"
  exit 0
fi

command -v apt-get >/dev/null || { echo "fetch-images.sh: apt-get is required" >&2; exit 1; }
work="$(mktemp -d)"
chmod 755 "$work" # apt-get hands the download to its unprivileged _apt user
trap 'rm -rf "$work"' EXIT

# apt-get download needs the package lists; refresh them once if the package is unknown.
if ! apt-cache show python3-skimage >/dev/null 2>&1; then
  apt-get update -qq
fi
(cd "$work" && apt-get download -qq python3-skimage >/dev/null)
dpkg -x "$work"/python3-skimage_*.deb "$work/x"
data="$(find "$work/x" -type d -path '*/skimage/data' | head -n 1)"
[[ -n "$data" ]] || { echo "fetch-images.sh: no skimage/data folder in python3-skimage" >&2; exit 1; }
for f in "${todo[@]}"; do
  [[ -f "$data/$f" ]] || { echo "fetch-images.sh: $f not in python3-skimage" >&2; exit 1; }
  cp "$data/$f" "$dest/.$f.part"
  chmod 644 "$dest/.$f.part"
  mv -f "$dest/.$f.part" "$dest/$f"
  echo "fetched $f"
done
echo "images are in $dest"
