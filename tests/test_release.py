from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import msgspec
import pytest

from model_catalog._types import ProviderFile
from scripts import changes, datafiles, release
from scripts.release import next_version

from .conftest import DATA, ROOT
from .conftest import make_model as model


@pytest.mark.parametrize(
    ("today", "tags", "expected"),
    [
        ("2026-11-25", [], "2026.11.25"),
        ("2026-11-25", ["v2026.11.24"], "2026.11.25"),
        ("2026-11-25", ["v2026.11.25"], "2026.11.25.1"),
        ("2026-11-25", ["v2026.11.25", "v2026.11.25.1", "junk"], "2026.11.25.2"),
        ("2026-11-25", ["v2026.12.1"], "2026.12.1.1"),
        ("2027-01-05", ["v2026.12.31.4"], "2027.1.5"),
    ],
)
def test_next_version(today: str, tags: list[str], expected: str) -> None:
    assert next_version(dt.date.fromisoformat(today), tags) == expected


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "src" / "model_catalog").mkdir(parents=True)
    shutil.copytree(DATA, root / "src" / "model_catalog" / "data")
    (root / "src" / "model_catalog" / "__init__.py").write_text('__version__ = "0"\n')
    (root / "CHANGELOG.md").write_text((ROOT / "CHANGELOG.md").read_text())
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.invalid")
    git(root, "config", "user.name", "test")
    git(root, "add", "CHANGELOG.md", "src/model_catalog/__init__.py")
    git(root, "commit", "-qm", "skeleton without data")
    return root


def run_release(repo: Path, tmp_path: Path, today: str) -> tuple[int, dict[str, str], list[str]]:
    output = tmp_path / f"output-{today}"
    output.write_text("")
    lines: list[str] = []
    args = release._parser().parse_args(
        [
            "--repo",
            str(repo),
            "--today",
            today,
            "--commit",
            "--notes",
            str(tmp_path / "notes.md"),
            "--github-output",
            str(output),
        ]
    )
    code = release.release(args, lines.append)
    values = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return code, values, lines


def test_end_to_end_release_cycle(repo: Path, tmp_path: Path) -> None:
    # First run: all data is new -> commit, tag, notes, changelog, outputs.
    code, out, _ = run_release(repo, tmp_path, "2026-11-25")
    assert code == 0
    assert out == {"changed": "true", "version": "2026.11.25", "title": out["title"]}
    assert git(repo, "tag", "--list").split() == ["v2026.11.25"]
    assert '__version__ = "2026.11.25"' in (repo / "src/model_catalog/__init__.py").read_text()
    notes = (tmp_path / "notes.md").read_text()
    assert notes.startswith("Catalog update: ")
    assert "- and " in notes  # capped sections
    changelog = (repo / "CHANGELOG.md").read_text()
    assert changelog.index("## 2026.11.25\n\nCatalog update") < changelog.index("First release")
    assert git(repo, "status", "--porcelain") == ""

    # Second run, nothing changed: a no-op.
    code, out, lines = run_release(repo, tmp_path, "2026-11-25")
    assert code == 0
    assert out == {"changed": "false"}
    assert "nothing to release" in lines[0]
    assert git(repo, "tag", "--list").split() == ["v2026.11.25"]

    # One price changes: the notes say exactly that, and the version gets a same-day serial.
    path = repo / "src/model_catalog/data/xai.json"
    document = msgspec.json.decode(path.read_bytes(), type=ProviderFile)
    models = list(document.models)
    index = next(i for i, m in enumerate(models) if m.id == "grok-4-0709")
    before = models[index].pricing.input
    pricing = msgspec.structs.replace(models[index].pricing, input=4.0)
    models[index] = msgspec.structs.replace(models[index], pricing=pricing)
    path.write_bytes(datafiles.encode(msgspec.structs.replace(document, models=tuple(models))))
    code, out, _ = run_release(repo, tmp_path, "2026-11-25")
    assert out["version"] == "2026.11.25.1"
    notes = (tmp_path / "notes.md").read_text()
    assert notes == (
        "Catalog update: 0 added, 0 retired, 1 repriced.\n\n"
        "### Repriced (USD per 1M tokens) (1)\n\n"
        f"- `xai/grok-4-0709` input: ${before:g} -> $4\n"
    )
    assert git(repo, "log", "-1", "--format=%s") == (
        "Catalog 2026.11.25.1: 0 added, 0 retired, 1 repriced\n"
    )


def test_missing_version_line(repo: Path, tmp_path: Path) -> None:
    (repo / "src/model_catalog/__init__.py").write_text("nothing here\n")
    code, _, lines = run_release(repo, tmp_path, "2026-11-25")
    assert code == 1
    assert "no __version__ line" in lines[-1]


def test_diff_sections() -> None:
    old = {
        "p/a": model(id="a"),
        "p/b": model(id="b", context_window=10),
        "p/c": model(id="c", capabilities={"tools": False}),
        "p/d": model(id="d", name="x"),
        "p/gone": model(id="gone"),
    }
    new = {
        "p/a": model(id="a", lifecycle={"status": "retired", "last_seen": "2026-01-01"}),
        "p/b": model(id="b", context_window=20),
        "p/c": model(id="c", capabilities={"tools": True}),
        "p/d": model(id="d", name="y"),
        "p/new": model(id="new", name="New"),
    }
    found = changes.diff(old, new)
    text = changes.render(found, limit=1)
    assert "### Added (1)\n\n- `p/new` (New)" in text
    assert "- `p/a` (last seen 2026-01-01)" in text
    assert "- `p/b` context_window: 10 -> 20" in text
    assert "- `p/c` tools: False -> True" in text
    assert "### Removed from the data files (1)" in text
    assert "### Other fields changed" in text
    assert changes.render(changes.diff({}, {})) == "No catalog changes.\n"


def test_script_help() -> None:
    result = subprocess.run(
        ["python", str(ROOT / "scripts" / "release.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "CalVer" in result.stdout
