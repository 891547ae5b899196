#!/usr/bin/env bash
# A short fuzzing smoke run (about 15 s per target, 45 s of fuzzing in all) on the stable
# toolchain: cargo-fuzz with `-s none`. libFuzzer's coverage instrumentation
# (-Cpasses=sancov-module) is a stable codegen option, so the fuzzing itself is real; only
# AddressSanitizer needs `-Zsanitizer`, i.e. nightly. FUZZ_ASAN=1 turns it on through
# RUSTC_BOOTSTRAP=1 (checked to work with rustc 1.95; a separate, slower build). Safe Rust with
# no `unsafe` gains little from ASan, so the default stays without it.
# Installs cargo-fuzz from crates.io when missing. The first build takes about 2 minutes on 2
# cores; later runs reuse fuzz/target. Exits non-zero when a target finds a crash (the input is
# saved under fuzz/artifacts/).
#   scripts/fuzz-smoke.sh [SECONDS_PER_TARGET]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
SECS="${1:-15}"
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz (once)"
  cargo install cargo-fuzz --locked
fi

cd "$ROOT/fuzz"
SAN=(-s none)
if [ "${FUZZ_ASAN:-0}" = 1 ]; then
  export RUSTC_BOOTSTRAP=1
  SAN=(-s address --target-dir "$ROOT/fuzz/target-asan")
fi
say "building the fuzz targets"
cargo fuzz build "${SAN[@]}"

# Seed corpora from what real users write: the scenarios, the golden scripts, sample JSON.
CORPUS="$ROOT/fuzz/corpus"
mkdir -p "$CORPUS/script_parser" "$CORPUS/task_definition" "$CORPUS/saved_state"
# Scenarios and golden scripts may share a name (spot-interruption.ecs): the golden ones get a prefix.
cp "$ROOT"/crates/ecs-sim-core/scenarios/*.ecs "$CORPUS/script_parser/"
for f in "$ROOT"/crates/ecs-sim-core/tests/golden/*.ecs; do
  cp "$f" "$CORPUS/script_parser/golden-$(basename "$f")"
done
cp "$ROOT"/fuzz/seeds/task_definition/*.json "$CORPUS/task_definition/"
cp "$ROOT"/fuzz/seeds/saved_state/*.json "$CORPUS/saved_state/"

for target in script_parser task_definition saved_state; do
  say "fuzzing $target for ${SECS} s"
  log="$ROOT/fuzz/target/smoke-$target.log"
  mkdir -p "$(dirname "$log")"
  status=0
  cargo fuzz run "${SAN[@]}" "$target" "$CORPUS/$target" -- -max_total_time="$SECS" -rss_limit_mb=1024 >"$log" 2>&1 || status=$?
  grep -E '^(Done |==[0-9]+==|thread .* panicked|SUMMARY|artifact_prefix)' "$log" || true
  if [ "$status" != 0 ]; then
    echo "fuzz target $target failed (exit $status): the input is in fuzz/artifacts/$target/, the log in $log" >&2
    exit 1
  fi
done
say "fuzz smoke passed"
