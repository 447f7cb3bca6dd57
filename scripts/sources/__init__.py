"""One module per source, each exposing ``SOURCE`` (a ``SourceInfo``) and ``fetch(client, key)``.

``fetch`` returns a ``SourceResult`` of ``Observation``s whose ``values`` use the catalog's own
field paths (``"pricing.input"``) and units (USD per million tokens, see ``scripts/units.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ..httpclient import HttpClient

__all__ = [
    "NoCredentialsError",
    "Observation",
    "SourceError",
    "SourceInfo",
    "SourceResult",
]

SourceKind = Literal["official", "curated", "aggregate"]


@dataclass(frozen=True)
class SourceInfo:
    """What a source is: its name, kind, home URL and the credential it reads."""

    name: str
    kind: SourceKind
    url: str
    env: str | None = None
    """Environment variable holding the API key; None for public endpoints."""
    key_required: bool = True


@dataclass(frozen=True)
class Observation:
    """What one source says about one (provider, model id)."""

    provider: str
    id: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceResult:
    """A source's answer: the observations and the date the source served them."""

    source: str
    url: str
    retrieved: str
    observations: list[Observation]


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
    url: str | None = None,
    values: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> SourceResult:
    """Fetch an unpaginated OpenAI-style ``{"data": [{"id": ...}, ...]}`` list with Bearer auth.

    ``values`` turns one item into catalog field values; ``keep`` drops items (e.g. inactive).
    """
    headers = require_key(info, key, replaying=client.replaying)
    page = client.get_json(url or info.url, headers=headers)
    observations = []
    for item in items_of(info.name, page.data):
        expect(info.name, isinstance(item.get("id"), str), "model without an id")
        if keep is not None and not keep(item):
            continue
        found = values(item) if values is not None else {}
        observations.append(Observation(provider, item["id"], found))
    return SourceResult(info.name, page.url, page.retrieved, observations)
