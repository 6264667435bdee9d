"""docs/export.md cannot drift: formats, routes, CSV columns and JSON keys are all documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tyopaja import export
from tyopaja.core.importer import ALIASES
from tyopaja.export.data import COLUMNS
from tyopaja.export.texts import Texts
from tyopaja.web.export import bp

DOC = (Path(__file__).resolve().parents[2] / "docs" / "export.md").read_text(encoding="utf-8")
GOLDEN_JSON = Path(__file__).resolve().parents[1] / "golden" / "tyopaja.json"


def test_every_format_is_documented():
    table = DOC.split("## Formats")[1].split("###")[0]
    assert set(re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.M)) == set(export.FORMATS)


def test_every_route_is_documented(app):
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(f"{bp.name}.")
    }
    documented = set(re.findall(r"\| (?:GET|POST) \| `([^`]+)` \|", DOC))
    normalise = {
        r.replace("<code>", "<CODE>").replace("<fmt>", "<format>").replace("<name>", "<step>")
        for r in routes
    }
    assert normalise == documented


def test_every_csv_column_is_documented_in_every_language():
    table = DOC.split("### CSV")[1].split("###")[0]
    for lang in ("fi", "sv", "en"):
        t = Texts(lang)
        for column in COLUMNS:
            assert f"`{t.tr(column)}`" in table, (lang, column)


def test_every_import_alias_is_documented():
    table = DOC.split("## Import")[1].split("**All or nothing.**")[0]
    for aliases in ALIASES.values():
        for alias in aliases:
            assert f"`{alias}`" in table, alias


def keys(value, prefix=""):
    """Every key path in a JSON value (list items share their parent's path)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield f"{prefix}{key}"
            yield from keys(inner, f"{prefix}{key}.")
    elif isinstance(value, list):
        for inner in value:
            yield from keys(inner, prefix)


def test_every_json_key_is_documented():
    section = DOC.split("### JSON")[1].split("### CSV")[0]
    data = json.loads(GOLDEN_JSON.read_text(encoding="utf-8"))
    for path in set(keys(data)):
        name = path.split(".")[-1]
        if name.isdigit():
            continue  # distribution values: "1": 0, "2": 3, …
        assert f'"{name}"' in section or f"`{name}`" in section, path
