#!/usr/bin/env bash
# Renders the HTML audit report of every bundled scenario and checks it in headless Chromium:
# tidy (errors only), a screenshot (OUT/NAME.png) to look at, and a print to PDF (OUT/NAME.pdf)
# to see that it prints cleanly. Network access is disabled, so anything the report tried to
# load from outside would show up broken in the picture.
#
#   scripts/check-html.sh [OUT_DIR]        (default: target/html-check)
#
# Needs: chromium and tidy (Debian: apt-get install chromium tidy).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/html-check}
mkdir -p "$out"
for tool in chromium tidy; do
  command -v "$tool" >/dev/null || { echo "check-html: $tool is not installed (apt-get install $tool)" >&2; exit 2; }
done
cargo build --release --quiet
bin=target/release/gpu-preflight
status=0
for snap in testdata/snapshots/*/; do
  name=$(basename "$snap")
  html="$out/$name.html"
  "$bin" scan "$snap" --format html --output "$html" || [ $? -eq 1 ]
  if ! tidy -errors -quiet -utf8 "$html" >/dev/null 2>"$out/$name.tidy.txt"; then
    # tidy exits 1 for warnings, 2 for errors.
    if [ "${PIPESTATUS[0]:-$?}" -ge 2 ] || grep -q "Error:" "$out/$name.tidy.txt"; then
      echo "FAIL $name: tidy errors (see $out/$name.tidy.txt)"; status=1
    fi
  fi
  profile=$(mktemp -d)
  common=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
          --no-first-run --user-data-dir="$profile" --proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>')
  chromium "${common[@]}" --window-size=1280,2400 --screenshot="$out/$name.png" "file://$(realpath "$html")" 2>/dev/null
  chromium "${common[@]}" --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" "file://$(realpath "$html")" 2>/dev/null
  rm -rf "$profile"
  for f in "$out/$name.png" "$out/$name.pdf"; do
    [ -s "$f" ] || { echo "FAIL $name: chromium wrote no $(basename "$f")"; status=1; }
  done
  echo "ok   $name: $out/$name.png, $out/$name.pdf"
done
exit $status
