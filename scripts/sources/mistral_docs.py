"""Mistral's official model lifecycle, from the model cards of its documentation repository.

Endpoints: ``GET https://raw.githubusercontent.com/mistralai/platform-docs-public/main/src/schema/models/models/index.ts``
(the list of cards: ``import x from './<slug>'``), then ``<slug>.ts`` for each card; public, no
key. A card is a TypeScript object literal; the fields read are ``identifiers.apiNames`` (the
first is the model id, the others its aliases), ``status`` (GA, PublicPreview, Deprecated,
Retired), ``releaseDate`` and ``metadata: {deprecationDate, retirementDate, replacement}`` (dates
as ``2026-07-31`` or ``July 31, 2026``). The cards are read as text with patterns, never run.
Also read: ``pricing.input``/``pricing.output`` entries priced in USD (``price``; ``priceEur`` is
not read) per ``/M Tokens`` (an entry labelled ``Cached input`` is the cache-read price; two
entries for one field state neither); entries per minute, page or character have no per-token
field and are skipped, and any other denominator is refused loudly (``DENOMINATORS``). From
``capabilities``: ``image`` among the inputs (vision), ``reasoning`` among the outputs, and the
features ``function-calling`` (tools) and ``structured-outputs`` -- each read only as present
(a card that omits a feature does not say the model lacks it). ``contextLength`` (``'128k'``) is
not read: it does not say whether ``k`` is 1,000 or 1,024 tokens, and the list API states the
exact number.
A card with no API name (a retired open-weights model) names nothing here.

Cards of retired models stay in the docs, so a card says what Mistral states about a model's
life, not that it is offered: this source never creates a record or decides existence
(``creates_records=False``). Its aliases are official: a moving ``-latest`` alias follows the
newest card that names it (``mistral-medium-latest`` -> ``mistral-medium-3-5`` on 2026-08-21).
A card's other API names carry its lifecycle too (dated and undated ids of one model agree).
Tested on: the repository at 222f4ba9 (2026-08-21, "sync docs to v1.7.7"), 66 cards.
"""

from __future__ import annotations

import re
from typing import Any

from ..httpclient import HttpClient
from ..units import per_million
from . import (
    Observation,
    SourceError,
    SourceInfo,
    SourceResult,
    agreed,
    answer,
    expect,
    written_date,
)

SOURCE = SourceInfo(
    "mistral-docs",
    "official",
    "https://raw.githubusercontent.com/mistralai/platform-docs-public/main/src/schema/models/models/index.ts",
    key_required=False,
    min_models=20,
    creates_records=False,
)

_IMPORT = re.compile(r"""^import \w+ from '\./([a-z0-9-]+)';$""", re.MULTILINE)
_STRING = r"'((?:[^'\\]|\\.)*)'"
_API_NAMES = re.compile(r"apiNames:\s*\[([^\]]*)\]")
_STATUS = re.compile(r"^\s*status:\s*" + _STRING, re.MULTILINE)
_RELEASE = re.compile(r"^\s*releaseDate:\s*" + _STRING, re.MULTILINE)
_METADATA = re.compile(r"metadata:\s*\{([^}]*)\}")
_STATUSES = {"Deprecated": "deprecated", "Retired": "retired", "GA": "active"}
_STATUSES["PublicPreview"] = "active"
_PRICING = re.compile(r"pricing:\s*\{(.*?)\n  \}", re.DOTALL)
_PRICE_LIST = re.compile(r"\b(input|output):\s*\[([^\]]*)\]")
_ENTRY = re.compile(r"\{([^}]*)\}")
_PRICE = re.compile(r"\bprice:\s*([0-9.]+)")
_DENOMINATOR = re.compile(r"\bdenominator:\s*" + _STRING)
_LABEL = re.compile(r"\blabel:\s*" + _STRING)
DENOMINATORS: dict[str, bool] = {
    "/M Tokens": True,  # USD per million tokens, the catalog's unit
    "/Min": False,  # audio minutes
    "/1000 Pages": False,  # OCR pages
    "/1000 Annotated Pages": False,
    "/M Chars": False,  # speech characters
}
"""Each price denominator a card uses: True if it is per million tokens, False if it has no
per-token field (skipped). A denominator missing here is refused, never guessed."""
_PRICE_FIELDS = {
    ("input", None): "pricing.input",
    ("input", "Input"): "pricing.input",
    ("input", "Cached input"): "pricing.cache_read",
    ("output", None): "pricing.output",
    ("output", "Output"): "pricing.output",
}
_CAPABILITY_LISTS = re.compile(r"capabilities:\s*\{(.*?)\}", re.DOTALL)
_FEATURES = {
    "function-calling": "capabilities.tools",
    "structured-outputs": "capabilities.structured_output",
}


def _date(text: str, card: str) -> str | None:
    if not text:
        return None
    day = written_date(text, ("%Y-%m-%d", "%B %d, %Y"))
    if day is None:
        raise SourceError(SOURCE.name, f"{card}: unreadable date {text!r}")
    return day


