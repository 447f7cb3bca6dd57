r"""Cut a release when, and only when, the catalog data changed since the last release.

Compares the data files in the work tree with those at the last release tag (the highest
``v*`` tag; ``--base REF`` to compare with another ref), so a change committed by hand is released
too. No change: says so, writes ``changed=false`` to ``$GITHUB_OUTPUT`` and exits 0. A change:
picks the next CalVer version (``YYYY.M.D``, then ``.1``, ``.2`` the same day) above every ``v*``
tag **and** every version on PyPI, sets ``__version__``, prepends the notes to CHANGELOG.md, writes
them to ``--notes`` for the GitHub release, and with ``--commit`` commits and tags ``v<version>``.

``--unpublished`` reconciles instead: it prints, one per line, every ``v*`` tag whose version is
missing from PyPI or from the GitHub releases (``--github-releases FILE``, one tag per line), so
the nightly can publish it again before anything else.

PyPI's versions come from ``--pypi-json FILE`` (a saved ``/pypi/<name>/json`` response) or from
``https://pypi.org/pypi/model-catalog/json`` (a 404 means nothing published yet).

Usage:
  python scripts/release.py --notes /tmp/notes.md --commit
  python scripts/release.py --today 2026-11-25 --repo /path/to/checkout   # dry run elsewhere
  python scripts/release.py --unpublished --github-releases releases.txt
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``scripts`` importable as a package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    __package__ = "scripts"

import requests
from packaging.version import InvalidVersion, Version

from model_catalog import Model, ModelCatalog
from model_catalog import _changes as changes

from . import datafiles, guards
from .datafiles import write_atomic
from .providers import PROVIDERS

__all__ = ["main", "next_version"]

DATA = Path("src/model_catalog/data")
VERSION_FILE = Path("src/model_catalog/__init__.py")
CHANGELOG = Path("CHANGELOG.md")
SCHEMA = Path("schema.json")
_VERSION_LINE = re.compile(r'^__version__ = "[^"]*"$', re.MULTILINE)


def next_version(today: dt.date, existing: Iterable[str]) -> str:
    """The CalVer version for a release on ``today``, above every version in ``existing``."""
    versions = []
    for tag in existing:
        try:
            versions.append(Version(tag.removeprefix("v")))
        except InvalidVersion:
            continue
    highest = max(versions, default=None)
    base = f"{today.year}.{today.month}.{today.day}"
    if highest is not None and Version(base) < Version(".".join(map(str, highest.release[:3]))):
        base = ".".join(map(str, highest.release[:3]))  # a tag from the future: stay above it
    candidate, serial = base, 0
    while highest is not None and Version(candidate) <= highest:
        serial += 1
        candidate = f"{base}.{serial}"
    return candidate


def _git_bytes(repo: Path, *args: str) -> bytes:
    result = subprocess.run(  # noqa: S603 - fixed git subcommands, no shell
        ["git", *args],  # noqa: S607 - git from PATH, as in CI
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        msg = f"git {' '.join(args)} failed: {result.stderr.decode(errors='replace').strip()}"
        raise RuntimeError(msg)
    return result.stdout


def _git(repo: Path, *args: str) -> str:
    return _git_bytes(repo, *args).decode()


def _records(directory: Path) -> dict[str, Model]:
    if not (directory / "index.json").exists():
        return {}
    return {model.key: model for model in ModelCatalog(str(directory)).all()}


def _records_at(repo: Path, ref: str) -> dict[str, Model]:
    try:
        names = _git(repo, "ls-tree", "--name-only", f"{ref}:{DATA.as_posix()}").split()
    except RuntimeError:
        return {}  # no such ref or no data there yet: everything is new
    with tempfile.TemporaryDirectory() as temp:
        for name in names:
            blob = _git_bytes(repo, "show", f"{ref}:{DATA.as_posix()}/{name}")
            (Path(temp) / name).write_bytes(blob)
        return _records(Path(temp))


def _write_output(path: str | None, values: dict[str, str]) -> None:
    if not path:
        return
    with Path(path).open("a", encoding="utf-8") as out:
        for key, value in values.items():
            out.write(f"{key}={value}\n")


def _summary(found: changes.CatalogChanges) -> str:
    repriced = len({key for key, *_ in found.repriced})
    return f"{len(found.added)} added, {len(found.retired)} retired, {repriced} repriced"


PYPI_URL = "https://pypi.org/pypi/model-catalog/json"


def published_versions(document: object) -> set[str]:
    """The versions a PyPI JSON response lists with at least one file."""
    releases = document.get("releases") if isinstance(document, dict) else None
    if not isinstance(releases, dict):
        msg = "not a PyPI project JSON response: no 'releases' object"
        raise TypeError(msg)
    return {version for version, files in releases.items() if files}


PYPI_URL_ENV = "MODEL_CATALOG_PYPI_URL"
"""Another index's ``/pypi/<name>/json`` URL (the rehearsal's loopback index)."""


class ReleaseError(Exception):
    """The release cannot go ahead; the message says why (no traceback)."""


def _pypi_versions(path: Path | None) -> set[str]:
    if path is not None:
        return published_versions(json.loads(path.read_text("utf-8")))
    url = os.environ.get(PYPI_URL_ENV, "").strip() or PYPI_URL
    try:
        reply = requests.get(url, timeout=30)
        if reply.status_code == 404:
            return set()
        reply.raise_for_status()
        return published_versions(reply.json())
    except (requests.RequestException, ValueError, TypeError) as exc:
        msg = f"cannot list the versions on the package index ({url}): {exc}"
        raise ReleaseError(msg) from None


def _tags(repo: Path) -> list[str]:
    return _git(repo, "tag", "--list", "v*").split()


def last_release_tag(tags: Iterable[str]) -> str | None:
    """The tag of the highest released version, or None before the first release."""
    versions = []
    for tag in tags:
        try:
            versions.append((Version(tag.removeprefix("v")), tag))
        except InvalidVersion:
            continue
    return max(versions)[1] if versions else None


def unpublished(tags: Iterable[str], on_pypi: set[str], on_github: set[str]) -> list[str]:
    """Release tags missing from PyPI or from GitHub releases, oldest first."""
    missing = []
    for tag in tags:
        try:
            version = Version(tag.removeprefix("v"))
        except InvalidVersion:
            continue
        on_index = any(Version(v) == version for v in on_pypi if _valid(v))
        if not on_index or tag not in on_github:
            missing.append((version, tag))
    return [tag for _, tag in sorted(missing)]


def _valid(version: str) -> bool:
    try:
        Version(version)
    except InvalidVersion:
        return False
    return True


OWN_PATHS = (DATA.as_posix(), VERSION_FILE.as_posix(), CHANGELOG.as_posix())
EVIDENCE_PATHS = ("evidence", "reports", "README.md")
"""Committed with a release when present: the store, the reports, the README's coverage table."""


