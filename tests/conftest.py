from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest

from model_catalog import Model

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = FIXTURES / "recorded"
EXTRA = FIXTURES / "extra"
ROOT = Path(__file__).parent.parent
DATA = ROOT / "src" / "model_catalog" / "data"

ReplayFactory = Callable[..., Path]


@pytest.fixture
def replay_dir(tmp_path: Path) -> ReplayFactory:
    """Build a replay directory from real fixture files.

    ``responses`` maps URL -> (fixture path, recorded date) or a full manifest entry dict with
    the fixture path under "path".
    """

    def build(
        responses: dict[str, dict[str, object]], settings: dict[str, str] | None = None
    ) -> Path:
        target = tmp_path / "replay"
        target.mkdir(exist_ok=True)
        entries = {}
        for position, (url, entry) in enumerate(responses.items()):
            source = Path(str(entry["path"]))
            name = f"{position:02d}_{source.name}"
            body = entry.get("body")
            if isinstance(body, bytes):
                (target / name).write_bytes(body)
            else:
                shutil.copyfile(source, target / name)
            manifest_entry = {k: v for k, v in entry.items() if k not in ("path", "body")}
            manifest_entry.setdefault("recorded", "2025-01-01")
            manifest_entry.setdefault("format", "raw")
            entries[url] = {"file": name, **manifest_entry}
        manifest = {"responses": entries, "settings": settings or {}}
        (target / "manifest.json").write_text(json.dumps(manifest), "utf-8")
        return target

    return build


def cut_all_entries(path: Path, key: str = "data") -> bytes:
    """A recorded list response with every entry cut: the real envelope, empty."""
    document = json.loads(path.read_bytes())
    document[key] = []
    return json.dumps(document).encode()


def truncated(path: Path) -> bytes:
    """The first half of a recorded body: what a dropped connection leaves."""
    raw = path.read_bytes()
    return raw[: len(raw) // 2]


def make_model(**fields: object) -> Model:
    """A record with just the given fields (provider "p", id "m" unless given)."""
    return msgspec.convert({"provider": "p", "id": "m", **fields}, Model)
