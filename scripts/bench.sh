#!/usr/bin/env bash
# Fleet-scale benchmark: how long `gpu-preflight scan DIR` takes on a fleet of generated
# snapshots, compared with just reading the same files, and how much memory it needs as the
# fleet grows. Method, targets and results: docs/performance.md.
#
#   scripts/bench.sh                 full run: 1k, 3k and 10k small hosts, 1k realistic hosts
#   BENCH_QUICK=1 scripts/bench.sh   smoke run: every N divided by 10
#
# Environment:
#   BENCH_QUICK=1      divide every fleet size by 10 (time targets are scaled the same way)
#   GPF_BIN=PATH       use this binary instead of building target/release/gpu-preflight
#   BENCH_DIR=DIR      where fleets are generated (default: a new mktemp directory, removed at the
#                      end); fleets already generated there (DIR/NAME.gen) are reused
#   BENCH_KEEP=1       keep the generated fleets
#   BENCH_CASES="..."  subset of: small-1k small-3k small-10k realistic-1k (default: all four)
#   BENCH_JOBS=N       generator processes (default: nproc); the scan uses its own defaults
#   BENCH_SEED=S       fleet seed (default 1)
#   BENCH_SCENARIOS=X  small hosts: compact (default, ~100 KB each), medium (~210 KB) or all (~1.2 MB);
#                      see scripts/gen-fleet.py --help
#   BENCH_OUT=FILE     also write the results (Markdown) to FILE
#   BENCH_STRICT=1     exit 1 when a target is missed
#
# Needs: bash, python3 (the generator), GNU find, and /usr/bin/time for peak RSS (Debian/Ubuntu:
# apt-get install time; without it peak RSS comes from Python's resource.getrusage). The full run
# needs about 27 GB of disk and 6 million inodes (a realistic host keeps one sysfs file per PCI
# attribute, as `collect` does, so most of it is 4 KiB blocks of tiny files); BENCH_QUICK=1 needs a
# tenth of that.
#
# Caches: dropping the page cache needs root, so every measurement is taken warm instead: the read
# baseline and the scan each run twice on a fleet and the second run is reported. On a machine
# with less free memory than the largest fleet the second run is not warm; see the note printed
# with the results.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QUICK=${BENCH_QUICK:-0}
DIV=1
if [ "$QUICK" = 1 ]; then DIV=10; fi
JOBS=${BENCH_JOBS:-$(nproc 2>/dev/null || echo 2)}
SEED=${BENCH_SEED:-1}
CASES=${BENCH_CASES:-small-1k small-3k small-10k realistic-1k}
SCENARIOS=${BENCH_SCENARIOS:-compact}
GEN="$ROOT/scripts/gen-fleet.py"
SINGLE="$ROOT/testdata/snapshots/hgx-h200-passthrough-good"

die() { echo "bench: $*" >&2; exit 2; }
note() { echo "bench: $*" >&2; }

command -v python3 >/dev/null || die "python3 is needed for the fleet generator"

# --- the binary -------------------------------------------------------------------------------
if [ -n "${GPF_BIN:-}" ]; then
  BIN=$GPF_BIN
else
  note "building the release binary (cargo build --release --locked)"
  (cd "$ROOT" && cargo build --release --locked)
  BIN="$ROOT/target/release/gpu-preflight"
fi
[ -x "$BIN" ] || die "$BIN is not an executable"

# --- work directory ---------------------------------------------------------------------------
CREATED=0
if [ -n "${BENCH_DIR:-}" ]; then
  WORK=$BENCH_DIR
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/gpf-bench.XXXXXX")
  CREATED=1
fi
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  if [ "$CREATED" = 1 ] && [ "${BENCH_KEEP:-0}" != 1 ]; then
    rm -rf "$WORK"
  elif [ "${BENCH_KEEP:-0}" = 1 ]; then
    note "fleets kept in $WORK"
  fi
}
trap cleanup EXIT

# --- timing -----------------------------------------------------------------------------------
# now: seconds since the epoch with sub-millisecond resolution (bash 5's EPOCHREALTIME, else python)
now() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    printf '%s\n' "${EPOCHREALTIME/,/.}"
  else
    python3 -c 'import time; print("%.6f" % time.time())'
  fi
}

HAVE_TIME=0
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then HAVE_TIME=1; fi
if [ "$HAVE_TIME" = 0 ]; then
  note "/usr/bin/time (GNU time) not found: peak RSS from python resource.getrusage(RUSAGE_CHILDREN)"
