"""Where a lookup is resolved: the read-only, lazily decoded catalog of bundled data files.

Resolution order of a name (``ModelCatalog.get``):

1. ``provider/id`` where ``provider`` is a catalog provider or one of its spellings (``gemini/``,
   ``azure/``): only that provider's records answer, by exact id, alias, folded spelling, then the
   provider's newest dated id (``claude-sonnet-4`` -> ``claude-sonnet-4-20250514``). Nothing there
   is ``UnknownModelError``, whose suggestions may name other providers' records.
2. A bare name whose maker is known from its prefix (``claude`` -> Anthropic, ``grok`` -> xAI):
   the maker's own records, in the same order, before any reseller's.
3. An exact id, then an alias, then a folded spelling, across all providers: one record answers;
   several resolve to the maker's, else ``AmbiguousModelError`` lists them.

A folded spelling ignores case and spacing, and reads a dot between digits as a dash
(``claude-3.5-sonnet`` = ``claude-3-5-sonnet``). Ids may contain ``/``
(``openrouter/openai/gpt-4o``).
"""

import _thread
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar, get_args, overload

import msgspec

from ._billing import Body, CostBreakdown, Usage, When
from ._errors import (
    AmbiguousModelError,
    CatalogDataError,
    InvalidArgumentError,
    UnknownModelError,
    UnknownProviderError,
)
from ._types import Index, Kind, Model, ProviderFile, ProviderInfo, Source, dec_hook

__all__ = ["ModelCatalog"]

_T = TypeVar("_T")
_MISSING = object()

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")

# Decoders are built once and reused (msgspec's advice: building one is the costly part).
_INDEX_DECODER = msgspec.json.Decoder(Index)
_FILE_DECODER = msgspec.json.Decoder(ProviderFile, dec_hook=dec_hook)

_VERSION_DOT = re.compile(r"(?<=\d)\.(?=\d)")
_DATED = re.compile(r"^-(\d{8}|\d{4}-\d{2}-\d{2}|\d{4}|\d{2}-\d{4}|latest|v\d+(?::\d+)?|0)$")
"""What may follow a name to make one of the maker's dated ids (``-20250514``, ``-0``)."""


def _fold(name: str) -> str:
    return _VERSION_DOT.sub("-", " ".join(name.split()).casefold())


def _is_date(suffix: str) -> bool:
    return len(suffix) >= 4 and suffix.replace("-", "").isdigit()


def _require_str(argument: str, value: object) -> str:
    if not isinstance(value, str):
        msg = f"{argument} must be a str, got {type(value).__name__}"
        raise InvalidArgumentError(msg)
    return value


