"""The data files' layout: spans locate each record, ``names.json`` holds the name tables, and
the layout of releases up to 2026.11.25 (name tables in ``index.json``, no spans) still reads the
same, as ``diff`` and ``check --since`` read older releases.

The catalogs here are written with the pipeline's own writers from the resolution tests' records;
the older layout and every broken file are derived from them in code.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import msgspec
import pytest

from model_catalog import CatalogDataError, Model, ModelCatalog, Source
from model_catalog._catalog import DATA_DIR
from model_catalog._types import ProviderFile, Spans
from scripts import datafiles, refresh
from scripts.providers import PROVIDERS

from .test_resolution import SOURCE, TABLE, _records

NAMES = ("claude-x-4", "claude-w", "Claude W 2.0", "claude-y-3-5", "gemini/text-embed-9")
"""Names found only through the name tables: a dated base, aliases, a fold, a spelling."""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    files = {
        provider: datafiles.provider_document(provider, models, {"s": SOURCE})
        for provider, models in _records().items()
    }
    datafiles.write_catalog(directory, files, TABLE, "2026-01-01")
    return directory


def _older_layout(data: Path, target: Path) -> Path:
    """``data`` as releases up to 2026.11.25 wrote it: the tables in the index, no spans."""
    target.mkdir()
    index = json.loads((data / "index.json").read_bytes())
    names = json.loads((data / index.pop("names")).read_bytes())
    for table in ("ids", "aliases", "folds", "dated"):
        index[table] = names[table]
    for info in index["providers"]:
        del info["spans"]
        shutil.copy(data / info["file"], target / info["file"])
    (target / "index.json").write_text(json.dumps(index, indent=1))
    return target


def test_the_layout_of_earlier_releases_reads_the_same(data: Path, tmp_path: Path) -> None:
    new = ModelCatalog(str(data))
    old = ModelCatalog(str(_older_layout(data, tmp_path / "old")))
    assert sorted(p.name for p in (tmp_path / "old").iterdir()) == sorted(
        [*(f"{provider}.json" for provider in _records()), "index.json"]
    )
    assert list(old) == list(new)
    for key in new:
        assert old[key] == new[key]
    for name in NAMES:
        assert old[name] == new[name]
    assert old.index.providers == tuple(
        msgspec.structs.replace(info, spans=None) for info in new.index.providers
    )
    assert old.index == msgspec.structs.replace(
        new.index, names=None, providers=old.index.providers
    )
    assert old.sources("anthropic") == new.sources("anthropic") == {"s": SOURCE}


def test_a_lookup_by_id_reads_neither_the_names_nor_the_other_records(data: Path) -> None:
    (data / "names.json").unlink()
    spans = json.loads((data / "anthropic.spans.json").read_bytes())
    wanted = spans["models"]["claude-y-3.5"]
    # Every other record of the file made unreadable (derived in code): only its span is read.
    raw = bytearray((data / "anthropic.json").read_bytes())
    for start, end in spans["models"].values():
        if [start, end] != wanted:
            raw[start:end] = b"#" * (end - start)
    (data / "anthropic.json").write_bytes(bytes(raw))
    catalog = ModelCatalog(str(data))
    assert catalog.get("claude-y-3.5").key == "anthropic/claude-y-3.5"
    assert catalog.sources("anthropic") == {"s": SOURCE}
    with pytest.raises(CatalogDataError, match=r"names\.json: No such file"):
        catalog.get("claude-w")
    with pytest.raises(CatalogDataError, match=r"anthropic\.json.*claude-w-2"):
        catalog.get("anthropic/claude-w-2")


def test_a_span_that_misses_its_record_names_both_files(data: Path) -> None:
    path = data / "anthropic.spans.json"
    spans = msgspec.json.decode(path.read_bytes(), type=Spans)
    first, second = sorted(spans.models)[:2]
    swapped = {**spans.models, first: spans.models[second], second: spans.models[first]}
    path.write_bytes(datafiles.encode(msgspec.structs.replace(spans, models=swapped)))
    with pytest.raises(
        CatalogDataError,
        match=rf"anthropic\.json: record '{first}' holds '{second}' \(where anthropic\.spans",
    ):
        ModelCatalog(str(data)).get(f"anthropic/{first}")
    shifted = {key: (start + 1, end) for key, (start, end) in spans.models.items()}
    path.write_bytes(datafiles.encode(msgspec.structs.replace(spans, models=shifted)))
    with pytest.raises(CatalogDataError, match=rf"record '{first}': .*anthropic\.spans\.json"):
        ModelCatalog(str(data)).get(f"anthropic/{first}")


@pytest.mark.parametrize("name", ["names.json", "anthropic.spans.json"])
def test_an_unreadable_index_file_is_named(data: Path, name: str) -> None:
    (data / name).write_bytes(b'{"generated": "truncated')
    catalog = ModelCatalog(str(data))
    with pytest.raises(CatalogDataError, match=rf"{name.replace('.', '[.]')}: "):
        catalog.get("claude-w")


def test_the_bundled_spans_hold_every_record_and_the_sources() -> None:
    data = Path(DATA_DIR)
    for info in datafiles.read_index(data).providers:
        assert info.spans is not None
        raw = (data / info.file).read_bytes()
        document = msgspec.json.decode(raw, type=ProviderFile)
        spans = msgspec.json.decode((data / info.spans).read_bytes(), type=Spans)
        assert list(spans.models) == [m.id for m in document.models], info.id
        for model in document.models:
            start, end = spans.models[model.id]
            assert msgspec.json.decode(raw[start:end], type=Model) == model
        start, end = spans.sources
        assert msgspec.json.decode(raw[start:end], type=dict[str, Source]) == dict(document.sources)


def test_spans_are_proven_against_the_document(data: Path) -> None:
    files = datafiles.read_previous(data)
    anthropic, google, vertex = files["anthropic"], files["google"], files["vertex_ai"]
    with pytest.raises(datafiles.DataFileError, match="anthropic: 1 records found"):
        datafiles.spans_of(datafiles.encode(google), anthropic)
    with pytest.raises(
        datafiles.DataFileError, match=r"vertex_ai: bytes \d+-\d+ do not hold text-embed-9"
    ):
        datafiles.spans_of(datafiles.encode(google), vertex)
    unsourced = msgspec.structs.replace(google, sources={})
    with pytest.raises(
        datafiles.DataFileError, match=r"google: bytes \(\d+, \d+\) do not hold the sources"
    ):
        datafiles.spans_of(datafiles.encode(google), unsourced)


def test_a_hand_edit_is_found_stale_and_reindexed(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert datafiles.stale_files(data, TABLE) == []
    path = data / "anthropic.json"
    path.write_bytes(path.read_bytes().replace(b'"claude-w"', b'"claude-ww"', 1))
    assert datafiles.stale_files(data, TABLE) == ["anthropic.spans.json", "names.json"]
    assert datafiles.reindex(data, TABLE) == 2
    assert datafiles.stale_files(data, TABLE) == []
    assert ModelCatalog(str(data)).get("claude-ww").key == "anthropic/claude-w-2"
    empty = data.parent / "empty"
    empty.mkdir()
    assert refresh.main(["--reindex", "--out", str(empty)]) == refresh.EXIT_USAGE
    assert "no index.json here, so no provider files to reindex" in capsys.readouterr().out


def test_the_bundled_data_is_what_the_writers_make_of_its_records() -> None:
    assert datafiles.stale_files(Path(DATA_DIR), PROVIDERS) == []


def test_a_first_read_of_a_provider_file_reads_the_index_outside_the_lock(data: Path) -> None:
    # The lock is not reentrant: reading the index while holding it would hang this thread.
    fresh = ModelCatalog(str(data))
    found: list[str] = []
    reader = threading.Thread(
        target=lambda: found.append(fresh._record("anthropic", "claude-w-2").key),
        daemon=True,  # a regression leaves it hanging, not the suite
    )
    reader.start()
    reader.join(timeout=10)
    assert found == ["anthropic/claude-w-2"]


def test_a_record_the_spans_leave_out_is_not_lost_unseen(data: Path, tmp_path: Path) -> None:
    # Derived in code: one record cut from the spans, then (older layout) from the file itself.
    path = data / "anthropic.spans.json"
    spans = msgspec.json.decode(path.read_bytes(), type=Spans)
    fewer = dict(list(spans.models.items())[1:])
    path.write_bytes(datafiles.encode(msgspec.structs.replace(spans, models=fewer)))
    with pytest.raises(
        CatalogDataError,
        match=r"anthropic\.spans\.json: holds 5 records of anthropic, index\.json counts 6",
    ):
        list(ModelCatalog(str(data)).all())
    old = _older_layout(data, tmp_path / "old")
    document = json.loads((old / "anthropic.json").read_bytes())
    document["models"] = document["models"][1:]
    (old / "anthropic.json").write_text(json.dumps(document))
    with pytest.raises(CatalogDataError, match=r"anthropic\.json: holds 5 records of anthropic"):
        ModelCatalog(str(old)).get("anthropic/claude-w-2")


def test_a_name_table_key_no_file_holds_is_a_data_error(data: Path) -> None:
    # Derived in code: an alias pointing to a record the provider's file does not hold.
    names = json.loads((data / "names.json").read_bytes())
    names["aliases"]["claude-w"] = ["anthropic/claude-gone"]
    (data / "names.json").write_text(json.dumps(names))
    with pytest.raises(
        CatalogDataError,
        match=r"names\.json: names anthropic/claude-gone, which anthropic\.json does not hold",
    ):
        ModelCatalog(str(data)).get("claude-w")


def test_a_provider_missing_from_the_table_fails_loudly(data: Path) -> None:
    files = datafiles.read_previous(data)
    with pytest.raises(datafiles.DataFileError, match="missing from the provider table: ollama"):
        datafiles.catalog_files(files, tuple(row for row in TABLE if row.id != "ollama"), None)