fi

# measure LOG CMD...: runs CMD with stdout to /dev/null and stderr to LOG.err; sets WALL (seconds),
# RSS_KB (peak resident set of CMD) and RC (its exit status).
measure() {
  local log=$1 t0 t1
  shift
  RC=0
  if [ "$HAVE_TIME" = 1 ]; then
    t0=$(now)
    /usr/bin/time -v -o "$log.time" "$@" >/dev/null 2>"$log.err" || RC=$?
    t1=$(now)
    WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log.time")
  else
    local out
    out=$(python3 - "$log.err" "$@" <<'PY'
import resource, subprocess, sys, time
with open(sys.argv[1], "wb") as err:
    t0 = time.perf_counter()
    rc = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=err)
    t1 = time.perf_counter()
print("%.3f %d %d" % (t1 - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc))
PY
)
    read -r WALL RSS_KB RC <<<"$out"
  fi
  RSS_KB=${RSS_KB:-0}
}

# median of the numbers on standard input
median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } ; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

fmt_bytes() { awk -v b="$1" 'BEGIN { if (b >= 1e9) printf "%.2f GB", b / 1e9; else printf "%.1f MB", b / 1e6 }'; }

# --- fleets -----------------------------------------------------------------------------------
# case NAME -> size and host count
case_size() { case $1 in small-*) echo small ;; realistic-*) echo realistic ;; *) die "unknown case $1" ;; esac; }
case_count() {
  local n
  case $1 in
    *-1k) n=1000 ;; *-3k) n=3000 ;; *-10k) n=10000 ;; *) die "unknown case $1" ;;
  esac
  echo $((n / DIV))
}

# disk used per host (KiB, 4 KiB blocks) and inodes (files and directories) per host, on ext4
disk_kb() {
  case $1:$SCENARIOS in
    realistic:*) echo 20000 ;; small:compact) echo 500 ;; small:medium) echo 1300 ;; *) echo 5000 ;;
  esac
}
files_per_host() {
  case $1:$SCENARIOS in
    realistic:*) echo 4500 ;; small:compact) echo 100 ;; small:medium) echo 300 ;; *) echo 1300 ;;
  esac
}

need_kb=0
need_files=0
for c in $CASES; do
  s=$(case_size "$c")
  n=$(case_count "$c")
  if [ ! -f "$WORK/$c.gen" ]; then
    need_kb=$((need_kb + n * $(disk_kb "$s")))
    need_files=$((need_files + n * $(files_per_host "$s")))
  fi
done
need_kb=$((need_kb + $(disk_kb realistic)))
avail_kb=$(df -Pk "$WORK" | awk 'NR == 2 { print $4 }')
if [ -n "$avail_kb" ] && [ "$need_kb" -gt "$avail_kb" ]; then
  die "$WORK has $((avail_kb / 1048576)) GiB free, the fleets need about $((need_kb / 1048576 + 1)) GiB: set BENCH_DIR, BENCH_CASES or BENCH_QUICK=1"
fi
avail_inodes=$(df -Pi "$WORK" 2>/dev/null | awk 'NR == 2 { print $4 }')
case $avail_inodes in
  '' | *[!0-9]*) ;;
  *) if [ "$need_files" -gt "$avail_inodes" ]; then
       die "$WORK has $avail_inodes free inodes, the fleets need about $need_files: set BENCH_DIR, BENCH_CASES or BENCH_QUICK=1"
     fi ;;
esac

# generate NAME SIZE COUNT: the fleet in WORK/NAME; WORK/NAME.gen holds the generator parameters
# (first line, to reuse a fleet only when they match) and its summary line
generate() {
  local name=$1 size=$2 count=$3 line key extra=()
  if [ "$size" = small ]; then extra=(--scenarios "$SCENARIOS"); fi
  key="size=$size count=$count seed=$SEED ${extra[*]:-}"
  if [ -d "$WORK/$name" ] && [ -f "$WORK/$name.gen" ] && [ "$(head -n 1 "$WORK/$name.gen")" = "$key" ]; then
    note "reusing $WORK/$name ($(sed -n 2p "$WORK/$name.gen"))"
    return
  fi
  rm -rf "${WORK:?}/$name" "$WORK/$name.gen"
  note "generating $name: $count $size hosts"
  line=$(python3 "$GEN" --count "$count" --size "$size" --out "$WORK/$name" --seed "$SEED" --jobs "$JOBS" ${extra[@]+"${extra[@]}"})
  printf '%s\n%s\n' "$key" "$line" >"$WORK/$name.gen"
  note "$line"
}

