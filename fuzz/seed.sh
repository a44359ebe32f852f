#!/usr/bin/env bash
# Seeds fuzz/corpus/check with every example, test spec and bad-corpus spec. The target reads
# its first byte as the environment and format, so each spec is stored three times behind a
# selector byte (0: base/YAML, 1: prod/YAML, 6: dev/JSON) and starts out as the file it is.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus/check
mkdir -p "$corpus"
for spec in examples/*/twinform.toml tests/specs/*.toml tests/bad/*.toml; do
  for selector in 0 1 6; do
    { printf "\\x$(printf %02x "$selector")"; cat "$spec"; } >"$corpus/${spec//\//_}.$selector"
  done
done
echo "$(find "$corpus" -type f | wc -l) seeds in $corpus"
