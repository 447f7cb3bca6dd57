"""Where a lookup is resolved: the read-only, lazily decoded catalog of bundled data files.

Resolution order of a name (``ModelCatalog.get``):

1. ``provider/id`` where ``provider`` is a catalog provider or one of its spellings (``gemini/``,
   ``azure/``): only that provider's records answer, by exact id, alias, folded spelling, then the
   provider's newest dated id (``claude-sonnet-4`` -> ``claude-sonnet-4-20250514``); within
   Bedrock, whose ids carry the maker as a dotted prefix, then the same with the maker's prefix
   (``claude-3-5-haiku-20241022`` -> ``anthropic.claude-3-5-haiku-20241022-v1:0``, what an
   InvokeModel response names). Nothing there is ``UnknownModelError``, whose suggestions may
   name other providers' records.
2. A bare name whose maker is known from its prefix (``claude`` -> Anthropic, ``grok`` -> xAI):
   the maker's own records, in the same order, before any reseller's.
3. An exact id, then an alias, then a folded spelling, across all providers: one record answers;
   several resolve to the maker's, else ``AmbiguousModelError`` lists them.
4. Only when 1-3 find nothing and no provider has the name as an exact id (then the error
   suggests that record), the name as code writes it: an OpenRouter variant suffix
   (``:free``, ``:thinking``) falls back to the base name; the Gemini SDK's ``models/`` prefix
   resolves among Google's records; an Ollama ``name:tag`` with a size, ``latest``, ``cloud`` or
   quantization tag resolves among Ollama's records to ``name:size``, then ``name``.

``get(name, provider=...)`` keeps to that provider's records through every step (a name with
that provider's own ``provider/`` prefix may keep it), and reads any ``name:tag`` as Ollama's
when the provider is ``ollama``.

A folded spelling ignores case and spacing, and reads a dot between digits as a dash
(``claude-3.5-sonnet`` = ``claude-3-5-sonnet``). Ids may contain ``/``
(``openrouter/openai/gpt-4o``).
"""

import _thread
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, get_args, overload

import msgspec

from ._errors import (
    AmbiguousModelError,
    CatalogDataError,
    InvalidArgumentError,
    UnknownModelError,
    UnknownProviderError,
)
from ._types import Index, Kind, Model, ProviderFile, ProviderInfo, Source, Spans

if TYPE_CHECKING:
    from ._billing import Body, CostBreakdown, Usage, When

__all__ = ["ModelCatalog"]

_T = TypeVar("_T")
_MISSING = object()

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


_Names = dict[str, tuple[str, ...]]
_Span = tuple[int, int]
"""Where a record lies in its provider file: the byte range ``[start, end)`` of ``Spans``."""
_TABLES = ("ids", "aliases", "folds", "dated")
"""The name tables (``Names``); each is decoded when a lookup first needs it."""


_BUILT: dict[object, Any] = {}


def _decode(kind: type[_T], data: bytes | memoryview | msgspec.Raw) -> _T:
    """``data`` decoded as ``kind``, by a decoder built on its first use and kept.

    Building one is the costly part (msgspec says so): a cold ``get`` builds those of the index,
    the spans and a record only.
    """
    decoder = _BUILT.get(kind)
    if decoder is None:
        decoder = _BUILT[kind] = msgspec.json.Decoder(kind)
    result: _T = decoder.decode(data)
    return result


_DATED_WORDS = ("latest", "0")


def fold(name: str) -> str:
    """The folded spelling of ``name``.

    Case and spacing are ignored, a dot between digits reads as a dash
    (``Claude 3.5-Sonnet`` -> ``claude-3-5-sonnet``).
    """
    folded = " ".join(name.split()).casefold()
    if "." not in folded:
        return folded
    chars = list(folded)
    for i in range(1, len(chars) - 1):
        if chars[i] == "." and chars[i - 1].isdigit() and chars[i + 1].isdigit():
            chars[i] = "-"
    return "".join(chars)


_fold = fold