gen_bytes() { sed -n 's/.* bytes=\([0-9][0-9]*\).*/\1/p' "$WORK/$1.gen"; }

# --- environment ------------------------------------------------------------------------------
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem_gb=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
version=$("$BIN" --version 2>/dev/null || echo "unknown")
commit=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo "unknown")

# --- fleet cases ------------------------------------------------------------------------------
RESULTS=()
FAILED_CASES=0
# per-case results in variables PEAK_small_1k, SCAN_small_1k, RATIO_small_1k (bash 3 has no maps)
setv() { printf -v "$1_${2//-/_}" '%s' "$3"; }
getv() { local v="$1_${2//-/_}"; printf '%s' "${!v:-}"; }
for c in $CASES; do
  size=$(case_size "$c")
  count=$(case_count "$c")
  generate "$c" "$size" "$count"
  dir="$WORK/$c"
  bytes=$(gen_bytes "$c")
  log="$WORK/$c.log"
  note "$c: read baseline (find -exec cat), twice"
  measure "$log.cat1" find "$dir" -type f -exec cat {} +
  measure "$log.cat2" find "$dir" -type f -exec cat {} +
  cat_wall=$WALL
  note "$c: scan, twice"
  measure "$log.scan1" "$BIN" scan "$dir" --format json -o /dev/null
  measure "$log.scan2" "$BIN" scan "$dir" --format json -o /dev/null
  if [ "$RC" -gt 1 ]; then
    note "$c: scan exited $RC (0 = gate passed, 1 = gate failed, anything else is an error):"
    tail -n 5 "$log.scan2.err" >&2 || true
    FAILED_CASES=$((FAILED_CASES + 1))
    RESULTS+=("| $c | $count | $(fmt_bytes "$bytes") | error (exit $RC) | $cat_wall | - | - |")
    continue
  fi
  scan_wall=$WALL
  rss_mb=$(awk -v k="$RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')
  ratio=$(awk -v s="$scan_wall" -v c="$cat_wall" 'BEGIN { if (c > 0) printf "%.2f", s / c; else print "inf" }')
  setv PEAK "$c" "$rss_mb"
  setv SCAN "$c" "$scan_wall"
  setv RATIO "$c" "$ratio"
  RESULTS+=("| $c | $count | $(fmt_bytes "$bytes") | $scan_wall | $cat_wall | ${ratio}× | $rss_mb |")
done

# --- single host latency ----------------------------------------------------------------------
note "single host: 2 warm-up runs, then 20 timed runs of scan $SINGLE"
for _ in 1 2; do "$BIN" scan "$SINGLE" --format json -o /dev/null >/dev/null 2>&1 || true; done
lat_file="$WORK/latency.txt"
: >"$lat_file"
for _ in $(seq 20); do
  t0=$(now)
  rc=0
  "$BIN" scan "$SINGLE" --format json -o /dev/null >/dev/null 2>&1 || rc=$?
  t1=$(now)
  [ "$rc" -le 1 ] || die "scan $SINGLE exited $rc"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }' >>"$lat_file"
done
lat_ms=$(median <"$lat_file" | awk '{ printf "%.1f", $1 * 1000 }')

# --- parser throughput: facts on one realistic host -------------------------------------------
generate one-realistic realistic 1
one=$(find "$WORK/one-realistic" -mindepth 1 -maxdepth 1 -type d | head -n 1)
one_bytes=$(gen_bytes one-realistic)
"$BIN" facts "$one" >/dev/null 2>&1 || die "facts $one failed"
facts_file="$WORK/facts.txt"
: >"$facts_file"
for _ in 1 2 3 4 5; do
  t0=$(now)
  "$BIN" facts "$one" >/dev/null 2>&1
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }' >>"$facts_file"
done
facts_s=$(median <"$facts_file")
facts_ms=$(awk -v s="$facts_s" 'BEGIN { printf "%.1f", s * 1000 }')
facts_mbs=$(awk -v b="$one_bytes" -v s="$facts_s" 'BEGIN { printf "%.1f", b / 1e6 / s }')

# --- report -----------------------------------------------------------------------------------
verdicts=()
missed=0
check() { # check DESCRIPTION OK(0/1)
  if [ "$2" = 1 ]; then verdicts+=("- PASS: $1"); else verdicts+=("- MISS: $1"); missed=$((missed + 1)); fi
}
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 <= b + 0) ? 1 : 0 }'; }
scale=""
quick_title=""
if [ "$DIV" = 10 ]; then
  scale=" (scaled by 1/10 for BENCH_QUICK)"
  quick_title=" (BENCH_QUICK: N / 10)"
