"""One module per source, each exposing ``SOURCE`` (a ``SourceInfo``) and ``fetch(client, key)``.

``fetch`` returns a ``SourceResult`` of ``Observation``s whose ``values`` use the catalog's own
field paths (``"pricing.input"``, see ``model_catalog/_fields.py``) and units (USD per million
tokens, see ``scripts/units.py``). Every module in this package that defines both is a source of
the nightly run (``discover()``): adding a source is adding its module.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ..httpclient import HttpClient, Response

__all__ = [
    "NoCredentialsError",
    "Observation",
    "SourceError",
    "SourceInfo",
    "SourceResult",
    "discover",
]

SourceKind = Literal["official", "curated", "aggregate"]
_RANKS = {"official": 0, "curated": 1, "aggregate": 2}


@dataclass(frozen=True)
class SourceInfo:
    """What a source is: its name, kind, endpoint, the credential it reads, and its limits."""

    name: str
    kind: SourceKind
    url: str
    """The endpoint; ``{name}`` parts are filled from ``settings``."""
    env: str | None = None
    """Environment variable holding the API key; None for public endpoints."""
    key_required: bool = True
    rank: int | None = None
    """Lower wins between observations of about the same age (``scripts/merge.py``). Defaults by
    kind: official 0, curated 1, aggregate 2."""
    settings: tuple[tuple[str, str, str | None], ...] = ()
    """``(url part, environment variable, default)`` for each ``{part}`` of ``url``."""
    min_models: int = 1
    """An answer listing fewer models is not credible: it is reported and not used."""
    max_shrink: float = 0.20
    """An answer listing this share fewer models than the source's last good answer is held."""
    partial: bool = False
    """The list is a partial view by design: a model it lists exists, one it omits may still
    exist, so its silence never retires a model."""
    creates_records: bool = True
    """False for a source whose ids are its own (genai-prices): it adds values to records that
    other sources list, and a key only it names is no record."""

    @property
    def precedence(self) -> int:
        """The rank used by the merge."""
        return self.rank if self.rank is not None else _RANKS[self.kind]

    def public_url(self, url: str) -> str:
        """``url`` as the data may cite it.

        A setting that is the whole host (a deployment's own, such as an Azure resource name) is
        replaced by the name of its environment variable.
        """
        if not self.settings or not self.url.startswith("{"):
            return url  # a setting inside a public host (an AWS region) is no secret
        _part, env, _default = self.settings[0]
        rest = self.url.split("}", 1)[1]
        path = rest.split("?", 1)[0]
        at = url.find(path) if path else -1
        return f"<{env}>" + (url[at:] if at >= 0 else rest)

    def request_url(self, client: HttpClient) -> str:
        """``url`` with its settings filled in (environment first, then the recording's)."""
        parts = {}
        for part, env, default in self.settings:
            value = client.setting(env) or default
            if not value:
                raise NoCredentialsError(self.name, f"no {part}: set {env}")
            parts[part] = value.rstrip("/")
        return self.url.format(**parts)


@dataclass(frozen=True)
class Observation:
    """What one source says about one (provider, model id).

    ``observed`` is the source's own date for this entry (models.dev's ``last_updated``, the
    start date of genai-prices' price window in force), when it gives one; otherwise the
    observation is dated by the answer's retrieval date.
    """

    provider: str
    id: str
    values: dict[str, Any] = field(default_factory=dict)
    observed: str | None = None
    effective: tuple[tuple[str | None, dict[str, Any]], ...] = ()
    """Dated statements of the past: ``(effective date, values)`` per price window the source
    states in force from that date (None: before the first dated one), oldest first, none after
    the answer's date. The record's history applies each from its date (``scripts/merge.py``)."""


@dataclass(frozen=True)
class SourceResult:
    """A source's answer: the observations and the date the source served them."""

    source: str
    url: str
    retrieved: str
    observations: list[Observation]
    label: str | None = None
    """The recording's own name for this answer (``litellm 1.90.0``), if it has one."""


def answer(info: SourceInfo, page: Response, observations: list[Observation]) -> SourceResult:
    """The result of one answer, dated and cited by its (first) page."""
    return SourceResult(
        info.name, info.public_url(page.url), page.retrieved, observations, page.label
    )


def discover() -> list[ModuleType]:
    """Every source module of this package (one with ``SOURCE`` and ``fetch``), official first."""
    modules = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        if hasattr(module, "SOURCE") and hasattr(module, "fetch"):
            modules.append(module)
    return sorted(modules, key=lambda m: (m.SOURCE.precedence, m.SOURCE.name))


