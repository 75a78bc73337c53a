#!/usr/bin/env bash
# Warm start, measured from the shell: the wall time from launching `npm start` to its "is ready"
# log line, on a data folder that already holds the migrated, seeded database. The first run warms
# up (and migrates if needed) and is not counted; then N runs (default 5), each stopped with SIGTERM.
# Usage: bench/warm-start.sh [runs] (DATA_DIR and PORT may be set; defaults .data/warm-start, 3999).
set -euo pipefail
set -m # each run in its own process group, stopped whole
runs=${1:-5}
export DATA_DIR=${DATA_DIR:-.data/warm-start} PORT=${PORT:-3999} LOG_LEVEL=info
log=$(mktemp)
once () {
  local start end pid
  ms=
  : >"$log"
  start=$(date +%s%N)
  npm start >"$log" 2>&1 &
  pid=$!
  until grep -q 'is ready at' "$log"; do
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
    sleep 0.01
  done
  end=$(date +%s%N)
  kill -TERM -- "-$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (end - start) / 1000000 ))
}
# Not in $(...): a subshell would not give each run its own process group.
once
times=()
for _ in $(seq "$runs"); do once; times+=("$ms"); done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "runs (ms): ${times[*]}"
echo "median (ms): ${sorted[$(( runs / 2 ))]}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$log"
