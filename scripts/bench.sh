#!/usr/bin/env bash
# Measures the performance targets (docs/benchmarks.md): builds the release binary, then runs
# examples/bench.rs, which prints a markdown table of results with pass/fail per target.
# Extra arguments go to the bench, e.g. `scripts/bench.sh --runs 31`.
# Exit status: 0 all targets met, 1 a target missed, 2 the bench could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
exec cargo run --release --example bench -- "$@"
