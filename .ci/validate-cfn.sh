#!/usr/bin/env bash
# Writes the CloudFormation templates of every case in tests/cloudformation.rs (as
# `{example}__{env}__cloudformation__{file}`, the names .checkov-skip globs on) and runs the
# offline validators on them: cfn-lint + checkov + yamllint, then moto-deploy on each JSON.
#
#   .ci/validate-cfn.sh [OUT_DIR]      (default: a new temp dir)
#
# Exit 1 on any finding not accepted in .checkov-skip, or any template short of CREATE_COMPLETE.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="${TWINFORM_TOOLS:-../shared/tools}"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
TWINFORM_CFN_OUT="$out" cargo test -q --test cloudformation write_templates >/dev/null

args=()
for f in "$out"/*__cloudformation__*.json "$out"/*__cloudformation__*.yaml; do
  args+=(--cfn "$f")
done
status=0
"$tools/validate-output" --checkov-skip .checkov-skip "${args[@]}" || status=1

for f in "$out"/*__cloudformation__*.json; do
  case "$(basename "$f")" in
    # moto knows no VPC it did not create, so an existing-VPC template cannot deploy there.
    *__existing__cloudformation__template.json) echo "moto-deploy: skipped $(basename "$f") (existing VPC)"; continue ;;
  esac
  echo "== $(basename "$f")"
  "$tools/moto-deploy" "$f" | tail -n 1 || status=1
done
exit "$status"