class SourceError(Exception):
    """A source answered something we cannot use. The message names the source."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        super().__init__(f"{source}: {reason}")


class NoCredentialsError(SourceError):
    """The source needs an API key and its environment variable is unset."""


def expect(source: str, condition: bool, what: str) -> None:  # noqa: FBT001 - a guard helper
    """Raise ``SourceError`` for ``source`` unless ``condition`` holds."""
    if not condition:
        raise SourceError(source, f"malformed response: {what}")


def fetch_page(
    info: SourceInfo,
    provider: str,
    client: HttpClient,
    parse: Callable[[str], dict[str, dict[str, Any]]],
) -> SourceResult:
    """Read one documentation page: ``parse`` gives the values it states per model id."""
    page = client.get_text(info.url)
    stated = parse(page.data)
    return answer(info, page, [Observation(provider, m, values) for m, values in stated.items()])


def agreed(statements: list[dict[str, Any]]) -> dict[str, Any]:
    """The values every statement gives alike: a field two statements disagree on is unknown."""
    first, *others = statements
    return {
        path: value for path, value in first.items() if all(o.get(path) == value for o in others)
    }


def table_cells(line: str) -> list[str] | None:
    """The cells of one Markdown table row (``| a | b |``), stripped; None for any other line."""
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|")):
        return None
    return [cell.strip() for cell in line[1:-1].split("|")]


MODEL_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]*"
"""An API model name as documentation pages write it: letters, digits, ``.``, ``_`` and ``-``."""


def written_date(text: str, layouts: tuple[str, ...]) -> str | None:
    """``YYYY-MM-DD`` for a date written in one of the ``strptime`` layouts; None otherwise."""
    for layout in layouts:
        try:
            return dt.datetime.strptime(text, layout).date().isoformat()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def date_only(value: object) -> str | None:
    """``YYYY-MM-DD`` from an ISO date/datetime string, None otherwise."""
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]
    return None


def items_of(source: str, data: object, key: str = "data") -> list[dict[str, Any]]:
    """The list under ``data[key]``, checked to be a list of objects that carry an id."""
    expect(source, isinstance(data, dict), f"expected a JSON object with {key!r}")
    assert isinstance(data, dict)  # noqa: S101 - narrows the type for mypy after expect()
    items = data.get(key)
    expect(source, isinstance(items, list), f"{key!r} is not a list")
    assert isinstance(items, list)  # noqa: S101
    for item in items:
        expect(source, isinstance(item, dict), f"an entry of {key!r} is not an object")
    return items


def paged_items(
    info: SourceInfo,
    client: HttpClient,
    headers: dict[str, str],
    next_params: Callable[[Any], dict[str, str] | None],
    key: str = "data",
) -> tuple[Response, list[dict[str, Any]]]:
    """Every item of a paginated list, and its first page (which dates and cites the answer)."""
    first: Response | None = None
    items: list[dict[str, Any]] = []
    pages = client.paginate(info.request_url(client), headers=headers, next_params=next_params)
    for number, page in enumerate(pages, start=1):
        first = first or page
        found = items_of(info.name, page.data, key=key)
        if number > 1 and not found:  # the page before promised more: the list is incomplete
            raise SourceError(
                info.name, f"page {number} came back empty although page {number - 1} promised more"
            )
        items += found
    assert first is not None  # noqa: S101 - paginate yields at least one page or raises
    return first, items


def require_key(info: SourceInfo, key: str | None, *, replaying: bool) -> dict[str, str]:
    """Bearer auth headers, or ``NoCredentialsError`` when the key is missing (unless replaying)."""
    if key is None:
        if replaying or not info.key_required:
            return {}
        raise NoCredentialsError(info.name, f"no credentials: set {info.env}")
    return {"Authorization": f"Bearer {key}"}


def fetch_list(
    info: SourceInfo,
    provider: str,
    client: HttpClient,
    key: str | None,
    *,
    values: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> SourceResult:
    """Fetch an unpaginated OpenAI-style ``{"data": [{"id": ...}, ...]}`` list with Bearer auth.

    ``values`` turns one item into catalog field values; ``keep`` drops items (e.g. inactive).
    """
    headers = require_key(info, key, replaying=client.replaying)
    page = client.get_json(info.request_url(client), headers=headers)
    observations = []
    for item in items_of(info.name, page.data):
        expect(info.name, isinstance(item.get("id"), str), "model without an id")
        if keep is not None and not keep(item):
            continue
        found = values(item) if values is not None else {}
        observations.append(Observation(provider, item["id"], found))
    return answer(info, page, observations)
