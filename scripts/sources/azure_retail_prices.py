"""Azure's Retail Prices API: Microsoft's own price list (official prices for ``azure_openai``).

Endpoint: ``GET https://prices.azure.com/api/retail/prices?$filter=serviceName eq '<service>'``;
public, no key. The service is ``Foundry Models`` today (``$AZURE_PRICES_SERVICE`` overrides it);
until 2025 the same meters were served as ``Cognitive Services``, which is what the recording
asked and what its rows say. A page is ``{"Items": [...], "NextPageLink": <full URL> | null,
"Count": <items on the page>}``, 100 rows a page; every page is followed to the last. An empty
page after a ``NextPageLink``, a page without an ``Items`` list, a row without its documented
fields or a next link to another host is a ``SourceError`` naming what was wrong.

A row is one meter in one region: ``productName`` (``Azure OpenAI``, ``Azure OpenAI GPT5``,
``Deepseek model family``...), ``meterName`` (model, rate, deployment: ``gpt 4o 0513 Input global
Tokens``), ``unitOfMeasure`` (``1K``, ``1M``, ``1 Hour``, ``1/Month``, ``1 Second``...),
``armRegionName``, ``currencyCode``, ``retailPrice``, ``type``, ``tierMinimumUnits``,
``effectiveStartDate``.

Which rows give a price (every other row is skipped and counted by reason, ``parse``):
- token meters only: ``meterName`` ends in ``Tokens`` and ``unitOfMeasure`` is ``1K`` or ``1M``
  (converted by ``scripts/units.py``). Hours of provisioned throughput or hosting, months,
  seconds of audio, images and transactions bill units no catalog ``Pricing`` field bills;
- ``type`` ``Consumption``, ``currencyCode`` USD, no volume tier (``tierMinimumUnits`` 0);
- the Global standard deployment (``glbl``/``global`` in the meter) in the reference region
  ``eastus`` (``REGION``). Global prices are the same in every commercial region (in the
  recording all 101 Global token meters agree across regions, except the US Government regions
  at a higher price); one region is read so that a meter is read once, and East US is Azure's
  first and broadest region. A Global meter missing there (``o1 preview``: East US 2 and Sweden
  only) gives no price rather than another region's. Data Zone and Regional meters are skipped;
- the rest of the meter name must read entirely as rate words: input (``Inp``, ``Input``,
  ``Inpt``), output (``Outp``, ``Output``, ``outpt``), cached input (``cached``, ``cchd``) and
  ``Batch``. A meter with any other word (``FT``, ``Training``, ``hosting``, ``realtime``,
  ``aud``, ``img``, ``txt``...) is a fine-tuned, audio, image or realtime rate and is skipped.
  Fields: input/output/cached -> ``pricing.input``/``output``/``cache_read``; Batch input/output
  -> ``pricing.batch_input``/``batch_output`` (Batch cached input has no catalog field).

Mapping rule (meter -> Azure model id): meter names abbreviate the model (``gpt 4o 0513``,
``GPT 5 Rsng``, ``V3-0324``), so the model part is looked up, never derived: ``MODELS`` maps
(``productName``, the meter's leading words lower-cased with ``-`` read as a space) to the id
Azure's model list uses (``/openai/v1/models``, as in ``data/azure_openai.json``). A meter naming
a version (``0513``) maps to the dated id (``gpt-4o-2024-05-13``), one naming none to the bare
id (``gpt 4.1`` -> ``gpt-4.1``). The longest matching entry wins; a meter no entry matches is
skipped and counted ("unmapped"), never guessed. Of several rows for one field the one with the
newest ``effectiveStartDate`` is in effect; two such rows that disagree leave the field unknown.
Each model's observation is dated by the newest ``effectiveStartDate`` of the rows it uses (the
API's own date for those prices).

It is a price list, not the served-model list: ``partial`` (its silence retires nothing) and
``creates_records=False`` (its ids add prices to records Azure's model list gives).
Tested on: five files of Azure's rows for the Cognitive Services meters (effective 2024-07-01
to 2025-08-01) from the crawl guygregory/modelmeters.com committed on 2025-08-16, re-paged as
the API serves them (tests/fixtures/ORIGIN.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ..httpclient import HttpClient, Response
from ..units import per_million, per_thousand_to_per_million
from . import Observation, SourceError, SourceInfo, SourceResult, answer, date_only, expect

SOURCE = SourceInfo(
    "azure-retail-prices",
    "official",
    "https://prices.azure.com/api/retail/prices?$filter=serviceName eq '{service}'",
    None,
    key_required=False,
    settings=(("service", "AZURE_PRICES_SERVICE", "Foundry Models"),),
    partial=True,
    creates_records=False,
)

PROVIDER = "azure_openai"
REGION = "eastus"
"""The reference region of the Global deployment's prices (see the module docstring)."""
MAX_PAGES = 1000
"""More pages than this is a loop, not a price list (the recording has 50)."""
_HOST = "prices.azure.com"