class ModelCatalog(Mapping[str, Model]):
    r"""All bundled models, keyed by ``provider/id``.

    Files are decoded on first use (thread-safe) and kept; ``get`` decodes the index and one
    provider file only. ``name in catalog`` is true exactly when ``catalog[name]`` returns a
    record; ``catalog[name]`` raises ``UnknownModelError`` or ``AmbiguousModelError``, both
    ``KeyError``\\ s.
    """

    def __init__(self, data_dir: str = DATA_DIR) -> None:
        self._data_dir = _require_str("data_dir", data_dir)
        self._lock = _thread.allocate_lock()
        self._index: Index | None = None
        self._files: dict[str, dict[str, Model]] = {}
        self._source_tables: dict[str, dict[str, Source]] = {}
        self._folded: dict[str, tuple[str, ...]] | None = None
        self._makers: tuple[tuple[str, str], ...] | None = None
        # Names already resolved -> record: a warm lookup is one dict probe.
        self._hits: dict[str, Model] = {}
        self._misses: set[str] = set()
        """Names that resolve to no single model: a repeated miss with a default is one probe."""

    # -- loading -------------------------------------------------------------------------------

    def _read(self, filename: str) -> bytes:
        path = os.path.join(self._data_dir, filename)
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as exc:
            raise CatalogDataError(path, exc.strerror or str(exc)) from exc

    @property
    def index(self) -> Index:
        """The decoded ``data/index.json``."""
        index = self._index
        if index is None:
            with self._lock:
                if self._index is None:
                    raw = self._read("index.json")
                    try:
                        self._index = _INDEX_DECODER.decode(raw)
                    except msgspec.DecodeError as exc:
                        path = os.path.join(self._data_dir, "index.json")
                        raise CatalogDataError(path, str(exc)) from exc
                index = self._index
        return index

    def _provider_models(self, provider: str) -> dict[str, Model]:
        models = self._files.get(provider)
        if models is not None:
            return models
        info = self._provider_info(provider)
        with self._lock:
            models = self._files.get(provider)
            if models is None:
                raw = self._read(info.file)
                try:
                    decoded = _FILE_DECODER.decode(raw)
                except (msgspec.DecodeError, ValueError) as exc:
                    path = os.path.join(self._data_dir, info.file)
                    raise CatalogDataError(path, str(exc)) from exc
                models = {model.id: model for model in decoded.models}
                self._source_tables[provider] = decoded.sources
                self._files[provider] = models
        return models

    def _provider_info(self, provider: str) -> ProviderInfo:
        for info in self.index.providers:
            if info.id == provider:
                return info
        raise UnknownProviderError(provider, tuple(p.id for p in self.index.providers))

    def _canonical_provider(self, name: str) -> str | None:
        lowered = name.strip().casefold()
        for info in self.index.providers:
            if info.id == lowered or lowered in info.spellings:
                return info.id
        return None

    # -- resolution ----------------------------------------------------------------------------

    @overload
    def get(self, name: str) -> Model: ...
    @overload
    def get(self, name: str, default: _T) -> Model | _T: ...

    def get(self, name: str, default: object = _MISSING) -> object:
        """Return the model called ``name`` (see the module docstring for the order).

        Without ``default``, an unknown name raises ``UnknownModelError`` (a ``KeyError``) with up
        to five suggestions, and a name several providers offer raises ``AmbiguousModelError``
        (also a ``KeyError``) listing them. With a ``default``, as ``Mapping.get``: any miss
        returns it, and no suggestions are computed. Retired models stay answerable.
        """
        hit = self._hits.get(name) if type(name) is str else None
        if hit is not None:
            return hit
        if default is _MISSING:
            return self._get(name, suggest=True)
        if type(name) is str and (name in self._misses or not name.strip()):
            return default
        try:
            return self._get(name, suggest=False)
        except (UnknownModelError, AmbiguousModelError):
            self._remember_miss(name)
            return default

    def _get(self, name: object, *, suggest: bool) -> Model:
        name = _require_str("model name", name)
        wanted = name.strip()
        if not wanted:
            msg = "model name must not be empty"
            raise InvalidArgumentError(msg)
        key = self._resolve(wanted)
        if key is None:
            raise UnknownModelError(name, self._suggestions(wanted) if suggest else ())
        provider, _, model_id = key.partition("/")
        model = self._provider_models(provider)[model_id]
        if len(self._hits) < _MAX_REMEMBERED:
            self._hits[name] = model
        return model

    def _resolve(self, wanted: str) -> str | None:
        # 1. provider/id: that provider only (ids may contain slashes).
        head, sep, rest = wanted.partition("/")
        if sep and rest:
            provider = self._canonical_provider(head)
            if provider is not None:
                return self._within(provider, rest)
        # 2. the maker's own records first.
        maker = self._maker_of(wanted)
        if maker is not None:
            key = self._within(maker, wanted)
            if key is not None:
                return key
        # 3. exact id, alias, folded spelling, across providers.
        index = self.index
        providers = index.ids.get(wanted)
        if providers:
            return self._pick(wanted, tuple(f"{p}/{wanted}" for p in providers))
        for keys in (index.aliases.get(wanted), self._folded_index().get(_fold(wanted))):
            if keys:
                return self._pick(wanted, keys)
        return None

    def _within(self, provider: str, name: str) -> str | None:
        """The key of ``name`` among ``provider``'s records only, or None."""
        index = self.index
        prefix = provider + "/"
        if provider in index.ids.get(name, ()):
            return prefix + name
        folded = _fold(name)
        for keys in (index.aliases.get(name, ()), self._folded_index().get(folded, ())):
            mine = sorted(k for k in keys if k.startswith(prefix))
            if mine:
                return mine[0]
        dated = [
            model
            for model_id, model in self._provider_models(provider).items()
            if (id_folded := _fold(model_id)).startswith(folded)
            and _DATED.match(id_folded[len(folded) :])
        ]
        if not dated:
            return None
        # Offered before retired; a dated id before "-latest" or "-0"; then the newest date.
        best = max(
            dated,
            key=lambda m: (m.lifecycle.status != "retired", _is_date(m.id[len(name) + 1 :]), m.id),
        )
        return best.key

    def _maker_of(self, name: str) -> str | None:
        makers = self._makers
        if makers is None:
            makers = tuple(
                sorted(
                    ((prefix, info.id) for info in self.index.providers for prefix in info.makes),
                    key=lambda pair: -len(pair[0]),
                )
            )
            self._makers = makers
        lowered = name.casefold()
        for prefix, maker in makers:
            if lowered.startswith(prefix):
                return maker
        return None

    def _pick(self, wanted: str, keys: tuple[str, ...]) -> str:
        unique = tuple(dict.fromkeys(keys))
        if len(unique) == 1:
            return unique[0]
        maker = self._maker_of(wanted.rsplit("/", 1)[-1])
        if maker is not None:
            for key in unique:
                if key.startswith(maker + "/"):
                    return key
        raise AmbiguousModelError(wanted, unique)

    def _folded_index(self) -> dict[str, tuple[str, ...]]:
        folded = self._folded
        if folded is None:
            table: dict[str, list[str]] = {}
            for model_id, providers in self.index.ids.items():
                for provider in providers:
                    table.setdefault(_fold(model_id), []).append(f"{provider}/{model_id}")
            for alias, keys in self.index.aliases.items():
                table.setdefault(_fold(alias), []).extend(keys)
            folded = {name: tuple(keys) for name, keys in table.items()}
            self._folded = folded
        return folded

    def _suggestions(self, wanted: str) -> tuple[str, ...]:
        # A provider/id that only another provider offers: name those records first.
        rest = wanted.partition("/")[2]
        elsewhere = tuple(f"{p}/{wanted}" for p in self.index.ids.get(wanted, ()))
        elsewhere += tuple(f"{p}/{rest}" for p in self.index.ids.get(rest, ())) if rest else ()
        # A name that is another record's id (OpenRouter's "deepseek/...") is no suggestion for
        # itself: it just failed.
        same = _fold(wanted)
        found = (s for s in elsewhere + self.suggest(wanted) if _fold(s) != same)
        return tuple(dict.fromkeys(found))[:5]

    def suggest(self, name: str, limit: int = 5) -> tuple[str, ...]:
        """Up to ``limit`` known names close to ``name``, best first."""
        import difflib  # only a miss pays for it (~1 ms of a cold start)

        name = _require_str("name", name)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            msg = f"limit must be an int >= 1, got {limit!r}"
            raise InvalidArgumentError(msg)
        wanted = _fold(name[:200])
        candidates = list(self._folded_index())
        close = difflib.get_close_matches(wanted, candidates, n=limit, cutoff=0.6)
        if len(close) < limit:
            close += [c for c in candidates if wanted and wanted in c and c not in close][
                : limit - len(close)
            ]
        return tuple(close[:limit])

    # -- Mapping protocol ----------------------------------------------------------------------

    def __getitem__(self, name: str) -> Model:
        hit = self._hits.get(name) if type(name) is str else None
        if hit is not None:
            return hit
        return self._get(name, suggest=True)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str) or name in self._misses or not name.strip():
            return False
        try:
            self._get(name, suggest=False)
        except (UnknownModelError, AmbiguousModelError):
            self._remember_miss(name)
            return False
        return True

    def _remember_miss(self, name: str) -> None:
        if len(self._misses) < _MAX_REMEMBERED:
            self._misses.add(name)

    def __iter__(self) -> Iterator[str]:
        for info in self.index.providers:
            for model_id in self._provider_models(info.id):
                yield f"{info.id}/{model_id}"

    def __len__(self) -> int:
        return sum(info.models for info in self.index.providers)

    # -- queries -------------------------------------------------------------------------------

    def providers(self) -> tuple[ProviderInfo, ...]:
        """Every provider in the catalog, with its display name and number of models."""
        return self.index.providers

    def all(self, *, include_retired: bool = True) -> Iterator[Model]:
        """Every model record, provider by provider."""
        for info in self.index.providers:
            for model in self._provider_models(info.id).values():
                if include_retired or model.lifecycle.status != "retired":
                    yield model

    def find(
        self,
        *,
        provider: str | None = None,
        kind: str | None = None,
        capability: str | None = None,
        min_context: int | None = None,
        include_retired: bool = False,
        active_only: bool = False,
    ) -> list[Model]:
        """Models matching every given filter, sorted by ``provider/id``.

        ``capability`` names a field of ``Capabilities`` (``"tools"``, ``"vision"``, ...); a model
        matches when that capability is known to be supported. ``min_context`` compares the
        context window, or the maximum input where only that is known. Retired models are left
        out unless ``include_retired``; ``active_only`` also leaves out deprecated ones. With
        ``provider`` only that provider's file is decoded.
        """
        if kind is not None and kind not in _KINDS:
            msg = f"unknown kind {kind!r}; choose from {', '.join(_KINDS)}"
            raise InvalidArgumentError(msg)
        if capability is not None and capability not in _CAPABILITY_FIELDS:
            msg = f"unknown capability {capability!r}; choose from {', '.join(_CAPABILITY_FIELDS)}"
            raise InvalidArgumentError(msg)
        if min_context is not None and (
            isinstance(min_context, bool) or not isinstance(min_context, int)
        ):
            msg = f"min_context must be an int, got {type(min_context).__name__}"
            raise InvalidArgumentError(msg)
        if provider is not None:
            canonical = self._canonical_provider(_require_str("provider", provider))
            if canonical is None:
                raise UnknownProviderError(provider, tuple(p.id for p in self.index.providers))
            records: Iterable[Model] = self._provider_models(canonical).values()
        else:
            records = self.all()
        found = []
        for model in records:
            status = model.lifecycle.status
            if (status == "retired" and not include_retired) or (
                active_only and status != "active"
            ):
                continue
            if kind is not None and model.kind != kind:
                continue
            if capability is not None and not getattr(model.capabilities, capability):
                continue
            window = model.context_window or model.max_input_tokens
            if min_context is not None and (window is None or window < min_context):
                continue
            found.append(model)
        found.sort(key=lambda m: (m.provider, m.id))
        return found

    def search(
        self, text: str, *, include_retired: bool = True, active_only: bool = False
    ) -> list[Model]:
        """Models whose id, name or an alias contains ``text`` (case-insensitive)."""
        needle = _fold(_require_str("text", text))
        if not needle:
            msg = "search text must not be empty"
            raise InvalidArgumentError(msg)
        hits = [
            model
            for model in self.all(include_retired=include_retired and not active_only)
            if (not active_only or model.lifecycle.status == "active")
            and any(needle in _fold(s) for s in (model.id, model.name or "", *model.aliases))
        ]
        hits.sort(key=lambda m: (m.provider, m.id))
        return hits

    def sources(self, provider: str) -> dict[str, Source]:
        """The recorded sources a provider's records cite, by name."""
        canonical = self._canonical_provider(_require_str("provider", provider)) or provider
        self._provider_models(canonical)
        return dict(self._source_tables[canonical])

    def source_of(self, model: Model, field: str) -> Source | None:
        """The recorded source of one field's value (``"pricing.input"``), or None if unknown."""
        if not isinstance(model, Model):
            msg = f"model must be a Model, got {type(model).__name__}"
            raise InvalidArgumentError(msg)
        name = model.provenance.get(_require_str("field", field))
        if name is None:
            return None
        self._provider_models(model.provider)
        return self._source_tables[model.provider].get(name)

    def price_response(
        self, body: Body, *, provider: str | None = None, at: When = None
    ) -> CostBreakdown:
        """Bill a raw API response (dict, JSON ``str`` or ``bytes``) at list price.

        The flavour is told by the body's shape, the model is its ``model`` field resolved like
        ``get`` (as ``provider/model`` when ``provider`` is given), the served tier its
        ``service_tier`` and ``at`` defaults to its own timestamp (``created``). ``bill.usage``
        is what ``usage_from`` reads. An unknown shape raises ``ResponseShapeError``.
        """
        from ._responses import price_response  # kept off the import path

        return price_response(self, body, provider=provider, at=at)

    def usage_from(self, body: Body, *, provider: str | None = None) -> Usage:
        """The usage a raw API response reports, in ``Model.cost``'s terms (see the README)."""
        from ._responses import usage_from  # kept off the import path

        return usage_from(body, provider=provider)


_MAX_REMEMBERED = 4096
_KINDS: tuple[str, ...] = get_args(Kind)

_CAPABILITY_FIELDS = (
    "tools",
    "vision",
    "reasoning",
    "structured_output",
    "prompt_caching",
    "web_search",
    "temperature",
    "embedding_dimensions",
)
