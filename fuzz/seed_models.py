"""Seeds for the `models` fuzz target: one JSON object per schema of the repaired document, in the forms the
vendor sends.

Arbitrary bytes seldom make a JSON object whose keys are a model's, so from an empty corpus the target mostly
exercises serde_json's syntax errors. Each seed here is a whole record: every property present, with its
example or a value of its type, refs followed a few levels deep, and a custom field. A second seed per schema
writes every scalar the vendor's way (booleans and numbers as strings, empty strings, PHP's zero dates), and a
third wraps the first in the `data`/`links` envelope of a page.

Usage: python3 seed_models.py REPAIRED.json OUT_DIR  (REPAIRED.json from `cargo xtask codegen --emit-spec`)
"""

import json
import sys
from pathlib import Path

DEPTH = 3


def resolve(doc, schema):
    """The schema a `$ref` points to (only local `#/...` refs occur in the repaired document)."""
    while "$ref" in schema:
        node = doc
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def plain(doc, schema, depth):
    """A value of `schema` as the document describes it."""
    schema = resolve(doc, schema)
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth == 0:
            return {}
        return {
            name: plain(doc, sub, depth - 1) for name, sub in schema.get("properties", {}).items()
        } | {"_seedCustomField": "x"}
    if kind == "array":
        return [] if depth == 0 else [plain(doc, schema.get("items", {}), depth - 1)]
    if kind == "integer":
        return 7
    if kind == "number":
        return 7.5
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return "2020-01-31"
    return "text"


def vendor(value):
    """`value` with every scalar written as the vendor writes them at times."""
    if isinstance(value, dict):
        return {key: vendor(item) for key, item in value.items()}
    if isinstance(value, list):
        return [vendor(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "0"
    if isinstance(value, (int, float)):
        return str(value)
    if value == "2020-01-31":
        return "0000-00-00"
    if value == "2020-01-01 00:00:00":
        return "0000-00-00 00:00:00"
    return ""


def main():
    doc = json.loads(Path(sys.argv[1]).read_text())
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in doc["components"]["schemas"].items():
        record = plain(doc, schema, DEPTH)
        seeds = {
            "plain": record,
            "vendor": vendor(record),
            "page": {"data": [record], "links": {"next": "http://127.0.0.1/next?offset=1"}},
        }
        for form, value in seeds.items():
            (out / f"{name}-{form}.json").write_text(json.dumps(value))


if __name__ == "__main__":
    main()