def _refuse_dirty_index(repo: Path) -> None:
    """Refuse to commit when something other than the release's own paths is staged."""
    staged = _git(repo, "diff", "--cached", "--name-only", "--no-renames").split("\n")
    own = (*OWN_PATHS, *EVIDENCE_PATHS)
    foreign = [
        name
        for name in staged
        if name and not any(name == p or name.startswith(p + "/") for p in own)
    ]
    if foreign:
        msg = (
            f"the index holds staged changes that are not the catalog's: {', '.join(foreign)}; "
            "unstage them (git restore --staged PATH) so the release commits only the catalog"
        )
        raise ReleaseError(msg)


def invalid_data(directory: Path, schema_path: Path) -> list[str]:
    """Every problem of the data files against ``schema.json`` and the guards' checks."""
    schema = guards.validator(json.loads(schema_path.read_text("utf-8")))
    problems: list[str] = []
    try:
        index = datafiles.read_index(directory)
        for info in index.providers:
            document = json.loads((directory / info.file).read_text("utf-8"))
            problems += guards.validate(info.id, document, schema)
        stale = datafiles.stale_files(directory, PROVIDERS)
    except (OSError, ValueError) as exc:  # DataFileError and json's errors are ValueErrors
        return [str(exc)]
    problems += [
        f"{name}: not what the writers make of the provider files (edited by hand?); "
        "rewrite it with python scripts/refresh.py --reindex"
        for name in stale
    ]
    return problems


