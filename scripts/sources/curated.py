"""Curated overrides: values read by a person from a provider's official page, one URL per entry.

Files: ``scripts/curated/<provider>.toml``, each entry::

    [[model]]
    id = "model-id"
    url = "https://official.example/page"   # where the values are stated
    checked = "YYYY-MM-DD"                   # when a person last read that page
    [model.values]
    "pricing.input" = 2.0                    # catalog field path = value (USD per 1M tokens)

Each entry becomes its own source, so provenance points at the exact page and date.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tomllib

from . import Observation, SourceError, SourceInfo, SourceResult

SOURCE = SourceInfo("curated", "curated", "scripts/curated/", key_required=False)
DIRECTORY = Path(__file__).resolve().parent.parent / "curated"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _entry(path: Path, provider: str, entry: Any) -> SourceResult:
    where = f"{path.name}: entry {entry.get('id', '?') if isinstance(entry, dict) else '?'}"
    if not isinstance(entry, dict):
        raise SourceError(SOURCE.name, f"{where}: not a table")
    for field in ("id", "url", "checked"):
        if not isinstance(entry.get(field), str) or not entry[field]:
            raise SourceError(SOURCE.name, f"{where}: missing {field!r}")
    if not entry["url"].startswith("https://"):
        raise SourceError(SOURCE.name, f"{where}: url must be an https:// official page")
    if not _DATE.match(entry["checked"]):
        raise SourceError(SOURCE.name, f"{where}: checked must be YYYY-MM-DD")
    values = entry.get("values", {})
    if not isinstance(values, dict) or not values:
        raise SourceError(SOURCE.name, f"{where}: no values")
    name = f"curated {provider}/{entry['id']}"
    observation = Observation(provider, entry["id"], dict(values))
    return SourceResult(name, entry["url"], entry["checked"], [observation])


def load(directory: Path = DIRECTORY) -> list[SourceResult]:
    """Every curated entry, as one source result each."""
    results = []
    for path in sorted(directory.glob("*.toml")):
        try:
            document = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SourceError(SOURCE.name, f"{path}: {exc}") from exc
        for entry in document.get("model", []):
            results.append(_entry(path, path.stem, entry))
    return results
