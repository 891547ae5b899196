#!/usr/bin/env bash
# Prints the size of what a visitor's first load transfers from dist/ (raw and gzip -9 of wasm,
# js, css, html) and fails above the budget that README.md states on its "Size budget:" line.
# The embedding example (embed-example.*) ships in dist/ but is not part of the page.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT/dist"
budget_kb="$(sed -n 's/^.*Size budget: \([0-9]*\) KB gzip.*$/\1/p' "$ROOT/README.md" | head -1)"
[ -n "$budget_kb" ] || { echo "README.md has no 'Size budget: N KB gzip' line" >&2; exit 1; }
total=0
printf '%-6s %10s %10s\n' kind raw gzip
for ext in wasm js css html; do
  raw=0; gz=0
  for f in $(find . -name "*.$ext" ! -name "embed-example.*"); do
    raw=$(( raw + $(wc -c < "$f") ))
    gz=$(( gz + $(gzip -9 -c "$f" | wc -c) ))
  done
  awk -v e="$ext" -v r="$raw" -v g="$gz" 'BEGIN { printf "%-6s %9.1fK %9.1fK\n", e, r / 1024, g / 1024 }'
  total=$(( total + gz ))
done
awk -v t="$total" -v b="$budget_kb" 'BEGIN { printf "%-6s %10s %9.1fK  (budget %s KB)\n", "total", "", t / 1024, b }'
if [ "$total" -gt $(( budget_kb * 1024 )) ]; then
  echo "dist/ is over the size budget" >&2
  exit 1
fi
