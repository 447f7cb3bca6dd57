from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from model_catalog import ModelCatalog
from model_catalog import _changes as changes
from scripts import datafiles, refresh, release
from scripts.providers import PROVIDERS
from scripts.release import next_version
from scripts.sources import openrouter

from .conftest import (
    EXTRA,
    ROOT,
    Checkout,
    Rebuild,
    ReplayFactory,
    recorded_body,
    recorded_entry,
    run_refresh,
)
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
    (root / "schema.json").write_text((ROOT / "schema.json").read_text())
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.invalid")
    git(root, "config", "user.name", "test")
    git(root, "add", "CHANGELOG.md", "schema.json", "src/model_catalog/__init__.py")
    git(root, "commit", "-qm", "skeleton without data")
    return root


def refresh_into(repo: Path, replay: Path) -> None:
    """The nightly's refresh step into the throwaway repository, answered by ``replay``."""
    checkout = Checkout(repo / "src/model_catalog/data", repo / "evidence", repo / "reports")
    code, lines = run_refresh(checkout, replay=replay)
    assert code == 0, lines


def first_night(repo: Path, small: Rebuild) -> None:
    """The first refresh: the session's small catalog from the recordings, copied in."""
    shutil.copytree(small.outputs.data, repo / "src/model_catalog/data")
    shutil.copytree(small.outputs.evidence, repo / "evidence")
    shutil.copytree(small.outputs.reports, repo / "reports")


PYPI_CERTIFI = EXTRA / "pypi_certifi_json_2026-11-30.json"


def pypi_json(tmp_path: Path, *, keep_releases: bool) -> Path:
    """A real PyPI JSON response (certifi's, CalVer like ours), or the same with no release."""
    document = json.loads(PYPI_CERTIFI.read_text())
    if not keep_releases:
        document["releases"] = {}
    path = tmp_path / f"pypi-{keep_releases}.json"
    path.write_text(json.dumps(document))
    return path


def run_release(
    repo: Path, tmp_path: Path, today: str, *extra: str
) -> tuple[int, dict[str, str], list[str]]:
    output = tmp_path / f"output-{today}"
    output.write_text("")
    if "--pypi-json" not in extra:
        extra = (*extra, "--pypi-json", str(pypi_json(tmp_path, keep_releases=False)))
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
            *extra,
        ]
    )
    code = release.release(args, lines.append)
    values = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return code, values, lines


def test_end_to_end_release_cycle(
    repo: Path, tmp_path: Path, small: Rebuild, replay_dir: ReplayFactory
) -> None:
    # First night: the catalog rebuilt from the recorded responses, released as all new.
    first_night(repo, small)
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

    # Third night: OpenRouter's list answers one different price the same day. The notes say
    # exactly that.
    entry = recorded_entry(openrouter.SOURCE.url)
    document = json.loads(recorded_body(entry))
    model = next(m for m in document["data"] if m["id"] == "openai/gpt-4o")
    assert model["pricing"]["prompt"] == "0.0000025"
    model["pricing"]["prompt"] = "0.000003"
    replay = replay_dir({openrouter.SOURCE.url: {**entry, "body": json.dumps(document).encode()}})
    refresh_into(repo, replay)
    code, out, _ = run_release(repo, tmp_path, "2026-11-25")
    assert out["version"] == "2026.11.25.1"
    assert (tmp_path / "notes.md").read_text() == (
        "Catalog update: 0 added, 0 retired, 0 offered again, 0 deprecated, 1 repriced.\n\n"
        "### Repriced (USD per 1M tokens) (1)\n\n"
        "- `openrouter/openai/gpt-4o` input: $2.5 → $3\n"
    )
    assert git(repo, "log", "-1", "--format=%s") == (
        "Catalog 2026.11.25.1: 0 added, 0 retired, 1 repriced\n"
    )
    changelog = (repo / "CHANGELOG.md").read_text()
    assert changelog.index("## 2026.11.25.1") < changelog.index("## 2026.11.25\n")


