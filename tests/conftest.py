from __future__ import annotations

import functools
import gzip
import json
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import pytest
from hypothesis import settings

from model_catalog import Model

if TYPE_CHECKING:
    from scripts.httpclient import HttpClient
    from scripts.sources import SourceResult

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = FIXTURES / "recorded"
EXTRA = FIXTURES / "extra"
# Performance is measured in benchmarks/, never asserted by a test: no per-example deadline (a
# loaded machine would make it fail at random).
settings.register_profile("model-catalog", deadline=None)
settings.load_profile("model-catalog")

ROOT = Path(__file__).parent.parent
DATA = ROOT / "src" / "model_catalog" / "data"
EVIDENCE = ROOT / "evidence"
REPORTS = ROOT / "reports"

ReplayFactory = Callable[..., Path]


def write_replay(
    target: Path,
    responses: dict[str, dict[str, object] | list[dict[str, object]]],
    settings: dict[str, str] | None = None,
) -> Path:
    """A replay directory at ``target`` built from real fixture files.

    ``responses`` maps URL -> a manifest entry with the fixture path under "path" (and, for a
    variant derived in code from it, the derived bytes under "body"); or a list of such entries
    for several dated answers of one URL.
    """
    target.mkdir(exist_ok=True)
    entries: dict[str, list[dict[str, object]]] = {}
    position = 0
    for url, value in responses.items():
        for entry in value if isinstance(value, list) else [value]:
            source = Path(str(entry["path"]))
            name = f"{position:02d}_{source.name}"
            position += 1
            body = entry.get("body")
            if isinstance(body, bytes):
                (target / name).write_bytes(body)
            else:
                shutil.copyfile(source, target / name)
            manifest_entry = {k: v for k, v in entry.items() if k not in ("path", "body")}
            manifest_entry.setdefault("recorded", "2025-01-01")
            manifest_entry.setdefault("format", "raw")
            if isinstance(body, bytes):
                manifest_entry.pop("encoding", None)
            entries.setdefault(url, []).append({"file": name, **manifest_entry})
    manifest = {"responses": entries, "settings": settings or {}}
    (target / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return target


@pytest.fixture
def replay_dir(tmp_path: Path) -> ReplayFactory:
    """``write_replay`` into this test's own directory."""
    return functools.partial(write_replay, tmp_path / "replay")


def recorded_entry(url: str, recorded: str | None = None) -> dict[str, object]:
    """The manifest entry of one recorded answer in tests/fixtures/recorded (newest by default),
    with its file under "path"."""
    manifest = json.loads((RECORDED / "manifest.json").read_text())
    entries = manifest["responses"][url]
    entries = [entries] if isinstance(entries, dict) else entries
    if recorded is not None:
        entries = [e for e in entries if e["recorded"] == recorded]
    entry = dict(entries[-1])
    entry["path"] = RECORDED / str(entry.pop("file"))
    return entry


def recorded_body(entry: dict[str, object]) -> bytes:
    """The bytes a recorded entry serves (gunzipped, placeholders restored)."""
    body = Path(str(entry["path"])).read_bytes()
    if entry.get("encoding") == "gzip":
        body = gzip.decompress(body)
    restore = entry.get("restore")
    if isinstance(restore, dict):
        for placeholder, original in restore.items():
            body = body.replace(placeholder.encode(), str(original).encode())
    return body


def cut_all_entries(path: Path, key: str = "data") -> bytes:
    """A recorded list response with every entry cut: the real envelope, empty."""
    document = json.loads(path.read_bytes())
    document[key] = []
    return json.dumps(document).encode()


def truncated(path: Path) -> bytes:
    """The first half of a recorded body: what a dropped connection leaves."""
    raw = path.read_bytes()
    return raw[: len(raw) // 2]


LITELLM_SLICE = ("ai21", "anthropic", "openai")
"""The providers whose entries the LiteLLM slice keeps: the ones the rule tests touch."""

PREVIOUS, NEWEST = "2026-09-06", "2026-11-20"
"""The two LiteLLM maps the slice catalog is built from: a model the newest drops is retired."""


def litellm_slice(
    change: Callable[[dict[str, Any]], None] | None = None, recorded: str = NEWEST
) -> dict[str, Any]:
    """LiteLLM's map of ``recorded`` cut to ``LITELLM_SLICE``'s entries, then ``change``d.

    Derived in code from the real recording: every kept entry is as recorded. A run over about
    a third of the map tests the same guards as one over all of it, in a fraction of the time.
    """
    from scripts.sources import litellm

    document = json.loads(recorded_body(recorded_entry(litellm.SOURCE.url, recorded)))
    kept = {
        key: value
        for key, value in document.items()
        if isinstance(value, dict) and value.get("litellm_provider") in LITELLM_SLICE
    }
    if change is not None:
        change(kept)
    return kept


def litellm_answer(day: str, document: dict[str, Any]) -> dict[str, object]:
    """A replay entry answering ``document`` as LiteLLM's map recorded on ``day``."""
    from scripts.sources import litellm

    return {**recorded_entry(litellm.SOURCE.url, day), "body": json.dumps(document).encode()}


def make_model(**fields: object) -> Model:
    """A record with just the given fields (provider "p", id "m" unless given)."""
    return msgspec.convert({"provider": "p", "id": "m", **fields}, Model)


@dataclass(frozen=True)
class Checkout:
    """A copy of the committed outputs a test may run the refresh over and compare."""

    data: Path
    evidence: Path
    reports: Path

    def args(self, *extra: str) -> list[str]:
        return [
            "--out",
            str(self.data),
            "--evidence",
            str(self.evidence),
            "--reports",
            str(self.reports),
            *extra,
        ]


def copy_outputs(target: Path, source: Checkout) -> Checkout:
    """A copy of ``source``'s data and evidence to run the refresh over.

    Tests start from the session's rebuild of the recorded fixtures, not from the committed data:
    after a live nightly the committed data is newer than the fixtures, and the nightly runs these
    tests on it.
    """
    checkout = Checkout(target / "data", target / "evidence", target / "reports")
    shutil.copytree(source.data, checkout.data)
    shutil.copytree(source.evidence, checkout.evidence)
    checkout.reports.mkdir()
    return checkout


@dataclass(frozen=True)
class Rebuild:
    """The catalog rebuilt once per session from the recorded responses, from scratch."""

    outputs: Checkout
    code: int
    lines: list[str]
    summary: Path


def run_refresh(
    checkout: Checkout, *extra: str, replay: Path | None = None
) -> tuple[int, list[str]]:
    """The refresh over ``checkout``, answered by ``replay``: its exit code and lines."""
    from scripts import refresh

    lines: list[str] = []
    argv = checkout.args(*extra) + (["--replay", str(replay)] if replay else [])
    return refresh.run(refresh._parser().parse_args(argv), lines.append), lines


def same_tree(left: Path, right: Path) -> list[str]:
    """Names of files that differ between two directories (or exist in one only)."""
    names = {p.name for p in left.iterdir()} | {p.name for p in right.iterdir()}
    return sorted(
        n
        for n in names
        if not (left / n).exists()
        or not (right / n).exists()
        or (left / n).read_bytes() != (right / n).read_bytes()
    )


def row(lines: list[str], source: str) -> str:
    """The summary table's row of one source."""
    return next(line for line in lines if line.startswith(f"{source} "))


def rebuild(root: Path, replay: Path) -> Rebuild:
    """A catalog built from scratch from the recordings in ``replay`` by the pipeline itself."""
    outputs = Checkout(root / "data", root / "evidence", root / "reports")
    summary = root / "summary.json"
    code, lines = run_refresh(outputs, "--summary", str(summary), replay=replay)
    return Rebuild(outputs, code, lines, summary)


LONGEST_FIRST = ("test_rehearsal.py", "test_rebuild.py")
"""The modules that take longest (the nightly rehearsed, the full rebuild), in that order."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the longest modules first, so that no worker starts one when the rest are done.

    xdist (``--dist=loadfile``) hands modules to workers in collection order; the others keep
    theirs.
    """

    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)


SMALL_SOURCES = {
    "https://openrouter.ai/api/v1/models": 6,
    "https://api.anthropic.com/v1/models": None,
    "https://api.deepseek.com/models": None,
}
"""The recordings of the small catalog: three official lists, the newest N recorded days of each
(None: every day). OpenRouter's list (344 models a day) is cut to its six newest days: the rule
tests need a history, not all of it, and a run's cost grows with days times models."""


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> Rebuild:
    """A small real catalog (``SMALL_SOURCES``' recordings only) for rule tests of whole runs.

    Built like the full one, by the pipeline itself, from the same real recordings; a run over it
    takes a fraction of a second, so a test of what one bad night may change runs in its time.
    """
    root = tmp_path_factory.mktemp("small")
    replay = root / "replay"
    replay.mkdir()
    manifest = json.loads((RECORDED / "manifest.json").read_text())
    chosen = {
        url: manifest["responses"][url][-(days or 0) :] for url, days in SMALL_SOURCES.items()
    }
    for entries in chosen.values():
        for entry in entries:
            target = replay / str(entry["file"])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(RECORDED / str(entry["file"]), target)
    (replay / "manifest.json").write_text(json.dumps({**manifest, "responses": chosen}))
    built = rebuild(root / "outputs", replay)
    assert built.code == 0, built.lines
    return built


def venv_seeing_this_interpreter(directory: Path) -> Path:
    """A venv with no pip of its own that imports this interpreter's packages; returns its site dir.

    ``--system-site-packages`` would show the *base* interpreter's packages instead when this one
    is itself a venv (``pip install -e .[dev]`` into one): msgspec and pip would be missing there.
    Packages installed into the new venv come first; this interpreter's follow through a .pth.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(directory)], check=True)
    site = next((directory / "lib").glob("python*/site-packages"))
    paths = sysconfig.get_paths()
    host = dict.fromkeys([paths["purelib"], paths["platlib"]])
    (site / "this_interpreter.pth").write_text("\n".join(host) + "\n", "utf-8")
    return site


def build_wheel(outdir: Path) -> Path:
    """A wheel of this checkout, built offline (no isolated build environment to download)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(outdir),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = outdir.glob("model_catalog-*.whl")
    return wheel


@pytest.fixture
def recorded() -> HttpClient:
    """A client answering from tests/fixtures/recorded, with no waits between retries."""
    from scripts.httpclient import HttpClient

    return HttpClient(replay=RECORDED, sleep=lambda _s: None)


def by_id(result: SourceResult) -> dict[str, dict[str, object]]:
    """A source answer's values keyed by model id."""
    return {o.id: o.values for o in result.observations}