def card_prices(text: str, card: str) -> dict[str, float]:
    """The per-token USD prices a card states (``DENOMINATORS``)."""
    block = _PRICING.search(text)
    if block is None:
        return {}
    found: dict[str, list[float]] = {}
    for side, entries in _PRICE_LIST.findall(block.group(1)):
        for entry in _ENTRY.findall(entries):
            denominator = _DENOMINATOR.search(entry)
            price = _PRICE.search(entry)
            expect(SOURCE.name, denominator is not None, f"{card}: a price without a denominator")
            assert denominator is not None  # noqa: S101 - narrowing for mypy
            unit = denominator.group(1)
            if unit not in DENOMINATORS:
                raise SourceError(SOURCE.name, f"{card}: unknown price denominator {unit!r}")
            label = _LABEL.search(entry)
            path = _PRICE_FIELDS.get((side, label.group(1) if label else None))
            value = per_million(price.group(1)) if price is not None else None
            if DENOMINATORS[unit] and path is not None and value is not None:
                found.setdefault(path, []).append(value)
    return {path: values[0] for path, values in found.items() if len(values) == 1}


def card_capabilities(text: str) -> dict[str, bool]:
    """The capabilities a card states as present."""
    block = _CAPABILITY_LISTS.search(text)
    if block is None:
        return {}
    lists = dict(re.findall(r"(\w+):\s*\[([^\]]*)\]", block.group(1)))
    stated = {key: set(re.findall(_STRING, value)) for key, value in lists.items()}
    values: dict[str, bool] = {}
    if "image" in stated.get("input", set()):
        values["capabilities.vision"] = True
    if "reasoning" in stated.get("output", set()):
        values["capabilities.reasoning"] = True
    for feature, path in _FEATURES.items():
        if feature in stated.get("features", set()):
            values[path] = True
    return values


def card_values(text: str, card: str) -> tuple[list[str], dict[str, Any]]:
    """The API names of one card and the lifecycle values it states."""
    names_match = _API_NAMES.search(text)
    expect(SOURCE.name, names_match is not None, f"{card}: no identifiers.apiNames")
    assert names_match is not None  # noqa: S101 - narrowing for mypy
    names = re.findall(_STRING, names_match.group(1))
    values: dict[str, Any] = {}
    status = _STATUS.search(text)
    if status is not None and status.group(1) in _STATUSES:
        values["lifecycle.status"] = _STATUSES[status.group(1)]
    released = _RELEASE.search(text)
    if released is not None and (day := _date(released.group(1), card)):
        values["release_date"] = day
    metadata = _METADATA.search(text)
    fields = dict(re.findall(r"(\w+):\s*" + _STRING, metadata.group(1))) if metadata else {}
    for field, path in (
        ("deprecationDate", "lifecycle.deprecation_date"),
        ("retirementDate", "lifecycle.retirement_date"),
    ):
        day = _date(fields.get(field, ""), card)
        if day:
            values[path] = day
    if fields.get("replacement"):
        values["lifecycle.replacement"] = fields["replacement"]
    values.update(card_prices(text, card))
    values.update(card_capabilities(text))
    if len(names) > 1:
        values["aliases"] = tuple(names[1:])
    return names, values


def fetch(client: HttpClient, key: str | None) -> SourceResult:  # noqa: ARG001 - public source
    """Read every model card the index lists."""
    index = client.get_text(SOURCE.url)
    slugs = _IMPORT.findall(index.data)
    expect(SOURCE.name, bool(slugs), "the index imports no model card")
    base = SOURCE.url.rsplit("/", 1)[0]
    cards: list[tuple[list[str], dict[str, Any]]] = []
    for slug in slugs:
        card = client.get_text(f"{base}/{slug}.ts")
        names, values = card_values(card.data, f"{slug}.ts")
        if names:
            cards.append((names, values))
    cards = _one_per_id(cards)
    observations = [Observation("mistral", names[0], values) for names, values in cards]
    observations.extend(_linked_names(cards))
    return answer(SOURCE, index, observations)


def _one_per_id(
    cards: list[tuple[list[str], dict[str, Any]]],
) -> list[tuple[list[str], dict[str, Any]]]:
    """One entry per model id: cards that share their first API name state what they agree on.

    Two cards name ``open-mistral-7b`` first (Mistral 7B v0.2 and v0.3: same life, released
    2023-12-11 and 2024-05-22), so the id keeps their lifecycle and no release date; the API
    names of all of them stay its names.
    """
    by_id: dict[str, list[tuple[list[str], dict[str, Any]]]] = {}
    for names, values in cards:
        by_id.setdefault(names[0], []).append((names, values))
    merged = []
    for group in by_id.values():
        names = list(dict.fromkeys(name for card_names, _ in group for name in card_names))
        values = agreed([stated for _, stated in group])
        values.pop("aliases", None)
        if len(names) > 1:
            values["aliases"] = tuple(names[1:])
        merged.append((names, values))
    return merged


def _linked_names(cards: list[tuple[list[str], dict[str, Any]]]) -> list[Observation]:
    """The card's life and release date for each of its other API names.

    A card describes one model under all its ``apiNames`` (``open-mistral-nemo-2407`` and
    ``open-mistral-nemo``), so where the API lists those names as two records, both carry what the
    card states. A name that is some card's model id keeps its own card; a moving ``-latest`` alias
    and a name two cards claim get no values (the alias moves on, the cards disagree).
    """
    own = {names[0] for names, _values in cards}
    claims: dict[str, list[dict[str, Any]]] = {}
    for names, values in cards:
        for name in names[1:]:
            claims.setdefault(name, []).append(values)
    linked = []
    for name, claimed in sorted(claims.items()):
        if name in own or name.endswith("-latest") or len(claimed) > 1:
            continue
        values = {k: v for k, v in claimed[0].items() if k != "aliases"}
        if values:
            linked.append(Observation("mistral", name, values))
    return linked
