"""Azure's official model retirement schedule, from Microsoft's documentation repository.

Endpoint: ``GET https://raw.githubusercontent.com/MicrosoftDocs/azure-ai-docs/main/articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md``;
public, no key. The page behind learn.microsoft.com/azure/foundry/openai/concepts/
model-retirement-schedule: one Markdown table per model publisher, each row
``| Model | Version | Lifecycle | Retirement date | Replacement |``, per model *version*.
What is read, and nothing else:
- the id: ``<model>-<version>`` when the version is a date (``gpt-4o`` ``2024-05-13`` ->
  ``gpt-4o-2024-05-13``, Azure's dated model ids); the bare ``<model>`` otherwise (``1``, ``001``
  and ``—`` are deployment versions, not part of the id). A model with one dated row only also
  gives its bare name that row's values: with one version, the name can mean no other.
- the stage, in the policy page's terms (model-retirements): Preview, GA and Legacy still take
  new deployments (active), Deprecated refuses new customers (deprecated), Retired answers
  ``410 Gone`` (retired); another word sets no status.
- the retirement date when it is a date (``—`` is none scheduled); the replacement's first name
  (``sora-2 (2025-12-08)`` -> ``sora-2-2025-12-08``; ``—`` is none).
Rows that give one id different values (two non-dated versions, or a repeated row) keep only the
values they agree on. Other tables (fine-tuned models' training dates) are not read. A page with
no schedule table is malformed.
The page lists models that are gone and models Azure never listed to us: this source never
creates a record or decides existence (``creates_records=False``).
Tested on: the file at MicrosoftDocs/azure-ai-docs@47996875 (ms.date 2026-04-23) and @00bb5540
(ms.date 2026-07-07); see tests/fixtures/ORIGIN.md for why they are dated by ``ms.date``.
"""

from __future__ import annotations

import re
from typing import Any

from ..httpclient import HttpClient
from . import MODEL_NAME, SourceInfo, SourceResult, agreed, expect, fetch_page, table_cells

SOURCE = SourceInfo(
    "azure-retirements",
    "official",
    "https://raw.githubusercontent.com/MicrosoftDocs/azure-ai-docs/main/articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md",
    key_required=False,
    min_models=20,
    creates_records=False,
)

_HEADER = ("model", "version", "lifecycle", "retirement date", "replacement")
_STAGES = {
    "Preview": "active",
    "GA": "active",
    "Legacy": "active",
    "Deprecated": "deprecated",
    "Retired": "retired",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME = re.compile(MODEL_NAME)
_REPLACEMENT = re.compile(rf"\s*({MODEL_NAME})(?:\s*\((\d{{4}}-\d{{2}}-\d{{2}})\))?")
_NONE = "—"


def _rows(page: str) -> list[list[str]]:
    """The rows of every schedule table on the page."""
    rows: list[list[str]] = []
    in_table = False
    for line in page.splitlines():
        cells = table_cells(line)
        if cells is None:
            in_table = False
        elif tuple(c.lower() for c in cells) == _HEADER:
            in_table = True
        elif in_table and not set("".join(cells)) <= set("-: "):
            rows.append(cells)
    return rows


def _row_values(lifecycle: str, retirement: str, replacement: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if lifecycle in _STAGES:
        values["lifecycle.status"] = _STAGES[lifecycle]
    if _DATE.fullmatch(retirement):
        values["lifecycle.retirement_date"] = retirement
    named = _REPLACEMENT.match(replacement)
    if replacement != _NONE and named is not None:
        name, version = named.groups()
        values["lifecycle.replacement"] = f"{name}-{version}" if version else name
    return values


def parse(page: str) -> dict[str, dict[str, Any]]:
    """Lifecycle values per Azure model id stated on the schedule."""
    rows = _rows(page)
    expect(SOURCE.name, bool(rows), "no row in a retirement schedule table")
    stated: dict[str, list[dict[str, Any]]] = {}
    dated_rows: dict[str, list[str]] = {}
    for cells in rows:
        if len(cells) != len(_HEADER):
            continue
        model, version, lifecycle, retirement, replacement = cells
        model = model.split("(")[0].strip()  # "claude-mythos-preview (gated research preview)"
        if not _NAME.fullmatch(model):
            continue
        values = _row_values(lifecycle, retirement, replacement)
        if _DATE.match(version):
            model_id = f"{model}-{version}"
            dated_rows.setdefault(model, []).append(model_id)
        else:
            model_id = model
        stated.setdefault(model_id, []).append(values)
    for model, ids in dated_rows.items():
        if len(ids) == 1 and model not in stated:
            stated[model] = list(stated[ids[0]])
    return {model_id: agreed(statements) for model_id, statements in stated.items()}


def fetch(client: HttpClient, key: str | None) -> SourceResult:  # noqa: ARG001 - public source
    """Read Azure's model retirement schedule."""
    return fetch_page(SOURCE, "azure_openai", client, parse)
