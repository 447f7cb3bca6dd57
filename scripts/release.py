r"""Cut a release when, and only when, the catalog data changed.

Compares the data files in the work tree with those at a git ref (default HEAD). No change: says
so, writes ``changed=false`` to ``$GITHUB_OUTPUT`` and exits 0. A change: picks the next CalVer
version (``YYYY.M.D``, then ``.1``, ``.2`` for later releases the same day, always above every
existing ``v*`` tag), sets ``__version__``, prepends the notes to CHANGELOG.md, writes them to
``--notes`` for the GitHub release, and with ``--commit`` commits and tags ``v<version>``.

Usage:
  python scripts/release.py --notes /tmp/notes.md --commit
  python scripts/release.py --today 2026-11-25 --repo /path/to/checkout   # dry run elsewhere
"""

from __future__ import annotations

import argparse
import datetime as dt
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

from packaging.version import InvalidVersion, Version

from model_catalog import Model, ModelCatalog

from . import changes
from .datafiles import write_atomic

__all__ = ["main", "next_version"]

DATA = Path("src/model_catalog/data")
VERSION_FILE = Path("src/model_catalog/__init__.py")
CHANGELOG = Path("CHANGELOG.md")
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


def release(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    """Compare, version, write notes; commit and tag when asked. Returns the exit status."""
    repo: Path = args.repo.resolve()
    old = _records_at(repo, args.base)
    new = _records(repo / DATA)
    found = changes.diff(old, new)
    if found.empty:
        out(f"catalog unchanged since {args.base}: nothing to release")
        _write_output(args.github_output, {"changed": "false"})
        return 0
    tags = _git(repo, "tag", "--list", "v*").split()
    today = dt.date.fromisoformat(args.today) if args.today else dt.datetime.now(dt.UTC).date()
    version = next_version(today, tags)
    notes = changes.render(found, limit=args.limit)
    version_file = repo / VERSION_FILE
    source = version_file.read_text("utf-8")
    if not _VERSION_LINE.search(source):
        out(f"{version_file}: no __version__ line to update")
        return 1
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
        _git(repo, "add", "--", DATA.as_posix(), VERSION_FILE.as_posix(), CHANGELOG.as_posix())
        for extra in ("evidence", "reports", "README.md"):  # the store, reports, coverage table
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
    parser.add_argument("--base", default="HEAD", help="git ref holding the last release's data")
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
