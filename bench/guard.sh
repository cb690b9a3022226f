#!/usr/bin/env bash
# CI's performance guard: builds a 500-page corpus with gloss and with the
# goldmark-only floor, alternating, three times each, and fails if gloss's
# median is more than LIMIT times the floor's (a gross regression, not a
# benchmark: the machines are shared and noisy, so only a ratio measured in
# one run means anything). Takes well under a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${LIMIT:-12}
shared=${SHARED:-../shared/bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -f "$shared/gencorpus.go" ]; then
  echo "guard: $shared/gencorpus.go not found; set SHARED" >&2
  exit 1
fi
# The corpus is the site's content/ itself: gloss follows no link out of
# the site folder.
corpus="$work/site/content"
mkdir -p "$work/site"
go run "$shared/gencorpus.go" -n 500 -out "$corpus" >/dev/null
go build -o "$work/gloss" . && go build -o "$work/floor" ./bench/floor
now() { date +%s.%N; }
gloss_times=() floor_times=()
# Last outputs are moved aside, not deleted, before each run (see run.sh).
aside() { if [ -e "$1" ]; then mv "$1" "$(mktemp -d -p "$work")"; fi; }
for _ in 1 2 3; do
  aside "$work/f"; t=$(now); "$work/floor" -src "$corpus" -out "$work/f" >/dev/null; floor_times+=("$(awk -v a="$(now)" -v b="$t" 'BEGIN{print a-b}')")
  aside "$work/g"; t=$(now); "$work/gloss" --source "$work/site" --out "$work/g" >/dev/null; gloss_times+=("$(awk -v a="$(now)" -v b="$t" 'BEGIN{print a-b}')")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
g=$(median "${gloss_times[@]}"); f=$(median "${floor_times[@]}")
ratio=$(awk -v a="$g" -v b="$f" 'BEGIN{printf "%.2f", a/b}')
echo "guard: 500 pages: gloss ${g}s, floor ${f}s (medians of 3): ${ratio}× the floor (limit ${limit}×)"
if awk -v r="$ratio" -v l="$limit" 'BEGIN{exit !(r > l)}'; then
  echo "guard: gloss is more than ${limit}× the floor: a performance regression" >&2
  exit 1
fi