fi
t10=$(awk -v d="$DIV" 'BEGIN { printf "%g", 10 / d }')
t20=$(awk -v d="$DIV" 'BEGIN { printf "%g", 20 / d }')
v=$(getv SCAN small-10k)
if [ -n "$v" ]; then check "small-10k scan $v s ≤ ${t10} s$scale" "$(le "$v" "$t10")"; fi
v=$(getv SCAN realistic-1k)
if [ -n "$v" ]; then check "realistic-1k scan $v s ≤ ${t20} s$scale" "$(le "$v" "$t20")"; fi
for c in $CASES; do
  v=$(getv RATIO "$c")
  if [ -n "$v" ]; then check "$c scan/read ratio ${v}× ≤ 3×" "$(le "$v" 3)"; fi
  v=$(getv PEAK "$c")
  if [ -n "$v" ]; then check "$c peak RSS $v MB ≤ 200 MB" "$(le "$v" 200)"; fi
done
# flat: the peak grows by at most 2 KiB per added host from small-1k to small-10k (18 MB over the
# 9,000 hosts a full run adds); a per-host slope means the same at BENCH_QUICK's N / 10
p1=$(getv PEAK small-1k)
p10=$(getv PEAK small-10k)
if [ -n "$p1" ] && [ -n "$p10" ]; then
  added=$(( $(case_count small-10k) - $(case_count small-1k) ))
  slope=$(awk -v a="$p1" -v b="$p10" -v n="$added" 'BEGIN { printf "%.2f", (b - a) * 1024 / n }')
  check "peak RSS flat as N grows: small-1k $p1 MB -> small-10k $p10 MB, $slope KiB per added host ≤ 2 KiB" "$(le "$slope" 2)"
fi
check "single host median ${lat_ms} ms < 20 ms" "$(awk -v a="$lat_ms" 'BEGIN { print (a < 20) ? 1 : 0 }')"

report() {
  echo "## gpu-preflight fleet benchmark$quick_title"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); binary: $version ($BIN, commit $commit)"
  echo "- machine: $(nproc 2>/dev/null || echo '?') CPUs, ${cpu_model:-unknown CPU}, ${mem_gb:-?} GiB RAM, $(uname -sr)"
  echo "- fleets: scripts/gen-fleet.py --seed $SEED (small hosts: --scenarios $SCENARIOS) in $WORK; warm cache (second of two runs)"
  echo "- peak RSS: $([ "$HAVE_TIME" = 1 ] && echo '/usr/bin/time -v' || echo 'python resource.getrusage(RUSAGE_CHILDREN)')"
  echo
  echo "| case | N | bytes | scan wall s | cat wall s | ratio | peak RSS MB |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  if [ "${#RESULTS[@]}" -gt 0 ]; then printf '%s\n' "${RESULTS[@]}"; fi
  echo
  echo "| single host | value |"
  echo "|---|---:|"
  echo "| scan hgx-h200-passthrough-good, median of 20 | $lat_ms ms |"
  echo "| facts on one realistic host ($(fmt_bytes "$one_bytes")), median of 5 | $facts_ms ms = $facts_mbs MB/s |"
  echo
  echo "Targets:"
  printf '%s\n' "${verdicts[@]}"
  echo
  echo "scan: \`gpu-preflight scan DIR --format json -o /dev/null\`; read baseline: \`find DIR -type f -exec cat {} + > /dev/null\`."
  local largest
  largest=$(for c in $CASES; do gen_bytes "$c"; done | sort -n | tail -n 1)
  if [ -n "$largest" ] && [ -n "${mem_gb:-}" ]; then
    awk -v b="$largest" -v m="$mem_gb" 'BEGIN { if (b / 1e9 > m * 0.6) print "Note: the largest fleet (" b / 1e9 " GB) is close to or above the RAM size: its second run may not be warm." }'
  fi
}
report
if [ -n "${BENCH_OUT:-}" ]; then report >"$BENCH_OUT"; note "results written to $BENCH_OUT"; fi

if [ "$FAILED_CASES" -gt 0 ]; then exit 2; fi
if [ "${BENCH_STRICT:-0}" = 1 ] && [ "$missed" -gt 0 ]; then exit 1; fi
exit 0