def _is_dated_suffix(suffix: str) -> bool:
    """Whether ``suffix`` may follow a name to make one of the maker's dated ids.

    ``-20250514``, ``-2024-05-13``, ``-2407``, ``-05-2025``, ``-latest``, ``-v1:0``, ``-0``.
    """
    if not suffix.startswith("-"):
        return False
    rest = suffix[1:]
    if rest in _DATED_WORDS:
        return True
    shape = "".join("d" if c.isdigit() else c for c in rest)
    if shape in ("dddddddd", "dddd-dd-dd", "dddd", "dd-dddd"):
        return rest.isascii()
    if rest[:1] == "v" and rest.isascii():
        version, colon, minor = rest[1:].partition(":")
        return version.isdigit() and (not colon or minor.isdigit())
    return False


def dated_bases(model_id: str) -> tuple[str, ...]:
    """The folded names whose dated id ``model_id`` is: its keys in ``Index.dated``.

    ``claude-sonnet-4-20250514`` -> ``claude-sonnet-4``.
    """
    folded = fold(model_id)
    return tuple(
        folded[:i]
        for i in range(1, len(folded))
        if folded[i] == "-" and _is_dated_suffix(folded[i:])
    )


_OPENROUTER_VARIANTS = frozenset(
    ("free", "beta", "thinking", "extended", "exacto", "online", "nitro", "floor")
)
"""OpenRouter's variant suffixes (``deepseek/deepseek-r1:free``): the same model, routed apart."""


_MAKER_PREFIXED: dict[str, dict[str, str]] = {"bedrock": {"moonshot": "moonshotai"}}
"""Providers whose ids carry the maker as a dotted prefix (``anthropic.claude-3-5-haiku-...``),
each with the makers whose prefix is not their catalog id (``moonshotai.kimi-k3``): within them
the maker's own id (what Bedrock's InvokeModel response names) finds the record."""


def _ollama_tag(tag: str) -> bool:
    """Whether ``tag`` (after ``name:``) has the shape of an Ollama tag.

    A size (``7b``, ``70b-instruct-q8_0``, ``1.5b``), ``latest``, ``cloud`` or a quantization
    (``q4_K_M``).
    """
    head = tag.split("-", 1)[0].casefold()
    size = head[:-1].replace(".", "", 1)
    return (
        head in ("latest", "cloud")
        or (head[-1:] in ("b", "m", "t") and size.isdigit())
        or (head[:1] == "q" and head[1:2].isdigit())
    )


def _code_spellings(wanted: str, provider: str | None = None) -> Iterator[tuple[str | None, str]]:
    """Other spellings of a name as code writes it, tried in order when it resolves to nothing.

    Yields ``(provider or None, name)``: None resolves as any name, else within that provider.
    """
    base, colon, variant = wanted.rpartition(":")
    if colon and base and variant in _OPENROUTER_VARIANTS:
        yield provider, base
    if wanted.startswith("models/") and len(wanted) > 7:
        yield provider or "google", wanted[7:]
    name, colon, tag = wanted.partition(":")
    if colon and name and tag and (provider == "ollama" or _ollama_tag(tag)):
        size = tag.split("-", 1)[0]
        if size != tag:
            yield "ollama", f"{name}:{size}"
        yield "ollama", name


def _is_date(suffix: str) -> bool:
    return len(suffix) >= 4 and suffix.replace("-", "").isdigit()


def _today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def _require_str(argument: str, value: object) -> str:
    if not isinstance(value, str):
        msg = f"{argument} must be a str, got {type(value).__name__}"
        raise InvalidArgumentError(msg)
    return value


