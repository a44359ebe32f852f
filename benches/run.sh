#!/usr/bin/env bash
# Whole-process figures: `twinform synth` of generated specs of 3, 100, 300 and 1,000 services,
# and 1,000 with 250 routes over ten hosts (six load balancers), both targets, output written to
# disk; median wall time over several runs and peak RSS.
# Then issue 14's shape (`generate N --shape chain`: a call chain, every 20th service routed, every
# third autoscaled) at 3, 100, 300, 1,000 and 3,000 services: `check` and `synth` medians, peak
# RSS, and the growth t(3,000)/t(1,000) (linear would be 3).
# Then issue 16's workloads (`generate N --shape workloads`: the default shape plus a queue worker
# and an EFS mount per ten services and scheduled jobs up to the root's room) at 100, 300, 1,000.
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

# The median wall time in microseconds of `$@` over $runs runs; every run writes its own
# directory ($out-$i) when the command takes `--out`.
median_us() {
  local runs=$1 out=$2
  shift 2
  local times=() i start
  for i in $(seq "$runs"); do
    start=$(date +%s%N)
    if [[ -n $out ]]; then "$@" --out "$out-$i" 2>/dev/null; else "$@" >/dev/null 2>&1; fi
    times+=($(( ($(date +%s%N) - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo
echo "call chain (every 20th routed, every third autoscaled):"
printf '%9s %14s %14s %12s\n' services "median check" "median synth" "peak RSS"
declare -A check_us synth_us
for n in 3 100 300 1000 3000; do
  spec=$work/chain-$n.toml
  target/release/examples/generate "$n" --shape chain >"$spec"
  runs=$(( n >= 1000 ? 7 : 21 ))
  check_us[$n]=$(median_us "$runs" "" "$bin" check "$spec")
  synth_us[$n]=$(median_us "$runs" "$work/chain-out-$n" "$bin" synth "$spec")
  rss=$(/usr/bin/time -f '%M' "$bin" synth "$spec" --out "$work/chain-out-$n-rss" 2>&1 >/dev/null | tail -n 1)
  awk -v n="$n" -v c="${check_us[$n]}" -v s="${synth_us[$n]}" -v kb="$rss" \
    'BEGIN { printf "%9d %11.2f ms %11.2f ms %8.1f MiB\n", n, c / 1000, s / 1000, kb / 1024 }'
done
awk -v c1="${check_us[1000]}" -v c3="${check_us[3000]}" -v s1="${synth_us[1000]}" -v s3="${synth_us[3000]}" \
  'BEGIN { printf "t(3000)/t(1000): check %.2f, synth %.2f (linear 3.00)\n", c3 / c1, s3 / s1 }'
shop=$(median_us 21 "" "$bin" check examples/shop)
awk -v us="$shop" 'BEGIN { printf "check examples/shop: %.2f ms\n", us / 1000 }'

echo
echo "workloads (a queue worker and an EFS mount per ten services, scheduled jobs):"
printf '%9s %6s %14s %14s %12s\n' services jobs "median check" "median synth" "peak RSS"
for n in 100 300 1000; do
  spec=$work/workloads-$n.toml
  target/release/examples/generate "$n" --shape workloads >"$spec"
  jobs=$(grep -c '^\[jobs\.' "$spec" || true)
  runs=$(( n >= 1000 ? 7 : 21 ))
  check=$(median_us "$runs" "" "$bin" check "$spec")
  synth=$(median_us "$runs" "$work/workloads-out-$n" "$bin" synth "$spec")
  rss=$(/usr/bin/time -f '%M' "$bin" synth "$spec" --out "$work/workloads-out-$n-rss" 2>&1 >/dev/null | tail -n 1)
  awk -v n="$n" -v j="$jobs" -v c="$check" -v s="$synth" -v kb="$rss" \
    'BEGIN { printf "%9d %6d %11.2f ms %11.2f ms %8.1f MiB\n", n, j, c / 1000, s / 1000, kb / 1024 }'
done