MODELS: dict[tuple[str, str], str] = {
    ("Azure OpenAI", "gpt 4o 0513"): "gpt-4o-2024-05-13",
    ("Azure OpenAI", "gpt 4o 0806"): "gpt-4o-2024-08-06",
    ("Azure OpenAI", "gpt 4o 1120"): "gpt-4o-2024-11-20",
    ("Azure OpenAI", "gpt 4o mini 0718"): "gpt-4o-mini-2024-07-18",
    ("Azure OpenAI", "gpt 4.1"): "gpt-4.1",
    ("Azure OpenAI", "gpt 4.1 mini"): "gpt-4.1-mini",
    ("Azure OpenAI", "gpt 4.1 nano"): "gpt-4.1-nano",
    ("Azure OpenAI", "o1 1217"): "o1-2024-12-17",
    ("Azure OpenAI", "o1 mini"): "o1-mini",
    ("Azure OpenAI", "o1 preview"): "o1-preview",
    ("Azure OpenAI Reasoning", "o4 mini 0416"): "o4-mini-2025-04-16",
    ("Azure OpenAI GPT5", "gpt 5 rsng"): "gpt-5",
    ("Azure OpenAI GPT5", "gpt 5 chat"): "gpt-5-chat",
    ("Azure OpenAI GPT5", "gpt 5 mini"): "gpt-5-mini",
    ("Azure OpenAI GPT5", "gpt 5 nano"): "gpt-5-nano",
    ("Azure OpenAI OSS models", "gpt oss 120b"): "gpt-oss-120b",
    ("Deepseek model family", "mai ds r1"): "MAI-DS-R1",
    ("Deepseek model family", "v3"): "DeepSeek-V3",
    ("Deepseek model family", "v3 0324"): "DeepSeek-V3-0324",
    ("Phi", "phi 3.5 moe instruct"): "Phi-3.5-MoE-instruct",
}
"""(``productName``, the meter's model words) -> Azure's model id: the mapping rule above."""

_UNITS: dict[str, Callable[[object], float | None]] = {
    "1K": per_thousand_to_per_million,
    "1M": per_million,
}
"""Token units of ``unitOfMeasure`` (per 1,000 / per million tokens)."""
_WORDS = {
    **dict.fromkeys(("inp", "input", "inpt"), "input"),
    **dict.fromkeys(("outp", "output", "outpt"), "output"),
    **dict.fromkeys(("cached", "cchd"), "cached"),
    "batch": "batch",
    **dict.fromkeys(("glbl", "global"), "global"),
    **dict.fromkeys(("regnl", "regional", "regn", "rgnl"), "regional"),
    **dict.fromkeys(("dzone", "datazone", "dz"), "datazone"),
}
"""The rate words of a meter name after its model part."""
_FIELDS = {
    ("input", False, False): "pricing.input",
    ("output", False, False): "pricing.output",
    ("input", True, False): "pricing.cache_read",
    ("input", False, True): "pricing.batch_input",
    ("output", False, True): "pricing.batch_output",
}
"""(direction, cached, batch) -> catalog field."""
_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "meterName": str,
    "productName": str,
    "unitOfMeasure": str,
    "armRegionName": str,
    "currencyCode": str,
    "retailPrice": (int, float),
}


def pages(client: HttpClient, url: str) -> list[Response]:
    """Every page of the answer to ``url``, following ``NextPageLink`` to the last."""
    name = SOURCE.name
    result: list[Response] = []
    seen = {url}
    while True:
        page = client.get_json(url)
        number = len(result) + 1
        data = page.data
        expect(name, isinstance(data, dict), f"page {number} is not a JSON object")
        items = data.get("Items")
        expect(name, isinstance(items, list), f"page {number} has no 'Items' list")
        expect(
            name,
            all(isinstance(i, dict) for i in items),
            f"an entry of page {number}'s 'Items' is not an object",
        )
        if number > 1 and not items:
            raise SourceError(
                name, f"page {number} came back empty although page {number - 1} linked to it"
            )
        result.append(page)
        following = data.get("NextPageLink")
        if following is None or following == "":
            return result
        expect(name, isinstance(following, str), f"page {number}'s 'NextPageLink' is not a URL")
        parts = urlsplit(following)
        expect(
            name,
            parts.scheme == "https" and parts.hostname == _HOST,
            f"page {number}'s 'NextPageLink' leaves https://{_HOST}: {following[:80]}",
        )
        expect(name, following not in seen, f"page {number}'s 'NextPageLink' repeats a page")
        expect(name, number < MAX_PAGES, f"more than {MAX_PAGES} pages")
        seen.add(following)
        url = following