def release(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    """Compare, version, write notes; commit and tag when asked. Returns the exit status."""
    try:
        return _release(args, out)
    except ReleaseError as exc:
        out(f"release.py: {exc}")
        return 1


def _release(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    repo: Path = args.repo.resolve()
    tags = _tags(repo)
    if args.unpublished:
        on_pypi = _pypi_versions(args.pypi_json)
        on_github = set()
        if args.github_releases is not None:
            on_github = set(args.github_releases.read_text("utf-8").split())
        for tag in unpublished(tags, on_pypi, on_github):
            out(tag)
        return 0
    # The schema first: the runtime's own decoder refuses invalid data with less to say.
    problems = invalid_data(repo / DATA, repo / SCHEMA)
    if problems:
        shown = "\n  ".join(problems[:20])
        msg = f"the data is not valid ({len(problems)} problems); nothing released:\n  {shown}"
        raise ReleaseError(msg)
    base = args.base or last_release_tag(tags)
    old = _records_at(repo, base) if base else {}
    new = _records(repo / DATA)
    found = changes.diff(old, new)
    if found.empty:
        out(f"catalog unchanged since {base}: nothing to release")
        _write_output(args.github_output, {"changed": "false"})
        return 0
    if args.commit:
        _refuse_dirty_index(repo)
    version_file = repo / VERSION_FILE
    source = version_file.read_text("utf-8")
    if not _VERSION_LINE.search(source):
        msg = f"{version_file}: no __version__ line to update"
        raise ReleaseError(msg)
    on_pypi = _pypi_versions(args.pypi_json)  # only now: there is something to release
    today = dt.date.fromisoformat(args.today) if args.today else dt.datetime.now(dt.UTC).date()
    version = next_version(today, [*tags, *on_pypi])
    if f"v{version}" in tags:  # pragma: no cover - next_version is above every tag
        msg = f"tag v{version} exists already"
        raise ReleaseError(msg)
    notes = changes.render(found, limit=args.limit)
    updated = _VERSION_LINE.sub(f'__version__ = "{version}"', source, count=1)
    write_atomic(version_file, updated.encode())
    changelog = repo / CHANGELOG
    text = changelog.read_text("utf-8") if changelog.exists() else "# Changelog\n"
    head, marker, rest = text.partition("\n## ")
    entry = f"\n## {version}\n\n{notes}"
    text = head.rstrip("\n") + "\n" + entry + (f"\n## {rest}" if marker else "")
    write_atomic(changelog, text.encode())
    if args.notes is not None:
        write_atomic(args.notes, notes.encode())
    title = f"Catalog {version}: {_summary(found)}"
    out(title)
    if args.commit:
        _git(repo, "add", "--", *OWN_PATHS)
        for extra in EVIDENCE_PATHS:
            if (repo / extra).exists():
                _git(repo, "add", "--", extra)
        _git(repo, "commit", "--quiet", "-m", title, "-m", notes)
        _git(repo, "tag", "-a", f"v{version}", "-m", title)
        out(f"committed and tagged v{version}")
    _write_output(
        args.github_output,
        {"changed": "true", "version": version, "title": title},
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(
        prog="release.py",
        description=doc.split("\n\n")[0],
        epilog=doc.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--repo", type=Path, default=Path(), help="checkout to release from")
    parser.add_argument(
        "--base", help="git ref holding the last release's data (default: the last v* tag)"
    )
    parser.add_argument("--pypi-json", type=Path, help="a saved PyPI JSON response to use")
    parser.add_argument(
        "--unpublished", action="store_true", help="list release tags not yet published, and exit"
    )
    parser.add_argument(
        "--github-releases", type=Path, help="file of the GitHub releases' tags, one per line"
    )
    parser.add_argument("--today", help="release date YYYY-MM-DD (default: today in UTC)")
    parser.add_argument("--notes", type=Path, help="also write the release notes to this file")
    parser.add_argument("--limit", type=int, default=25, help="lines per notes section")
    parser.add_argument("--commit", action="store_true", help="commit and tag the release")
    parser.add_argument(
        "--github-output",
        default=os.environ.get("GITHUB_OUTPUT"),
        help="file to append changed=/version= to (default: $GITHUB_OUTPUT)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    return release(_parser().parse_args(argv), print)


if __name__ == "__main__":
    raise SystemExit(main())
