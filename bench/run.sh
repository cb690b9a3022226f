#!/usr/bin/env bash
# Side-by-side whole-process timings: gloss, the goldmark-only floor and
# Hugo (Debian's hugo) building the same generated corpus, in one run.
#
# usage: bench/run.sh [PAGES] [RUNS]      (defaults: 1000 pages, 5 runs)
#
# Needs: hyperfine and /usr/bin/time (Debian hyperfine, time), hugo, and
# ../shared/bench (gencorpus.go, run-hugo.sh) beside the repository.
# Prints a Markdown table for BENCHMARKS.md. Each tool writes into a fresh
# output folder every run (cold output), as the floor does.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-1000}
runs=${2:-5}
shared=${SHARED:-../shared/bench}
work=${TMPDIR:-/tmp}/gloss-bench-$pages
mkdir -p "$work"
# The corpus is the site's content/ itself: gloss follows no link out of
# the site folder. (Earlier runs kept it beside, linked in: move it.)
corpus="$work/site/content"
mkdir -p "$work/site"
if [ -L "$corpus" ]; then rm "$corpus"; fi
if [ -d "$work/corpus" ] && [ ! -e "$corpus" ]; then mv "$work/corpus" "$corpus"; fi
if [ ! -d "$corpus" ]; then
  go run "$shared/gencorpus.go" -n "$pages" -out "$corpus" >/dev/null
fi
go build -o "$work/gloss" .
go build -o "$work/floor" ./bench/floor
hugo_cmd="$shared/run-hugo.sh $corpus $work/hugo-out"

# Before each run the last output is moved aside, and deleted only after
# the benchmark: ext4 skips inodes freed moments ago when it allocates new
# ones, so deleting thousands of files just before a run slowed every tool's
# file creation several times over, by a varying amount.
trash="$work/trash"
mkdir -p "$trash"
aside() { echo "if [ -e $work/$1 ]; then mv $work/$1 \$(mktemp -d -p $trash); fi"; }
hyperfine --style none --runs "$runs" --warmup 1 --export-json "$work/times.json" \
  -n floor  --prepare "$(aside floor-out)" "$work/floor -src $corpus -out $work/floor-out" \
  -n gloss  --prepare "$(aside gloss-out)" "$work/gloss --source $work/site --out $work/gloss-out" \
  -n hugo   --prepare "$(aside hugo-out)"  "$hugo_cmd" >/dev/null

rss() { # peak resident set size in MiB, median of 3
  for _ in 1 2 3; do
    if [ -e "$work/rss-out" ]; then mv "$work/rss-out" "$(mktemp -d -p "$trash")"; fi
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
  done | sort -n | sed -n 2p | awk '{printf "%.0f", $1/1024}'
}
rss_floor=$(rss "$work/floor" -src "$corpus" -out "$work/rss-out")
rss_gloss=$(rss "$work/gloss" --source "$work/site" --out "$work/rss-out")
rss_hugo=$(rss "$shared/run-hugo.sh" "$corpus" "$work/rss-out")

rm -rf "$trash"

python3 - "$work/times.json" "$pages" "$rss_floor" "$rss_gloss" "$rss_hugo" <<'PY'
import json, statistics, sys
data = json.load(open(sys.argv[1]))["results"]
pages, rss = sys.argv[2], dict(zip(["floor", "gloss", "hugo"], sys.argv[3:6]))
t = {r["command"]: r["times"] for r in data}
med = {k: statistics.median(v) for k, v in t.items()}
print(f"| {pages} pages | median (min–max) | peak RSS | vs Hugo | vs floor |")
print("|---|---|---|---|---|")
for k in ["gloss", "hugo", "floor"]:
    v = t[k]
    print(f"| {k} | {med[k]:.2f} s ({min(v):.2f}–{max(v):.2f}) | {rss[k]} MiB | {med[k]/med['hugo']:.2f}× | {med[k]/med['floor']:.2f}× |")
PY