def _words(text: str) -> list[str]:
    spaced = re.sub(r"[\s\-]+", " ", text.strip().lower())
    return re.sub(r"\bdata zone\b", "datazone", spaced).split()


def _model(product: str, words: list[str]) -> tuple[str, list[str]] | None:
    """The model id a meter's leading words name, and the words after them (longest match)."""
    best: tuple[str, list[str]] | None = None
    best_length = 0
    for (known_product, model_words), model_id in MODELS.items():
        prefix = model_words.split()
        matches = product == known_product and words[: len(prefix)] == prefix
        if matches and len(prefix) > best_length:
            best, best_length = (model_id, words[len(prefix) :]), len(prefix)
    return best


def _rate(rest: list[str]) -> tuple[str, str] | None:
    """(deployment, catalog field) of the rate words, or None if a word is not a rate word."""
    read = [_WORDS.get(word) for word in rest]
    if None in read:
        return None
    kinds = Counter(read)
    deployments = [k for k in ("global", "regional", "datazone") if kinds[k]]
    directions = [k for k in ("input", "output") if kinds[k]]
    if len(deployments) != 1 or len(directions) != 1 or max(kinds.values()) > 1:
        return None
    field = _FIELDS.get((directions[0], bool(kinds["cached"]), bool(kinds["batch"])))
    return (deployments[0], field) if field is not None else None


def _checked(row: dict[str, Any]) -> None:
    for key, kind in _REQUIRED.items():
        value = row.get(key)
        expect(
            SOURCE.name,
            isinstance(value, kind) and not isinstance(value, bool),
            f"a row's {key!r} is missing or not a {'string' if kind is str else 'number'}",
        )


def parse(rows: list[dict[str, Any]]) -> tuple[list[Observation], Counter[str]]:
    """The observations the rows give, and how many rows were skipped, by reason."""
    skipped: Counter[str] = Counter()
    stated: dict[str, dict[str, dict[str, set[float]]]] = {}
    for row in rows:
        _checked(row)
        meter = row["meterName"]
        words = _words(meter)
        convert = _UNITS.get(row["unitOfMeasure"].strip())
        if not words or words[-1] != "tokens" or convert is None:
            skipped["not a token meter"] += 1
            continue
        words = words[:-1]
        if words and words[-1] in ("1k", "1m"):
            words = words[:-1]  # "GPT 5 Chat Inpt Glbl 1M Tokens": the unit, repeated
        if row.get("type", "Consumption") != "Consumption" or row["currencyCode"] != "USD":
            skipped["not a USD consumption price"] += 1
            continue
        if row.get("tierMinimumUnits", 0) not in (0, 0.0):
            skipped["a volume tier"] += 1
            continue
        found = _model(row["productName"], words)
        if found is None:
            skipped["unmapped"] += 1
            continue
        model_id, rest = found
        rate = _rate(rest)
        if rate is None:
            skipped["not a text token rate (fine-tuning, audio, image, realtime)"] += 1
            continue
        deployment, field = rate
        if deployment != "global":
            skipped["not the Global deployment"] += 1
            continue
        if row["armRegionName"] != REGION:
            skipped[f"Global, outside {REGION}"] += 1
            continue
        price = convert(row["retailPrice"])
        if price is None:
            skipped["no usable price"] += 1
            continue
        day = date_only(row.get("effectiveStartDate")) or ""
        stated.setdefault(model_id, {}).setdefault(field, {}).setdefault(day, set()).add(price)
    observations = []
    for model_id, fields in sorted(stated.items()):
        values: dict[str, Any] = {}
        newest = ""
        for field, by_day in sorted(fields.items()):
            day, prices = max(by_day.items())  # the price in effect: the newest start date
            if len(prices) == 1:
                values[field] = next(iter(prices))
                newest = max(newest, day)
        if values:
            observations.append(Observation(PROVIDER, model_id, values, newest or None))
    return observations, skipped


def fetch(client: HttpClient, _key: str | None) -> SourceResult:
    """Read every page of Azure's retail prices for its model meters."""
    answered = pages(client, SOURCE.request_url(client))
    rows = [row for page in answered for row in page.data["Items"]]
    observations, _skipped = parse(rows)
    return answer(SOURCE, answered[0], observations)
