"""Cohere's official deprecations page, from its documentation repository.

Endpoint: ``GET https://raw.githubusercontent.com/cohere-ai/cohere-developer-experience/main/fern/pages/going-to-production/deprecations.mdx``;
public, no key. The page lists deprecations newest first, one ``### YYYY-MM-DD: title`` section
each. What is read, and nothing else:
- a section saying the models "will be retired" (or "sunset"): every `model id` in its bullet
  list is retired on the section's date;
- a "Deprecated Models" list: every `model id` in it is deprecated on the section's date
  (Cohere assigns the shutdown date later);
- a table with a "Shutdown Date" column: each row's `model` retires on that date, with the
  "Recommended Replacement" as replacement.
A section whose list cannot be read this way is skipped; a page with no dated section at all is
malformed. Like Mistral's cards, a deprecation page lists models that are gone, so this source
never creates a record or decides existence (``creates_records=False``).
Tested on: the page at cohere-ai/cohere-developer-experience@e814c8a1 (2026-08-20).
"""

from __future__ import annotations

import re
from typing import Any

from ..httpclient import HttpClient
from . import SourceInfo, SourceResult, expect, fetch_page

SOURCE = SourceInfo(
    "cohere-docs",
    "official",
    "https://raw.githubusercontent.com/cohere-ai/cohere-developer-experience/main/fern/pages/going-to-production/deprecations.mdx",
    key_required=False,
    creates_records=False,
)

_SECTION = re.compile(r"^### (\d{4}-\d{2}-\d{2}): .*$", re.MULTILINE)
_BULLET_ID = re.compile(r"^\s*- `([^`]+)`", re.MULTILINE)
_ROW = re.compile(
    r"^\|\s*(\d{4}-\d{2}-\d{2})\s*\|\s*`([^`]+)`\s*\|[^\n]*?`([^`]+)`\s*\|\s*$", re.MULTILINE
)


def _list_after(text: str, marker: str) -> list[str]:
    """The `ids` of the bullet list that follows ``marker`` (up to the next blank-line break)."""
    start = text.find(marker)
    if start < 0:
        return []
    rest = text[start + len(marker) :]
    block = re.split(r"\n\s*\n(?!\s*- )", rest.lstrip("\n"), maxsplit=1)[0]
    return _BULLET_ID.findall(block)


def parse(page: str) -> dict[str, dict[str, Any]]:
    """Lifecycle values per model id stated on the page."""
    found: dict[str, dict[str, Any]] = {}
    sections = list(_SECTION.finditer(page))
    expect(SOURCE.name, bool(sections), "no dated deprecation section")
    for position, section in enumerate(sections):
        end = sections[position + 1].start() if position + 1 < len(sections) else len(page)
        day, body = section.group(1), page[section.end() : end]
        for retired in _list_after(body, "will be retired:"):
            found.setdefault(retired, {})["lifecycle.retirement_date"] = day
        for deprecated in _list_after(body, "Deprecated Models:"):
            values = found.setdefault(deprecated, {})
            values.setdefault("lifecycle.deprecation_date", day)
            values.setdefault("lifecycle.status", "deprecated")
        for shutdown, model, replacement in _ROW.findall(body):
            values = found.setdefault(model, {})
            values["lifecycle.retirement_date"] = shutdown
            values["lifecycle.replacement"] = replacement
    return found


def fetch(client: HttpClient, key: str | None) -> SourceResult:  # noqa: ARG001 - public source
    """Read Cohere's deprecations page."""
    return fetch_page(SOURCE, "cohere", client, parse)
