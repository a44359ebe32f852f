#!/usr/bin/env bash
# Whole-process figures: `twinform synth` of generated specs of 3, 100, 300 and 1,000 services,
# and 1,000 with 250 routes over ten hosts (six load balancers), both targets, output written to
# disk; median wall time over several runs and peak RSS.
# In-process figures: `cargo bench --bench synth`. Prints a table; asserts nothing.
# Every run writes a new directory, and all are deleted only at the end: ext4 skips inodes freed
# in the last minute when allocating, so deleting 1,000 files before each run would time the
# file system's scan past the previous runs' files rather than twinform.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin twinform --example generate
# TWINFORM_BIN=path compares another build (an older release binary) on the same specs.
bin=${TWINFORM_BIN:-target/release/twinform}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
printf '%9s %6s %12s %10s %14s %12s\n' services hosts "spec bytes" files "median wall" "peak RSS"
for case in 3 100 300 1000 1000x10; do
  n=${case%x*}
  hosts=$([[ $case == *x* ]] && echo "${case#*x}" || echo 0)
  spec=$work/spec-$case.toml
  if (( hosts > 0 )); then
    target/release/examples/generate "$n" --hosts "$hosts" >"$spec"
  else
    target/release/examples/generate "$n" >"$spec"
  fi
  runs=$(( n >= 300 ? 7 : 21 ))
  times=()
  for i in $(seq "$runs"); do
    start=$(date +%s%N)
    "$bin" synth "$spec" --out "$work/out-$case-$i" 2>/dev/null
    times+=($(( ($(date +%s%N) - start) / 1000 )))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  rss=$(/usr/bin/time -f '%M' "$bin" synth "$spec" --out "$work/out-$case-rss" 2>&1 >/dev/null | tail -n 1)
  files=$(find "$work/out-$case-rss" -type f | wc -l)
  awk -v n="$n" -v h="$hosts" -v b="$(wc -c <"$spec")" -v f="$files" -v us="$median" -v kb="$rss" \
    'BEGIN { printf "%9d %6d %12d %10d %11.2f ms %9.1f MiB\n", n, h, b, f, us / 1000, kb / 1024 }'
done
