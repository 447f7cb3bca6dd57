from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from model_catalog import ModelCatalog
from scripts import changes, refresh, release
from scripts.release import next_version

from .conftest import ROOT, Rebuild, ReplayFactory, recorded_entry
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
    (root / "src" / "model_catalog" / "__init__.py").write_text('__version__ = "0"\n')
    (root / "CHANGELOG.md").write_text((ROOT / "CHANGELOG.md").read_text())
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.invalid")
    git(root, "config", "user.name", "test")
    git(root, "add", "CHANGELOG.md", "src/model_catalog/__init__.py")
    git(root, "commit", "-qm", "skeleton without data")
    return root


def refresh_into(repo: Path, replay: Path) -> None:
    """The nightly's refresh step into the throwaway repository, answered by ``replay``."""
    args = refresh._parser().parse_args(
        [
            "--replay",
            str(replay),
            "--out",
            str(repo / "src/model_catalog/data"),
            "--evidence",
            str(repo / "evidence"),
            "--reports",
            str(repo / "reports"),
        ]
    )
    assert refresh.run(args, lambda _line: None) == 0


def first_night(repo: Path, rebuilt: Rebuild) -> None:
    """The first refresh: the session's rebuild from the recordings, copied in."""
    shutil.copytree(rebuilt.outputs.data, repo / "src/model_catalog/data")
    shutil.copytree(rebuilt.outputs.evidence, repo / "evidence")
    shutil.copytree(rebuilt.outputs.reports, repo / "reports")


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


def test_end_to_end_release_cycle(
    repo: Path, tmp_path: Path, rebuilt: Rebuild, replay_dir: ReplayFactory
) -> None:
    # First night: the catalog rebuilt from the recorded responses, released as all new.
    first_night(repo, rebuilt)
    code, out, _ = run_release(repo, tmp_path, "2026-11-25")
    assert code == 0
    assert out == {"changed": "true", "version": "2026.11.25", "title": out["title"]}
    assert git(repo, "tag", "--list").split() == ["v2026.11.25"]
    assert '__version__ = "2026.11.25"' in (repo / "src/model_catalog/__init__.py").read_text()
    notes = (tmp_path / "notes.md").read_text()
    records = len(ModelCatalog(str(repo / "src/model_catalog/data")))
    assert notes.startswith(f"Catalog update: {records} added, ")
    assert f"- and {records - 25} more" in notes  # capped sections
    changelog = (repo / "CHANGELOG.md").read_text()
    assert changelog.index("## 2026.11.25\n\nCatalog update") < changelog.index("First release")
    assert git(repo, "status", "--porcelain") == ""

    # Second night, no new answer (every source failed or answered as before): refresh
    # changes no byte, release does nothing.
    refresh_into(repo, replay_dir({}))
    assert git(repo, "status", "--porcelain") == ""
    code, out, lines = run_release(repo, tmp_path, "2026-11-25")
    assert code == 0
    assert out == {"changed": "false"}
    assert "nothing to release" in lines[0]
    assert git(repo, "tag", "--list").split() == ["v2026.11.25"]
    assert git(repo, "status", "--porcelain") == ""

    # Third night: LiteLLM's map answers one different price the same day. The notes say
    # exactly that.
    url = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"
    entry = recorded_entry(url)
    document = json.loads(Path(str(entry["path"])).read_bytes())
    assert document["xai/grok-4.3"]["input_cost_per_token"] == 1.25e-06
    document["xai/grok-4.3"]["input_cost_per_token"] = 1.5e-06
    replay = replay_dir({url: {**entry, "body": json.dumps(document).encode()}})
    refresh_into(repo, replay)
    code, out, _ = run_release(repo, tmp_path, "2026-11-25")
    assert out["version"] == "2026.11.25.1"
    assert (tmp_path / "notes.md").read_text() == (
        "Catalog update: 0 added, 0 retired, 1 repriced.\n\n"
        "### Repriced (USD per 1M tokens) (1)\n\n"
        "- `xai/grok-4.3` input: $1.25 → $1.5\n"
    )
    assert git(repo, "log", "-1", "--format=%s") == (
        "Catalog 2026.11.25.1: 0 added, 0 retired, 1 repriced\n"
    )
    changelog = (repo / "CHANGELOG.md").read_text()
    assert changelog.index("## 2026.11.25.1") < changelog.index("## 2026.11.25\n")


def test_missing_version_line(repo: Path, tmp_path: Path, rebuilt: Rebuild) -> None:
    first_night(repo, rebuilt)
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
    assert "- `p/b` context_window: 10 → 20" in text
    assert "- `p/c` tools: False → True" in text
    assert "### Removed from the data files (1)" in text
    assert "### Other fields changed" in text
    assert changes.render(changes.diff({}, {})) == "No catalog changes.\n"


def test_seeing_a_model_again_is_not_a_change() -> None:
    before = {"p/m": model(lifecycle={"first_seen": "2026-01-01", "last_seen": "2026-11-24"})}
    after = {"p/m": model(lifecycle={"first_seen": "2026-01-01", "last_seen": "2026-11-25"})}
    assert changes.diff(before, after).empty


def test_script_help() -> None:
    result = subprocess.run(
        ["python", str(ROOT / "scripts" / "release.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "CalVer" in result.stdout