def test_missing_version_line(repo: Path, tmp_path: Path, small: Rebuild) -> None:
    first_night(repo, small)
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
    assert "- `p/a` retired (last seen 2026-01-01)" in text
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
        [sys.executable, str(ROOT / "scripts" / "release.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "CalVer" in result.stdout


def test_a_data_change_committed_by_hand_is_released(
    repo: Path, tmp_path: Path, small: Rebuild
) -> None:
    first_night(repo, small)
    assert run_release(repo, tmp_path, "2026-11-25")[0] == 0
    # Someone edits a data file and commits it without releasing.
    path = repo / "src/model_catalog/data/openrouter.json"
    text = path.read_text()
    assert '"input": 2.5,' in text
    path.write_text(text.replace('"input": 2.5,', '"input": 2.75,', 1))
    git(repo, "commit", "-qam", "hand edit")
    # The records after the edited one moved: their spans no longer hold them.
    code, _, err = run_release(repo, tmp_path, "2026-11-26")
    assert code == 1
    assert any(
        "openrouter.spans.json: not what the writers make of the provider files" in line
        and "python scripts/refresh.py --reindex" in line
        for line in err
    ), err
    assert refresh.main(["--reindex", "--out", str(path.parent)]) == 0
    git(repo, "commit", "-qam", "reindex")
    code, out, _ = run_release(repo, tmp_path, "2026-11-26")
    assert code == 0
    assert out["changed"] == "true"  # compared with v2026.11.25, not with HEAD
    assert out["version"] == "2026.11.26"


def test_the_version_stays_above_pypi(repo: Path, tmp_path: Path, small: Rebuild) -> None:
    # certifi's real PyPI answer holds 2026.10.19.post1: a release that day goes above it.
    first_night(repo, small)
    pypi = pypi_json(tmp_path, keep_releases=True)
    code, out, _ = run_release(repo, tmp_path, "2026-10-19", "--pypi-json", str(pypi))
    assert code == 0
    assert out["version"] == "2026.10.19.1"
    assert Version(out["version"]) > Version("2026.10.19.post1")


def test_tags_not_on_pypi_or_github_are_listed_for_publishing(
    repo: Path, tmp_path: Path, small: Rebuild
) -> None:
    first_night(repo, small)
    git(repo, "tag", "v2025.1.31")  # on certifi's PyPI list
    git(repo, "tag", "v2026.11.25")  # pushed, but publishing failed
    github = tmp_path / "releases.txt"
    github.write_text("v2025.1.31\n")
    lines: list[str] = []
    args = release._parser().parse_args(
        [
            "--repo",
            str(repo),
            "--unpublished",
            "--github-releases",
            str(github),
            "--pypi-json",
            str(pypi_json(tmp_path, keep_releases=True)),
        ]
    )
    assert release.release(args, lines.append) == 0
    assert lines == ["v2026.11.25"]


def test_last_release_tag_and_published_versions() -> None:
    assert release.last_release_tag(["v2026.11.2", "v2026.11.10", "junk"]) == "v2026.11.10"
    assert release.last_release_tag([]) is None
    versions = release.published_versions(json.loads(PYPI_CERTIFI.read_text()))
    assert "2026.10.19.post1" in versions
    with pytest.raises(TypeError, match="not a PyPI project JSON"):
        release.published_versions({"info": {}})


def test_notes_have_a_lifecycle_section_and_consistent_counts() -> None:
    old = {
        "p/a": model(id="a"),
        "p/b": model(id="b", lifecycle={"status": "retired"}),
        "p/c": model(id="c", pricing={"input": 1.0, "output": 2.0}),
    }
    new = {
        "p/a": model(id="a", lifecycle={"status": "deprecated", "retirement_date": "2027-01-01"}),
        "p/b": model(id="b"),
        "p/c": model(id="c", pricing={"input": 2.0, "output": 4.0}),
    }
    text = changes.render(changes.diff(old, new))
    assert text.startswith(
        "Catalog update: 0 added, 0 retired, 1 offered again, 1 deprecated, 1 repriced."
    )
    assert "### Lifecycle (retired, offered again, deprecated) (2)" in text
    assert "- `p/a` deprecated (retires on 2027-01-01)" in text
    assert "- `p/b` is offered again" in text
    assert "### Repriced (USD per 1M tokens) (1)" in text
    assert "- `p/c` input: $1 → $2; output: $2 → $4" in text


def strict_schema(node: Any) -> Any:
    """schema.json tightened in code: no unknown field in any object, no negative number.

    Whatever the generated schema says today, the release must refuse data this rejects.
    """
    if isinstance(node, dict):
        tightened = {key: strict_schema(value) for key, value in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            tightened["additionalProperties"] = False
        if node.get("type") == "number" or "number" in (node.get("type") or []):
            tightened.setdefault("minimum", 0)
        return tightened
    if isinstance(node, list):
        return [strict_schema(value) for value in node]
    return node


def released_state(repo: Path) -> tuple[str, str, str]:
    return (
        (repo / "src/model_catalog/__init__.py").read_text(),
        (repo / "CHANGELOG.md").read_text(),
        git(repo, "tag", "--list"),
    )


def test_a_staged_unrelated_file_is_refused(repo: Path, tmp_path: Path, small: Rebuild) -> None:
    first_night(repo, small)
    (repo / "notes.txt").write_text("a file someone staged by hand\n")
    git(repo, "add", "notes.txt")
    before = released_state(repo)
    code, out, lines = run_release(repo, tmp_path, "2026-11-25")
    assert code == 1
    assert out == {}
    assert "notes.txt" in lines[-1]
    assert "staged" in lines[-1]
    assert released_state(repo) == before
    assert git(repo, "log", "--format=%s") == "skeleton without data\n"


@pytest.mark.parametrize("fault", ["negative price", "unknown field"])
def test_invalid_data_is_not_released(
    repo: Path, tmp_path: Path, small: Rebuild, fault: str
) -> None:
    first_night(repo, small)
    schema = strict_schema(json.loads((ROOT / "schema.json").read_text()))
    (repo / "schema.json").write_text(json.dumps(schema))
    assert release.invalid_data(repo / "src/model_catalog/data", repo / "schema.json") == []
    # Derived from the real data: the first priced record of OpenRouter's file.
    path = repo / "src/model_catalog/data/openrouter.json"
    document = json.loads(path.read_text())
    model = next(m for m in document["models"] if m.get("pricing", {}).get("input"))
    if fault == "negative price":
        model["pricing"]["input"] = -model["pricing"]["input"]
    else:
        model["colour"] = "blue"  # a field the schema does not know
    path.write_text(json.dumps(document))
    before = released_state(repo)
    code, out, lines = run_release(repo, tmp_path, "2026-11-25")
    assert code == 1
    assert out == {}
    assert "not valid" in lines[-1]
    assert ("input" if fault == "negative price" else "colour") in lines[-1]
    assert released_state(repo) == before


def test_an_unreachable_index_is_not_asked_on_a_quiet_night(
    repo: Path, tmp_path: Path, small: Rebuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_night(repo, small)
    assert run_release(repo, tmp_path, "2026-11-25")[0] == 0
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv(release.PYPI_URL_ENV, f"http://127.0.0.1:{port}/model-catalog/json")
    lines: list[str] = []
    args = release._parser().parse_args(["--repo", str(repo), "--github-output", ""])
    assert release.release(args, lines.append) == 0
    assert lines == ["catalog unchanged since v2026.11.25: nothing to release"]
    # With something to release, the unreachable index is named, without a traceback.
    path = repo / "src/model_catalog/data/anthropic.json"
    document = json.loads(path.read_text())
    document["models"] = document["models"][1:]
    path.write_text(json.dumps(document))
    datafiles.reindex(path.parent, PROVIDERS)
    before = released_state(repo)
    lines.clear()
    assert release.release(args, lines.append) == 1
    assert lines[-1].startswith("release.py: cannot list the versions on the package index (")
    assert f"127.0.0.1:{port}" in lines[-1]
    assert released_state(repo) == before