class ModelCatalog(Mapping[str, Model]):
    r"""All bundled models, keyed by ``provider/id``.

    Files are decoded on first use (thread-safe) and kept; ``get`` of a record's id decodes the
    index, the spans of one provider file and that record only (other names also read the name
    tables of ``names.json``). ``name in catalog`` is true exactly when ``catalog[name]`` returns a
    record; ``catalog[name]`` raises ``UnknownModelError`` or ``AmbiguousModelError``, both
    ``KeyError``\\ s.
    """

    def __init__(self, data_dir: str = DATA_DIR) -> None:
        self._data_dir = _require_str("data_dir", data_dir)
        self._lock = _thread.allocate_lock()
        self._head: Index | None = None
        self._names: dict[str, _Names] = {}
        self._index: Index | None = None
        self._files: dict[str, dict[str, Model]] = {}
        self._source_tables: dict[str, dict[str, Source]] = {}
        self._raw_tables: dict[str, msgspec.Raw] | None = None
        # A provider file with spans: its bytes, and where each record lies, until decoded whole.
        self._bytes: dict[str, memoryview] = {}
        self._spans: dict[str, Spans] = {}
        self._singles: dict[str, dict[str, Model]] = {}
        self._folded: tuple[str, ...] | None = None
        self._makers: tuple[tuple[str, str], ...] | None = None
        self._haystacks: list[tuple[str, Model]] | None = None
        # Names already resolved -> record: a warm lookup is one dict probe.
        self._hits: dict[str, Model] = {}
        self._provider_hits: dict[tuple[str, str], Model] = {}
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

    def _index_head(self) -> Index:
        """``index.json``: the providers (in releases up to 2026.11.25, also the name tables)."""
        head = self._head
        if head is None:
            with self._lock:
                if self._head is None:
                    self._head = self._decode_file("index.json", Index)
                head = self._head
        return head

    def _decode_file(self, filename: str, kind: type[_T]) -> _T:
        try:
            return _decode(kind, self._read(filename))
        except msgspec.DecodeError as exc:
            raise CatalogDataError(os.path.join(self._data_dir, filename), str(exc)) from exc

    def _table(self, name: str) -> _Names:
        """One name table (``ids``, ``aliases``, ``folds``, ``dated``), decoded on first use."""
        table = self._names.get(name)
        if table is None:
            head = self._index_head()
            if head.names is None:  # a release up to 2026.11.25: index.json held them
                table = getattr(head, name)
            else:
                raws = self._raw_tables
                if raws is None:
                    raws = self._raw_tables = self._decode_file(head.names, dict[str, msgspec.Raw])
                try:
                    table = _decode(_Names, raws[name])
                except (KeyError, msgspec.DecodeError) as exc:
                    problem = f"no table {name!r}" if isinstance(exc, KeyError) else str(exc)
                    path = os.path.join(self._data_dir, head.names)
                    raise CatalogDataError(path, f"{name}: {problem}") from exc
            self._names[name] = table
        return table

    @property
    def index(self) -> Index:
        """The decoded ``data/index.json``, with the name tables of ``data/names.json``."""
        index = self._index
        if index is None:
            tables = {name: self._table(name) for name in _TABLES}
            index = self._index = msgspec.structs.replace(self._index_head(), **tables)
        return index

    def _ids(self, provider: str) -> dict[str, Model] | dict[str, _Span]:
        """``provider``'s records by id: decoded ones, or where they lie in its file."""
        models = self._files.get(provider)
        if models is not None:
            return models
        spans = self._spans.get(provider)
        if spans is not None:
            return spans.models
        info = self._provider_info(provider)  # reads the index first: the lock is not reentrant
        with self._lock:
            if provider not in self._files and provider not in self._spans:
                self._load(info)
        models = self._files.get(provider)
        return models if models is not None else self._spans[provider].models

    def _load(self, info: ProviderInfo) -> None:
        """Read a provider's file (holding the lock).

        With its spans file, the file's bytes are kept and nothing is scanned: a record is
        decoded from its span when asked for. A file without (releases up to 2026.11.25) is
        decoded whole.
        """
        provider = info.id
        if info.spans is None:
            document = self._decode_file(info.file, ProviderFile)
            models = {model.id: model for model in document.models}
            self._check_count(info, len(models), info.file)
            self._source_tables[provider] = dict(document.sources)
            self._files[provider] = models
            return
        spans = self._decode_file(info.spans, Spans)
        self._check_count(info, len(spans.models), info.spans)
        self._spans[provider] = spans
        self._bytes[provider] = memoryview(self._read(info.file))

    def _check_count(self, info: ProviderInfo, found: int, filename: str) -> None:
        """Nothing is lost unseen: the index and a provider's file agree on its records."""
        if found != info.models:
            path = os.path.join(self._data_dir, filename)
            msg = f"holds {found} records of {info.id}, index.json counts {info.models}"
            raise CatalogDataError(path, msg)

    def _data_error(self, provider: str, problem: str) -> CatalogDataError:
        info = self._provider_info(provider)
        where = f" (where {info.spans} puts it)" if info.spans is not None else ""
        return CatalogDataError(os.path.join(self._data_dir, info.file), f"{problem}{where}")

    def _decode_record(self, provider: str, model_id: str, span: _Span) -> Model:
        start, end = span
        try:
            model = _decode(Model, self._bytes[provider][start:end])
        except msgspec.DecodeError as exc:
            raise self._data_error(provider, f"record {model_id!r}: {exc}") from exc
        if model.id != model_id:
            raise self._data_error(provider, f"record {model_id!r} holds {model.id!r}")
        return model

    def _record(self, provider: str, model_id: str) -> Model:
        """One record, decoded alone unless its whole file already is (the same object)."""
        found = self._ids(provider).get(model_id)
        if found is None:  # a key from the name tables that the provider's file lacks
            head = self._index_head()
            tables = os.path.join(self._data_dir, head.names or "index.json")
            file = self._provider_info(provider).file
            msg = f"names {provider}/{model_id}, which {file} does not hold"
            raise CatalogDataError(tables, msg)
        if isinstance(found, Model):
            return found
        with self._lock:
            models = self._files.get(provider)
            if models is not None:
                return models[model_id]
            singles = self._singles.setdefault(provider, {})
            model = singles.get(model_id)
            if model is None:
                model = singles[model_id] = self._decode_record(provider, model_id, found)
        return model

    def _provider_models(self, provider: str) -> dict[str, Model]:
        models = self._files.get(provider)
        if models is not None:
            return models
        self._ids(provider)
        self._sources(provider)
        with self._lock:
            models = self._files.get(provider)
            if models is None:
                singles = self._singles.pop(provider, {})
                models = {
                    model_id: singles.get(model_id) or self._decode_record(provider, model_id, span)
                    for model_id, span in self._spans[provider].models.items()
                }
                self._files[provider] = models
            # The decoded records now answer: the file's bytes can go.
            self._spans.pop(provider, None)
            self._bytes.pop(provider, None)
        return models

    def _sources(self, provider: str) -> dict[str, Source]:
        table = self._source_tables.get(provider)
        if table is None:
            self._ids(provider)
            with self._lock:
                table = self._source_tables.get(provider)
                if table is None:
                    try:
                        start, end = self._spans[provider].sources
                        table = _decode(dict[str, Source], self._bytes[provider][start:end])
                    except msgspec.DecodeError as exc:
                        raise self._data_error(provider, f"sources: {exc}") from exc
                    self._source_tables[provider] = table
        return table

    def _provider_info(self, provider: str) -> ProviderInfo:
        providers = self._index_head().providers
        for info in providers:
            if info.id == provider:
                return info
        raise UnknownProviderError(provider, tuple(p.id for p in providers))

    def _canonical_provider(self, name: str) -> str | None:
        lowered = name.strip().casefold()
        for info in self._index_head().providers:
            if info.id == lowered or lowered in info.spellings:
                return info.id
        return None

    # -- resolution ----------------------------------------------------------------------------

    @overload
    def get(self, name: str, *, provider: str | None = None) -> Model: ...
    @overload
    def get(self, name: str, default: _T, *, provider: str | None = None) -> Model | _T: ...

    def get(self, name: str, default: object = _MISSING, *, provider: str | None = None) -> object:
        """Return the model called ``name`` (see the module docstring for the order).

        Without ``default``, an unknown name raises ``UnknownModelError`` (a ``KeyError``) with up
        to five suggestions, and a name several providers offer raises ``AmbiguousModelError``
        (also a ``KeyError``) listing them. With a ``default``, as ``Mapping.get``: any miss
        returns it, and no suggestions are computed. Retired models stay answerable.

        ``provider`` (an id or spelling: ``"together"``, ``"gemini"``) is for code that knows
        its client: only that provider's records answer, as a ``provider/id`` name would; an
        unknown provider raises ``UnknownProviderError`` even with a default.
        """
        if provider is not None:
            return self._get_from(name, default, provider)
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
        wanted = self._wanted(name)
        key = self._resolve(wanted)
        # A name that is exactly another provider's id is no code spelling: the error names it.
        retry = key is None and wanted not in self._table("ids")
        for within, spelling in _code_spellings(wanted) if retry else ():
            key = self._resolve(spelling) if within is None else self._within(within, spelling)
            if key is not None:
                break
        if key is None:
            raise UnknownModelError(str(name), self._suggestions(wanted) if suggest else ())
        model = self._record(*key.split("/", 1))
        if len(self._hits) < _MAX_REMEMBERED:
            self._hits[str(name)] = model
        return model

    def _get_from(self, name: object, default: object, provider: object) -> object:
        canonical = self._canonical_provider(_require_str("provider", provider))
        if canonical is None:
            known = tuple(p.id for p in self._index_head().providers)
            raise UnknownProviderError(str(provider), known)
        hit = self._provider_hits.get((canonical, name)) if type(name) is str else None
        if hit is not None:
            return hit
        if default is not _MISSING and type(name) is str and not name.strip():
            return default
        wanted = self._wanted(name)
        head, sep, rest = wanted.partition("/")
        candidates = [(canonical, wanted)]
        if sep and rest and self._canonical_provider(head) == canonical:
            candidates.append((canonical, rest))
        candidates += [(canonical, s) for _p, s in _code_spellings(wanted, canonical)]
        for within, spelling in candidates:
            key = self._within(within, spelling)
            if key is not None:
                model = self._record(*key.split("/", 1))
                if len(self._provider_hits) < _MAX_REMEMBERED:
                    self._provider_hits[(canonical, str(name))] = model
                return model
        if default is not _MISSING:
            return default
        raise UnknownModelError(str(name), self._suggestions(f"{canonical}/{wanted}"))

    @staticmethod
    def _wanted(name: object) -> str:
        wanted = _require_str("model name", name).strip()
        if not wanted:
            msg = "model name must not be empty"
            raise InvalidArgumentError(msg)
        return wanted

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
        providers = self._table("ids").get(wanted)
        if providers:
            return self._pick(wanted, tuple(f"{p}/{wanted}" for p in providers))
        for keys in (self._table("aliases").get(wanted), self._folded_keys(_fold(wanted))):
            if keys:
                return self._pick(wanted, keys)
        return None

    def _within(self, provider: str, name: str) -> str | None:
        """The key of ``name`` among ``provider``'s records only, or None.

        Each step is one probe of the provider's file or of an index table, never a scan.
        """
        models = self._ids(provider)
        prefix = provider + "/"
        if name in models:
            return prefix + name
        folded = _fold(name)
        for keys in (
            self._table("aliases").get(name, ()),
            (prefix + folded,) if folded in models else (),
            self._table("aliases").get(folded, ()),
            self._table("folds").get(folded, ()),
        ):
            mine = sorted(k for k in keys if k.startswith(prefix))
            if mine:
                return mine[0]
        dated = [
            self._record(provider, key[len(prefix) :])
            for key in self._table("dated").get(folded, ())
            if key.startswith(prefix)
        ]
        if not dated:
            vendors = _MAKER_PREFIXED.get(provider)
            maker = self._maker_of(name) if vendors is not None else None
            if vendors is None or maker is None:
                return None
            for prefix in dict.fromkeys((maker, vendors.get(maker, maker))):
                if not name.casefold().startswith(f"{prefix}."):
                    key = self._within(provider, f"{prefix}.{name}")
                    if key is not None:
                        return key
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
                    (
                        (prefix, info.id)
                        for info in self._index_head().providers
                        for prefix in info.makes
                    ),
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

    def _folded_keys(self, folded: str) -> tuple[str, ...]:
        """The keys of every id and alias whose folded spelling is ``folded``: three probes.

        Records named by an id come first (by id, then provider), then those named by an alias.
        The catalog's names are not folded to answer, only the few keys the tables return: the
        ``folds`` table holds the names whose folded spelling differs from them, and a name that
        is its own folded spelling is found as it is.
        """
        from_ids: list[tuple[str, str]] = [(folded, p) for p in self._table("ids").get(folded, ())]
        from_aliases = list(self._table("aliases").get(folded, ()))
        for key in self._table("folds").get(folded, ()):
            provider, _, model_id = key.partition("/")
            if _fold(model_id) == folded:
                from_ids.append((model_id, provider))
            else:
                from_aliases.append(key)
        ordered = [f"{p}/{model_id}" for model_id, p in sorted(from_ids)]
        return tuple(dict.fromkeys(ordered + from_aliases))

    def _folded_names(self) -> tuple[str, ...]:
        """Every id's and alias's folded spelling, once: what ``suggest`` compares against."""
        names = self._folded
        if names is None:
            every = (*self._table("ids"), *self._table("aliases"))
            names = self._folded = tuple(dict.fromkeys(_fold(name) for name in every))
        return names

    def _suggestions(self, wanted: str) -> tuple[str, ...]:
        # A provider/id that only another provider offers: name those records first.
        rest = wanted.partition("/")[2]
        elsewhere = tuple(f"{p}/{wanted}" for p in self._table("ids").get(wanted, ()))
        elsewhere += tuple(f"{p}/{rest}" for p in self._table("ids").get(rest, ())) if rest else ()
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
        candidates = list(self._folded_names())
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
        if type(name) is str and name in self._hits:
            return True
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
        for info in self._index_head().providers:
            for model_id in self._provider_models(info.id):
                yield f"{info.id}/{model_id}"

    def __len__(self) -> int:
        return sum(info.models for info in self._index_head().providers)

    # -- queries -------------------------------------------------------------------------------

    def providers(self) -> tuple[ProviderInfo, ...]:
        """Every provider in the catalog, with its display name and number of models."""
        return self._index_head().providers

    def all(self, *, include_retired: bool = True) -> Iterator[Model]:
        """Every model record, provider by provider.

        Without ``include_retired``, those not retired today (``lifecycle.status_on()``).
        """
        today = _today()
        for info in self._index_head().providers:
            for model in self._provider_models(info.id).values():
                if include_retired or model.lifecycle.status_on(today) != "retired":
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
        out unless ``include_retired``; ``active_only`` also leaves out deprecated ones; both as
        of today (``lifecycle.status_on()``), as ``get`` answers. With ``provider`` only that
        provider's file is decoded.
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
                known = tuple(p.id for p in self._index_head().providers)
                raise UnknownProviderError(provider, known)
            records: Iterable[Model] = self._provider_models(canonical).values()
        else:
            records = self.all()
        today = _today()
        found = []
        for model in records:
            status = model.lifecycle.status_on(today)
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
        """Models whose id, name or an alias contains ``text``, folded as names are.

        ``active_only`` and ``include_retired`` apply as of today, as in ``find``.
        """
        needle = _fold(_require_str("text", text))
        if not needle:
            msg = "search text must not be empty"
            raise InvalidArgumentError(msg)
        haystacks = self._haystacks
        if haystacks is None:
            # Each record's names folded once per catalog; "\n" never occurs in a folded needle.
            haystacks = [
                ("\n".join(_fold(s) for s in (model.id, model.name or "", *model.aliases)), model)
                for model in self.all()
            ]
            self._haystacks = haystacks
        today = _today()
        hits = []
        for haystack, model in haystacks:
            if needle in haystack:
                status = model.lifecycle.status_on(today)
                if (status == "active" or not active_only) and (
                    status != "retired" or include_retired
                ):
                    hits.append(model)
        hits.sort(key=lambda m: (m.provider, m.id))
        return hits

    def sources(self, provider: str) -> dict[str, Source]:
        """The recorded sources a provider's records cite, by name."""
        canonical = self._canonical_provider(_require_str("provider", provider)) or provider
        return dict(self._sources(canonical))

    def source_of(self, model: Model, field: str) -> Source | None:
        """The recorded source of one field's value (``"pricing.input"``), or None if unknown."""
        if not isinstance(model, Model):
            msg = f"model must be a Model, got {type(model).__name__}"
            raise InvalidArgumentError(msg)
        name = model.provenance.get(_require_str("field", field))
        if name is None:
            return None
        return self._sources(model.provider).get(name)

    def price_response(
        self,
        body: "Body",
        *,
        provider: str | None = None,
        model: str | None = None,
        batch: bool = False,
        at: "When" = None,
    ) -> "CostBreakdown":
        """Bill a raw API response (dict, JSON ``str`` or ``bytes``) at list price.

        The flavour is told by the body's shape, the model is its ``model`` field resolved like
        ``get`` with ``provider`` (``model`` names it for a body that names none, or names one
        the catalog does not know; another model than the body's is an error), the served tier
        its ``service_tier`` (``batch=True`` for a batch job's result, whose body does not say
        so) and ``at`` defaults to its own timestamp (``created``, ``created_at``,
        ``createTime``). ``bill.usage`` is what ``usage_from`` reads. An unknown shape, or counts
        that contradict each other, raise ``ResponseShapeError``.
        """
        from ._responses import price_response  # kept off the import path

        return price_response(self, body, provider=provider, model=model, batch=batch, at=at)

    def usage_from(self, body: "Body", *, provider: str | None = None) -> "Usage":
        """The usage a raw API response reports, in ``Model.cost``'s terms (see the README).

        Counts that contradict each other (a part above its total) raise ``ResponseShapeError``.
        """
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
