#!/usr/bin/env bash
# A new user's path from the README, after installing gloss, timed: in a new
# empty folder, gloss init, gloss import of a report, gloss build, then
# gloss check. Runs RUNS times (default 5) and prints each run.
#   bash bench/newuser.sh                      # builds gloss from this clone
#   GLOSS=gloss REPORT=report.html bash bench/newuser.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report=$(realpath "${REPORT:-../shared/source/report-article.txt}")
gloss=${GLOSS:-}
if [ -z "$gloss" ]; then
  go build -o "$work/gloss" . && gloss="$work/gloss"
fi
now() { date +%s.%N; }
for run in $(seq "${RUNS:-5}"); do
  dir="$work/run$run"
  mkdir -p "$dir" && cd "$dir"
  t0=$(now)
  "$gloss" init my-report >/dev/null
  cd my-report
  "$gloss" import "$report" >/dev/null
  "$gloss" build >/dev/null
  t1=$(now)
  "$gloss" check >/dev/null
  t2=$(now)
  awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN{printf "init + import + build: %.2f s   check: %.2f s\n", b-a, c-b}'
done
