"""``model-catalog diff`` and ``_changes.transition`` on tiny catalogs built for the rules."""

from __future__ import annotations

import json
import subprocess
import tempfile
import zipfile
from pathlib import Path

import msgspec
import pytest

from model_catalog import Model
from model_catalog._changes import diff, transition
from model_catalog._cli import main
from tests.conftest import make_model
from tests.test_check import RECORDS, _model, write_catalog


def _life(status: str, **dates: str) -> Model:
    return make_model(lifecycle={"status": status, **dates})


@pytest.mark.parametrize(
    ("was", "now", "moved"),
    [
        ("active", "retired", "retired"),
        ("deprecated", "retired", "retired"),
        ("retired", "active", "unretired"),
        ("retired", "deprecated", "unretired"),
        ("active", "deprecated", "deprecated"),
        ("active", "active", None),
        ("deprecated", "deprecated", None),
        ("deprecated", "active", None),
        ("retired", "retired", None),
    ],
)
def test_transition(was: str, now: str, moved: str | None) -> None:
    assert transition(_life(was), _life(now)) == moved


def test_last_seen_alone_is_no_change() -> None:
    before = _life("active", last_seen="2026-01-01")
    after = _life("active", last_seen="2026-02-01")
    assert diff({"p/m": before}, {"p/m": after}).empty


def _retire(model: Model) -> Model:
    return msgspec.structs.replace(
        model, lifecycle=msgspec.structs.replace(model.lifecycle, status="retired")
    )


NEWER = (
    *(_retire(m) if m.id == "gpt-dep" else m for m in RECORDS if m.id != "gpt-soon"),
    _model("openai", "gpt-newest"),
)


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    write_catalog(tmp_path / "old")
    write_catalog(tmp_path / "new", NEWER)
    return tmp_path / "old", tmp_path / "new"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["diff", *argv])
    except SystemExit as exc:
        code = int(str(exc.code))
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_json_has_the_release_notes_sections(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, str(dirs[0]), str(dirs[1]), "--json")
    assert code == 0
    assert json.loads(out) == {
        "added": ["openai/gpt-newest"],
        "retired": [
            {
                "key": "openai/gpt-dep",
                "deprecation_date": "2026-06-01",
                "retirement_date": "2027-06-01",
                "replacement": None,
            }
        ],
        "offered_again": [],
        "deprecated": [],
        "removed": ["openai/gpt-soon"],
        "repriced": [],
        "limits": [],
        "capabilities": [],
        "other": [],
    }


def test_diff_text_is_the_release_notes(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, str(dirs[0]), str(dirs[1]))
    assert code == 0
    assert out.startswith(
        "Catalog update: 1 added, 1 retired, 0 offered again, 0 deprecated, 0 repriced.\n"
    )
    assert "- `openai/gpt-dep` retired (deprecated on 2026-06-01, retired on 2027-06-01)" in out


def test_same_catalog_twice_is_quiet(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, str(dirs[0]), str(dirs[0])) == (0, "No catalog changes.\n", "")


def test_diff_between_two_git_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    data = repo / "src" / "model_catalog" / "data"

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    write_catalog(data)
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "one")
    git("tag", "v1.0")
    write_catalog(data, NEWER)
    git("add", "-A")
    git("commit", "-qm", "two")
    git("tag", "v2.0")
    monkeypatch.chdir(repo)
    code, out, _ = _run(capsys, "1.0", "v2.0", "--json")  # "1.0" finds the tag v1.0
    assert code == 0
    assert json.loads(out)["added"] == ["openai/gpt-newest"]


def test_a_missing_catalog_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    code, out, err = _run(capsys, "empty", "nope")
    assert (code, out) == (2, "")
    assert err == (
        "model-catalog diff: empty: no index.json here (a catalog data directory holds one)\n"
    )
    code, _, err = _run(capsys, "nope")
    assert code == 2
    assert "the following arguments are required: new" in err


def test_a_wheel_is_a_catalog_and_its_copy_is_removed(
    dirs: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wheel = tmp_path / "model_catalog-2026.1.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path in sorted(dirs[0].glob("*.json")):
            archive.write(path, f"model_catalog/data/{path.name}")
        archive.writestr("model_catalog/__init__.py", "")
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    code, out, _ = _run(capsys, str(wheel), str(dirs[1]), "--json")
    assert code == 0
    assert json.loads(out)["removed"] == ["openai/gpt-soon"]
    assert list(temp.iterdir()) == []
    not_ours = tmp_path / "other-1.0-py3-none-any.whl"
    with zipfile.ZipFile(not_ours, "w") as archive:
        archive.writestr("other/__init__.py", "")
    code, _, err = _run(capsys, str(not_ours), str(dirs[1]))
    assert code == 2
    assert "holds no model_catalog/data/index.json" in err
