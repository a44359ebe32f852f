#!/usr/bin/env python3
"""Writes src/review/create_only.json: the create-only properties (a change replaces the
resource) of every CloudFormation resource type twinform emits, read from the resource schemas
that cfn-lint ships, pinned to the cfn-lint version CI validates with.

Run it with the validators' Python (the venv that `validate-output --install` creates):

    ~/.cache/iac-validators/bin/python .ci/create-only-properties.py

It refuses to run when the installed cfn-lint differs from `CFN_LINT_VERSION` in
`../shared/tools/validate-output` (or `$TWINFORM_SHARED/tools/validate-output`), so the table
always matches the schemas CI lints against. The resource types are the `"AWS::…"` literals
under `src/emit/`; `tests/review_table.rs` fails when an example emits a type the table lacks.
"""

import json
import os
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "review" / "create_only.json"
REGION = "us-east-1"


def pinned_version():
    candidates = [os.environ.get("TWINFORM_SHARED"), ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for shared in filter(None, candidates):
        tool = pathlib.Path(shared) / "tools" / "validate-output"
        if tool.is_file():
            match = re.search(r"^CFN_LINT_VERSION=([0-9.]+)$", tool.read_text(), re.M)
            if match:
                return match.group(1)
    sys.exit("cannot find CFN_LINT_VERSION in shared/tools/validate-output (set TWINFORM_SHARED)")


def emitted_types():
    types = set()
    for source in (ROOT / "src" / "emit").rglob("*.rs"):
        types.update(re.findall(r'"(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)"', source.read_text()))
    return sorted(types)


def main():
    import cfnlint  # the validators' venv

    version = getattr(cfnlint, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("cfn-lint")
    pinned = pinned_version()
    if version != pinned:
        sys.exit(f"cfn-lint {version} is installed, CI pins {pinned}: install the pinned version first")
    schemas = pathlib.Path(cfnlint.__file__).parent / "data" / "schemas"
    providers = json.loads((schemas / "providers" / f"{REGION}.json").read_text())
    table = {}
    for resource_type in emitted_types():
        digest = providers.get(resource_type)
        if digest is None:
            sys.exit(f"{resource_type} has no schema in cfn-lint {version} ({REGION})")
        schema = json.loads((schemas / "resources" / f"{digest}.json").read_text())
        # `/properties/Foo/Bar` → `Foo/Bar`; `*` stands for any list element.
        paths = sorted(p.removeprefix("/properties/") for p in schema.get("createOnlyProperties", []))
        table[resource_type] = paths
    document = {
        "generated_by": ".ci/create-only-properties.py",
        "cfn_lint_version": version,
        "region": REGION,
        "create_only": table,
    }
    OUT.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(table)} resource types from cfn-lint {version}")


if __name__ == "__main__":
    main()
