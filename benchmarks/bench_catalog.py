"""Measure model-catalog against baselines taken in the same run; prints ratios.

    python benchmarks/bench_catalog.py [--runs 20]

1. cold process: ``from model_catalog import catalog; catalog.get("gpt-4o")`` vs
   ``python -c "import msgspec"``, in wall time (noisy on a shared machine) and, where valgrind
   is installed, in instructions executed (``--instructions``: repeatable run to run); in this
   interpreter, and in a venv that holds msgspec and model_catalog only, as a user's does (this
   one's msgspec also imports typing_extensions, which makes ``import msgspec`` 40 M
   instructions dearer and every ratio smaller);
2. warm ``catalog["openai/gpt-4o"]`` and ``catalog["gpt-4o"]`` vs a dict lookup (target <= 5x);
3. ``name in catalog`` against ``get`` of the same name, warm (target ~1x: one cache);
   a bare name's first lookup (hits and a miss), ``find()`` and ``search()`` on a catalog of 10x
   and 100x the records against 1x (target ~1x per lookup, ~10x/100x for a pass over the
   records: linear);
   a repeated ``search()`` against its first (each record folded once);
4. decoding every data file into Structs vs ``json.loads`` of the same bytes (target <= 1.0x),
   and the memory the loaded catalog holds;
5. where installed, the same cold lookup through litellm and genai-prices.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import msgspec

import model_catalog
from model_catalog import ModelCatalog
from model_catalog._catalog import DATA_DIR
from model_catalog._types import Index, Names, ProviderFile, Spans

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts import datafiles  # the pipeline's own writers
from scripts.providers import PROVIDERS


def compile_like_an_install() -> str:
    """Write model_catalog's bytecode, as ``pip install`` does for an installed wheel.

    From a checkout (an editable install) the .pyc files may be missing, and with
    PYTHONDONTWRITEBYTECODE set (as on this machine) every cold run would compile the package
    again while msgspec, installed from a wheel, loads its bytecode: 1.32x instead of 1.15x.
    """
    import compileall

    package = Path(model_catalog.__file__).parent
    compileall.compile_dir(str(package), quiet=1)
    return str(package)


def user_venv(directory: Path) -> str:
    """The interpreter of a venv holding msgspec and model_catalog only (linked, not copied)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(directory)], check=True)
    packages = directory / "packages"
    packages.mkdir()
    for module in (msgspec, model_catalog):
        (packages / module.__name__).symlink_to(Path(str(module.__file__)).parent)
    site = next((directory / "lib").glob("python*/site-packages"))
    (site / "packages.pth").write_text(f"{packages}\n")
    return str(directory / "bin" / "python")


