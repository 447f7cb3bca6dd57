"""Azure's official list of retired models, from Microsoft's documentation repository.

Endpoint: ``GET https://raw.githubusercontent.com/MicrosoftDocs/azure-ai-docs/main/articles/foundry/openai/includes/concepts-retired-models-content.md``;
public, no key. The page behind learn.microsoft.com/azure/foundry/openai/concepts/retired-models
("the following models are retired and no longer available"): one Markdown table per publisher
with the columns Model, Retirement date, Suggested replacement (and, for Azure OpenAI,
Deprecation date). What is read, and nothing else:
- the ids in a Model cell: names in backticks, or a plain name without spaces; a trailing
  ``- 0314`` is the version and joins each name (```gpt-4`<br>`gpt-4-32k` - 0314`` ->
  ``gpt-4-0314``, ``gpt-4-32k-0314``). A display name (``Jamba Instruct``) names no id.
- ``lifecycle.status`` retired, the dates (``July 28, 2025``), and the first suggested
  replacement when it is a name (```gpt-4.1` version: `2025-04-14``` -> ``gpt-4.1-2025-04-14``);
  ``N/A`` or prose is none. A date that cannot be read is left out, not guessed; rows that name
  one id twice keep what they agree on.
A page with no such table is malformed. Retired models are not offered: this source never
creates a record or decides existence (``creates_records=False``); ``azure_retirements`` reads
the schedule of models still offered.
Tested on: the file at MicrosoftDocs/azure-ai-docs@4345ee01 (ms.date 2026-04-23); see
tests/fixtures/ORIGIN.md for why it is dated by ``ms.date``.
"""

from __future__ import annotations

import re
from typing import Any

from ..httpclient import HttpClient
from . import (
    MODEL_NAME,
    SourceInfo,
    SourceResult,
    agreed,
    expect,
    fetch_page,
    table_cells,
    written_date,
)

SOURCE = SourceInfo(
    "azure-retired-models",
    "official",
    "https://raw.githubusercontent.com/MicrosoftDocs/azure-ai-docs/main/articles/foundry/openai/includes/concepts-retired-models-content.md",
    key_required=False,
    min_models=20,
    creates_records=False,
)

_TICKED = re.compile(rf"`({MODEL_NAME})`")
_PLAIN = re.compile(MODEL_NAME)
_VERSION = re.compile(rf"\s-\s*`?({MODEL_NAME})`?\s*$")
_REPLACEMENT = re.compile(
    rf"^\s*`?({MODEL_NAME})`?(?:\s*version:\s*`({MODEL_NAME})`|\s*\((?:version\s+)?({MODEL_NAME})\))?"
)
_FIELDS = {
    "deprecation date": "lifecycle.deprecation_date",
    "retirement date": "lifecycle.retirement_date",
}


def _ids(cell: str) -> list[str]:
    """The model ids one Model cell names."""
    version = _VERSION.search(cell)
    names_part = cell[: version.start()] if version else cell
    names = _TICKED.findall(names_part)
    if not names and _PLAIN.fullmatch(names_part.strip()):
        names = [names_part.strip()]
    return [f"{name}-{version.group(1)}" if version else name for name in names]


def _replacement(cell: str) -> str | None:
    if "`" not in cell and not _PLAIN.fullmatch(cell):
        return None  # "N/A", empty, or a sentence
    named = _REPLACEMENT.match(cell)
    if named is None:
        return None
    name, version, bracketed = named.groups()
    suffix = version or bracketed
    return f"{name}-{suffix}" if suffix else name


def parse(page: str) -> dict[str, dict[str, Any]]:
    """Lifecycle values per Azure model id the page lists as retired."""
    stated: dict[str, list[dict[str, Any]]] = {}
    columns: list[str] | None = None
    tables = 0
    for line in page.splitlines():
        cells = table_cells(line)
        if cells is None:
            columns = None
            continue
        names = [c.lower() for c in cells]
        if names[0] == "model" and "retirement date" in names:
            columns, tables = names, tables + 1
            continue
        if columns is None or len(cells) != len(columns) or set("".join(cells)) <= set("-: "):
            continue
        row = dict(zip(columns, cells, strict=True))
        values: dict[str, Any] = {"lifecycle.status": "retired"}
        for column, path in _FIELDS.items():
            day = written_date(" ".join(row.get(column, "").split()), ("%B %d, %Y",))
            if day is not None:
                values[path] = day
        replacement = _replacement(row.get("suggested replacement", ""))
        if replacement is not None:
            values["lifecycle.replacement"] = replacement
        for model_id in _ids(row["model"]):
            stated.setdefault(model_id, []).append(values)
    expect(SOURCE.name, tables > 0, "no retired-models table")
    return {model_id: agreed(statements) for model_id, statements in stated.items()}


def fetch(client: HttpClient, key: str | None) -> SourceResult:  # noqa: ARG001 - public source
    """Read Azure's list of retired models."""
    return fetch_page(SOURCE, "azure_openai", client, parse)
