"""Where a lookup is resolved: the read-only, lazily decoded catalog of bundled data files."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from typing import TypeVar, get_args, overload

import msgspec

from ._errors import AmbiguousModelError, CatalogDataError, UnknownModelError
from ._types import Index, Kind, Model, ProviderFile, ProviderInfo, Source

__all__ = ["ModelCatalog"]

_T = TypeVar("_T")
_MISSING = object()

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")

# Decoders are built once and reused (msgspec's advice: building one is the costly part).
_INDEX_DECODER = msgspec.json.Decoder(Index)
_FILE_DECODER = msgspec.json.Decoder(ProviderFile)


def _normalise(name: str) -> str:
    return " ".join(name.split()).casefold()


class ModelCatalog(Mapping[str, Model]):
    """All bundled models, keyed by ``provider/id``.

    Files are decoded on first use (thread-safe) and kept; the index is small, so ``get`` decodes
    the index and one provider file only.
    """

    def __init__(self, data_dir: str = DATA_DIR) -> None:
        self._data_dir = data_dir
        self._lock = threading.Lock()
        self._index: Index | None = None
        self._files: dict[str, dict[str, Model]] = {}
        self._source_tables: dict[str, dict[str, Source]] = {}
        self._folded: dict[str, tuple[str, ...]] | None = None
        # Names already resolved -> record: a warm lookup is one dict probe.
        self._hits: dict[str, Model] = {}

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
                except msgspec.DecodeError as exc:
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
        known = ", ".join(p.id for p in self.index.providers)
        msg = f"unknown provider {provider!r}; known providers: {known}"
        raise KeyError(msg)

    def _canonical_provider(self, name: str) -> str | None:
        lowered = name.strip().casefold()
        for info in self.index.providers:
            if info.id == lowered or lowered in info.spellings:
                return info.id
        return None

    # -- resolution ----------------------------------------------------------------------------

    # Unlike Mapping.get, a missing name raises (with suggestions) unless a default is given.
    @overload
    def get(self, name: str) -> Model: ...
    @overload
    def get(self, name: str, default: _T) -> Model | _T: ...

    def get(self, name: str, default: object = _MISSING) -> object:
        """Return the model called ``name``.

        ``name`` may be ``provider/id``, a bare id, an alias, or either with different case or
        spacing. A bare id offered by several providers resolves to the maker of the model
        (``grok-2`` -> xAI); otherwise ``AmbiguousModelError`` lists the choices. Retired models
        stay answerable. An unknown name raises ``UnknownModelError`` (a ``KeyError``) with
        suggestions, unless a ``default`` is given, which is then returned as ``Mapping.get`` does.
        """
        try:
            return self._get(name)
        except UnknownModelError:
            if default is _MISSING:
                raise
            return default

    def _get(self, name: str) -> Model:
        if not isinstance(name, str):
            msg = f"model name must be a str, got {type(name).__name__}"
            raise TypeError(msg)
        hit = self._hits.get(name)
        if hit is not None:
            return hit
        wanted = name.strip()
        if not wanted:
            msg = "model name must not be empty"
            raise ValueError(msg)
        key = self._resolve(wanted)
        if key is None:
            raise UnknownModelError(name, self.suggest(wanted))
        provider, _, model_id = key.partition("/")
        model = self._provider_models(provider)[model_id]
        if len(self._hits) < _MAX_REMEMBERED:
            self._hits[name] = model
        return model

    def _resolve(self, wanted: str) -> str | None:
        index = self.index
        # 1. provider/id, where the id itself may contain slashes.
        head, sep, rest = wanted.partition("/")
        if sep and rest:
            provider = self._canonical_provider(head)
            if provider is not None:
                models = self._provider_models(provider)
                if rest in models:
                    return f"{provider}/{rest}"
                for key in index.aliases.get(rest, ()):
                    if key.startswith(provider + "/"):
                        return key
                folded = _normalise(rest)
                for key in self._folded_index().get(folded, ()):
                    if key.startswith(provider + "/"):
                        return key
        # 2. exact id, 3. alias, 4. case/space-insensitive id or alias.
        providers = index.ids.get(wanted)
        if providers:
            return self._pick(wanted, tuple(f"{p}/{wanted}" for p in providers))
        keys = index.aliases.get(wanted)
        if keys:
            return self._pick(wanted, keys)
        keys = self._folded_index().get(_normalise(wanted))
        if keys:
            return self._pick(wanted, keys)
        return None

    def _pick(self, wanted: str, keys: tuple[str, ...]) -> str:
        unique = tuple(dict.fromkeys(keys))
        if len(unique) == 1:
            return unique[0]
        lowered = wanted.casefold().rsplit("/", 1)[-1]
        makers = sorted(
            ((prefix, info.id) for info in self.index.providers for prefix in info.makes),
            key=lambda pair: -len(pair[0]),
        )
        for prefix, maker in makers:
            if lowered.startswith(prefix):
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
                    table.setdefault(_normalise(model_id), []).append(f"{provider}/{model_id}")
            for alias, keys in self.index.aliases.items():
                table.setdefault(_normalise(alias), []).extend(keys)
            folded = {name: tuple(keys) for name, keys in table.items()}
            self._folded = folded
        return folded

    def suggest(self, name: str, limit: int = 5) -> tuple[str, ...]:
        """Up to ``limit`` known names close to ``name``, best first."""
        import difflib  # only a miss pays for it (~1 ms of a cold start)

        wanted = _normalise(name)
        candidates = list(self._folded_index())
        close = difflib.get_close_matches(wanted, candidates, n=limit, cutoff=0.6)
        if len(close) < limit:
            close += [c for c in candidates if wanted and wanted in c and c not in close][
                : limit - len(close)
            ]
        return tuple(close[:limit])

    # -- Mapping protocol ----------------------------------------------------------------------

    def __getitem__(self, name: str) -> Model:
        try:
            hit = self._hits.get(name)
        except TypeError:  # unhashable: let get() explain what a name must be
            hit = None
        if hit is not None:
            return hit
        return self._get(name)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str) or not name.strip():
            return False
        try:
            return self._resolve(name.strip()) is not None
        except AmbiguousModelError:
            return True

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
    ) -> list[Model]:
        """Models matching every given filter, sorted by ``provider/id``.

        ``capability`` names a field of ``Capabilities`` (``"tools"``, ``"vision"``, ...); a model
        matches when that capability is known to be supported. Retired models are left out unless
        ``include_retired`` is true.
        """
        if kind is not None and kind not in _KINDS:
            msg = f"unknown kind {kind!r}; choose from {', '.join(_KINDS)}"
            raise ValueError(msg)
        if capability is not None and capability not in _CAPABILITY_FIELDS:
            msg = f"unknown capability {capability!r}; choose from {', '.join(_CAPABILITY_FIELDS)}"
            raise ValueError(msg)
        if provider is not None:
            canonical = self._canonical_provider(provider)
            if canonical is None:
                self._provider_info(provider)
            provider = canonical
        found = []
        for model in self.all(include_retired=include_retired):
            if provider is not None and model.provider != provider:
                continue
            if kind is not None and model.kind != kind:
                continue
            if capability is not None and not getattr(model.capabilities, capability):
                continue
            if min_context is not None and (
                model.context_window is None or model.context_window < min_context
            ):
                continue
            found.append(model)
        found.sort(key=lambda m: (m.provider, m.id))
        return found

    def search(self, text: str, *, include_retired: bool = True) -> list[Model]:
        """Models whose id, name or an alias contains ``text`` (case-insensitive)."""
        needle = _normalise(text)
        if not needle:
            msg = "search text must not be empty"
            raise ValueError(msg)
        hits = [
            model
            for model in self.all(include_retired=include_retired)
            if any(needle in _normalise(s) for s in (model.id, model.name or "", *model.aliases))
        ]
        hits.sort(key=lambda m: (m.provider, m.id))
        return hits

    def sources(self, provider: str) -> dict[str, Source]:
        """The recorded sources a provider's records cite, by name."""
        canonical = self._canonical_provider(provider) or provider
        self._provider_models(canonical)
        return dict(self._source_tables[canonical])

    def source_of(self, model: Model, field: str) -> Source | None:
        """The recorded source of one field's value (``"pricing.input"``), or None if unknown."""
        name = model.provenance.get(field)
        if name is None:
            return None
        self._provider_models(model.provider)
        return self._source_tables[model.provider].get(name)


_MAX_REMEMBERED = 4096
_KINDS: tuple[str, ...] = get_args(Kind)

_CAPABILITY_FIELDS = (
    "tools",
    "vision",
    "reasoning",
    "structured_output",
    "prompt_caching",
    "web_search",
    "embedding_dimensions",
)