def cold(code: str, runs: int, env: dict[str, str] | None = None, python: str = "") -> float:
    """Median wall time of a fresh interpreter (``python``, else this one) running ``code``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [python or sys.executable, "-c", code],
            check=True,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


HASH_SEEDS = ("0", "1", "2")
"""String hashing is randomized per process, and with it how many probes each dict lookup takes:
counts of one program vary by 0.3% from run to run, and by 100 instructions with a fixed seed.
Each count is the median over these seeds, the same for every program measured."""


def instructions(code: str, python: str = "") -> int:
    """Instructions a fresh interpreter executes running ``code`` (valgrind's callgrind), the
    median over ``HASH_SEEDS``."""
    return int(statistics.median(_instructions(code, python, seed) for seed in HASH_SEEDS))


def _instructions(code: str, python: str, seed: str) -> int:
    with tempfile.TemporaryDirectory() as temp:
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={temp}/out",
                python or sys.executable,
                "-c",
                code,
            ],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
    match = re.search(r"Collected : (\d+)", result.stderr)
    if match is None:
        msg = f"no instruction count in valgrind's output: {result.stderr[-300:]}"
        raise RuntimeError(msg)
    return int(match.group(1))


def per_call(statement: str, namespace: dict[str, object], number: int = 200_000) -> float:
    timer = timeit.Timer(statement, globals=namespace)
    return min(timer.repeat(repeat=5, number=number)) / number


def scaled_catalog(directory: Path, times: int) -> ModelCatalog:
    """The bundled catalog with every record ``times`` over (copies get a ``-copyN`` id suffix),
    written with the pipeline's writers and with its files and index tables decoded."""
    files = datafiles.read_previous(Path(DATA_DIR))
    scaled = {}
    for provider, document in files.items():
        models = list(document.models)
        models += [
            msgspec.structs.replace(m, id=f"{m.id}-copy{n}", aliases=())
            for n in range(1, times)
            for m in document.models
        ]
        scaled[provider] = datafiles.provider_document(provider, models, dict(document.sources))
    datafiles.write_catalog(directory, scaled, PROVIDERS, "2026-01-01")
    catalog = ModelCatalog(str(directory))
    if not catalog.index.dated:  # every name table decoded
        msg = f"{directory}: index.json has no dated ids"
        raise RuntimeError(msg)
    catalog.find(include_retired=True)  # every file
    return catalog


def first_lookup(catalog: ModelCatalog, name: str) -> float:
    """Wall time of the first ``get(name, None)`` on a catalog whose files are decoded."""
    started = time.perf_counter()
    catalog.get(name, None)
    return time.perf_counter() - started


def once(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def scaling() -> None:
    with tempfile.TemporaryDirectory() as temp:
        catalogs = {}
        for times in (1, 10, 100):
            directory = Path(temp) / str(times)
            directory.mkdir()
            catalogs[times] = scaled_catalog(directory, times)
        base = catalogs[1]
        # The last is a miss: every table probed, no record or name scanned.
        for name in ("claude-3-5-sonnet", "claude-sonnet-4", "claude-3.7-sonnet", "no-such-model"):
            one = min(first_lookup(warm_copy(base), name) for _ in range(3))
            for times in (10, 100):
                big = min(first_lookup(warm_copy(catalogs[times]), name) for _ in range(3))
                print(
                    f"first get({name!r}) at {times:>3}x records {big * 1e6:8.1f} us   "
                    f"ratio {big / one:.2f}x vs 1x ({one * 1e6:.1f} us)"
                )
        queries: tuple[tuple[str, Callable[[ModelCatalog], object]], ...] = (
            ("find(include_retired=True)", lambda c: c.find(include_retired=True)),
            ("find(kind='chat')", lambda c: c.find(kind="chat")),
        )
        for label, call in queries:
            one = min(once(lambda: call(base)) for _ in range(3))  # noqa: B023
            previous = one
            for times in (10, 100):
                big = min(once(lambda: call(catalogs[times])) for _ in range(3))  # noqa: B023
                # Against the size before too: 1x fits in the CPU's caches, 10x and 100x do not.
                print(
                    f"{label} at {times:>3}x records {big * 1000:8.1f} ms   "
                    f"ratio {big / one:.1f}x vs 1x, {big / previous:.1f}x vs the size before "
                    "(linear: 10x)"
                )
                previous = big
        fresh = warm_copy(base)
        first = once(lambda: fresh.search("sonnet"))
        again = min(once(lambda: fresh.search("sonnet")) for _ in range(3))
        print(
            f"search('sonnet') again               {again * 1000:8.1f} ms   "
            f"ratio {again / first:.2f}x vs the first ({first * 1000:.1f} ms)"
        )


def warm_copy(catalog: ModelCatalog) -> ModelCatalog:
    """A catalog over the same directory with its files and index tables decoded, no lookups."""
    fresh = ModelCatalog(catalog._data_dir)
    fresh._head = catalog._head
    fresh._names = dict(catalog._names)
    fresh._files = dict(catalog._files)
    fresh._spans = dict(catalog._spans)
    fresh._bytes = dict(catalog._bytes)
    fresh._source_tables = dict(catalog._source_tables)
    return fresh


COLD = (
    ("import + get", "from model_catalog import catalog; catalog.get('gpt-4o')"),
    (
        "import + miss, default",
        "from model_catalog import catalog; catalog.get('no-such-model', None)",
    ),
    ("CLI get", "from model_catalog._cli import main; main(['get', 'gpt-4o'])"),
)
"""The cold starts measured, each against ``import msgspec`` (the CLI against the lookup)."""


def cold_starts(place: str, python: str, runs: int, *, counting: bool) -> None:
    """Print each cold start's wall time and, when ``counting``, instructions, as ratios."""

    def wall(code: str) -> float:
        return cold(code, runs, python=python) * 1000

    def counted(code: str) -> float:
        return instructions(code, python) / 1e6

    measures: list[tuple[str, Callable[[str], float]]] = [("ms", wall)]
    if counting and shutil.which("valgrind"):
        measures.append(("M instructions", counted))
    for unit, measure in measures:
        base = measure("import msgspec")
        print(f"{place}: cold import msgspec  {base:8.1f} {unit}")
        lookup = 0.0
        for name, code in COLD:
            value = measure(code)
            lookup = lookup or value
            against, label = (lookup, "the lookup") if name == "CLI get" else (base, "msgspec")
            print(f"{place}: cold {name:<22} {value:8.1f} {unit}   {value / against:.3f}x {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="cold starts per measurement")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions of the cold runs with valgrind (repeatable; slow)",
    )
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}, msgspec {msgspec.__version__}")
    print(f"bytecode of {compile_like_an_install()} written, as an install writes it")
    with tempfile.TemporaryDirectory() as temp:
        for place, python in (("this venv", ""), ("msgspec-only venv", user_venv(Path(temp)))):
            cold_starts(place, python, args.runs, counting=args.instructions)

    catalog = ModelCatalog()
    catalog.get("gpt-4o")
    plain = {"openai/gpt-4o": catalog.get("openai/gpt-4o")}
    namespace: dict[str, object] = {"catalog": catalog, "plain": plain}
    dict_time = per_call('plain["openai/gpt-4o"]', namespace)
    for name in ("openai/gpt-4o", "gpt-4o"):
        catalog[name]
        ours_time = per_call(f'catalog["{name}"]', namespace)
        print(
            f"warm catalog[{name!r:<16}]      {ours_time * 1e9:8.0f} ns   "
            f"ratio {ours_time / dict_time:.2f}x vs dict ({dict_time * 1e9:.0f} ns)"
        )

    model = catalog.get("gpt-4o")
    namespace["model"] = model
    cost_time = per_call("model.cost(12000, 800)", namespace, number=100_000)
    print(f"warm model.cost(12000, 800)         {cost_time * 1e9:8.0f} ns")
    for name in ("get('gpt-4o')", "get('no-such-model', None)"):
        per = per_call(f"catalog.{name}", namespace, number=20_000)
        print(f"warm catalog.{name:<28} {per * 1e9:8.0f} ns   ratio {per / dict_time:.1f}x vs dict")
    for name in ("openai/gpt-4o", "claude-3-5-sonnet"):
        catalog.get(name)
        get_time = per_call(f"catalog.get({name!r})", namespace)
        in_time = per_call(f"{name!r} in catalog", namespace)
        print(
            f"warm {name!r:<20} in catalog     {in_time * 1e9:8.0f} ns   "
            f"ratio {in_time / get_time:.2f}x vs get ({get_time * 1e9:.0f} ns)"
        )
    scaling()
    fresh_find = ModelCatalog()
    started = time.perf_counter()
    fresh_find.find(provider="xai")
    print(f"find(provider='xai'), fresh catalog {(time.perf_counter() - started) * 1000:8.1f} ms")

    index = datafiles.read_index(Path(DATA_DIR))
    layouts: dict[str, type[msgspec.Struct]] = {"index.json": Index, str(index.names): Names}
    for info in index.providers:
        layouts[info.file] = ProviderFile
        layouts[str(info.spans)] = Spans
    blobs = [(name, (Path(DATA_DIR) / name).read_bytes()) for name in sorted(layouts)]
    decoders = {name: msgspec.json.Decoder(layouts[name]) for name, _ in blobs}

    def typed() -> None:
        for name, raw in blobs:
            decoders[name].decode(raw)

    def untyped() -> None:
        for _name, raw in blobs:
            json.loads(raw)

    typed_time = min(timeit.repeat(typed, number=3, repeat=5)) / 3
    json_time = min(timeit.repeat(untyped, number=3, repeat=5)) / 3
    size = sum(len(raw) for _, raw in blobs)
    print(
        f"decode all {len(blobs)} files ({size / 1e6:.1f} MB)      {typed_time * 1000:8.1f} ms   "
        f"ratio {typed_time / json_time:.2f}x vs json.loads ({json_time * 1000:.1f} ms)"
    )
    tracemalloc.start()
    fresh = ModelCatalog()
    count = sum(1 for _ in fresh.all())
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"memory of the loaded catalog        {current / 1e6:8.1f} MB for {count} records")

    # litellm fetches its cost map from GitHub at import unless told to use its bundled copy;
    # offline mode keeps the comparison about lookup cost, not network timeouts.
    peer_env = {"LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    peers = {
        "litellm": "import litellm; litellm.get_model_info('gpt-4o')",
        "genai_prices": (
            "from genai_prices import calc_price, Usage; "
            "calc_price(Usage(input_tokens=1, output_tokens=1), model_ref='gpt-4o')"
        ),
    }
    for module, code in peers.items():
        if importlib.util.find_spec(module) is None:
            print(f"peer {module:<30} not installed, skipped")
            continue
        ours = cold(COLD[0][1], max(3, args.runs // 4))
        peer = cold(code, max(3, args.runs // 4), peer_env)
        print(f"peer {module:<30} {peer * 1000:8.1f} ms   ratio {peer / ours:.1f}x ours")


if __name__ == "__main__":
    main()
