"""Anthropic's own end-of-life dates, from the ``DEPRECATED_MODELS`` table of its Python SDK.

Endpoint: ``GET https://raw.githubusercontent.com/anthropics/anthropic-sdk-python/main/src/anthropic/_data/deprecated_models.py``;
public, no key. The SDK warns when a request names a model of this table, "deprecated and will
reach end-of-life on <date>": it is Anthropic's word, model id -> end-of-life date written in
words (``"January 22nd, 2027"``). The table lived in ``resources/messages.py`` (to 0.43),
``resources/messages/messages.py`` (0.44 to 2.12) and ``_data/deprecated_models.py`` (imported by
the messages module since 2.13.0); every copy is the same top-level assignment.
What is read, and nothing else: the module is parsed with ``ast`` (never executed); the one
top-level ``DEPRECATED_MODELS = {...}`` (annotated or not) of string keys and string values gives
each id ``lifecycle.retirement_date``, the end-of-life date (the status follows from the dates, in
the merge). A value that is not a date in those words states nothing for its id. A module
without the table, or one that is not Python, is malformed.
An entry leaves the table once its model is gone, so an answer may list fewer models than the last:
the evidence keeps each entry as dated history (``max_shrink=1.0``, ``partial``); the table names
models the list API no longer lists, so it never creates a record (``creates_records=False``).
Tested on: the member of 15 anthropic wheels on PyPI, 0.34.2 (2024-09-04) to 2.16.0 (2026-12-01),
each recorded on its wheel's upload day and cited to the wheel (``origin``, ``label``).
"""

from __future__ import annotations

import ast
import re
from typing import Any

from ..httpclient import HttpClient
from . import SourceError, SourceInfo, SourceResult, expect, fetch_page, written_date

SOURCE = SourceInfo(
    "anthropic-sdk",
    "official",
    "https://raw.githubusercontent.com/anthropics/anthropic-sdk-python/main/src/anthropic/_data/deprecated_models.py",
    key_required=False,
    max_shrink=1.0,
    partial=True,
    creates_records=False,
)

TABLE = "DEPRECATED_MODELS"
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b")
_LAYOUTS = ("%B %d, %Y", "%b %d, %Y", "%Y-%m-%d")


def _table(module: ast.Module) -> ast.Dict | None:
    """The dict literal assigned to ``DEPRECATED_MODELS`` at the module's top level."""
    for node in module.body:
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names = [node.target.id]
        else:
            continue
        if TABLE in names and isinstance(node.value, ast.Dict):
            return node.value
    return None


def end_of_life(text: str) -> str | None:
    """``YYYY-MM-DD`` for an end-of-life date as the SDK writes it (``November 6th, 2024``)."""
    return written_date(_ORDINAL.sub("", text.strip()), _LAYOUTS)


def parse(source: str) -> dict[str, dict[str, Any]]:
    """Lifecycle values per Anthropic model id stated by one copy of the SDK's table."""
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError) as exc:
        raise SourceError(SOURCE.name, f"malformed response: not Python ({exc})") from None
    table = _table(module)
    expect(SOURCE.name, table is not None, f"no top-level {TABLE} dict")
    assert table is not None  # noqa: S101 - narrows the type for mypy after expect()
    stated: dict[str, dict[str, Any]] = {}
    for key, value in zip(table.keys, table.values, strict=True):
        model = key.value if isinstance(key, ast.Constant) else None
        text = value.value if isinstance(value, ast.Constant) else None
        expect(
            SOURCE.name,
            isinstance(model, str) and isinstance(text, str),
            f"an entry of {TABLE} is not a string -> string pair",
        )
        assert isinstance(model, str)  # noqa: S101 - narrows the type for mypy after expect()
        assert isinstance(text, str)  # noqa: S101
        date = end_of_life(text)
        stated[model] = {"lifecycle.retirement_date": date} if date is not None else {}
    return stated


def fetch(client: HttpClient, key: str | None) -> SourceResult:  # noqa: ARG001 - public source
    """Read the SDK's table of deprecated models."""
    return fetch_page(SOURCE, "anthropic", client, parse)
