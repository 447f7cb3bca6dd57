"""Time ``model-catalog check`` over a generated tree against grep (and rg) on the same tree.

    python benchmarks/bench_check.py [--files 10000] [--runs 3]

The tree is generated here, from the bundled catalog's own ids (retired, deprecated and active)
mixed with ordinary strings, in the file types check reads (.py, .js, .ts, .json, .yaml, .md,
.env). Baselines, same run, same tree (page cache warm for all: each tool runs once first):

- ``grep -rF -f IDS``: every catalog id as a fixed string, the closest text search to the job;
- ``rg -F -f IDS`` where ripgrep is installed (it says so when it is not);
- ``grep -rE`` for quoted strings, a cheaper job (no catalog), as a floor.

``check`` runs as users run it: a fresh ``model-catalog check --json`` process (import, catalog
load and resolution included), outside git (the directory walk with .gitignore rules).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from model_catalog import catalog

ORDINARY = (
    "hello world",
    "utf-8",
    "application/json",
    "Authorization",
    "v1.2.3",
    "2026-01-04",
    "src/app/main.py",
    "https://example.com/api",
    "user-id",
    "max_tokens",
    "temperature",
    "en-US",
    "release-2024",
    "gpt-style",
    "claude-ish",
    "node_modules",
)

PY = '''import os
from openai import OpenAI

client = OpenAI()
DEFAULT = "{a}"


def ask(prompt: str, model: str = "{b}") -> str:
    """Ask {c!r} things."""
    headers = {{"Content-Type": "{o1}", "X-Trace": "{o2}"}}
    messages = [{{"role": "user", "content": prompt}}]
    reply = client.chat.completions.create(model=model, messages=messages)
    return reply.choices[0].message.content or "{o3}"
'''
JS = """import OpenAI from 'openai';
const client = new OpenAI();
export const MODEL = '{a}';
const fallback = "{b}";
const meta = {{ locale: "{o1}", path: '{o2}', note: `{o3}` }};
"""
JSON = '{{\n  "name": "{o1}",\n  "model": "{a}",\n  "fallback": "{b}",\n  "path": "{o2}"\n}}\n'
YAML = "service: {o1}\nmodel: {a}\nfallback: '{b}'\nowner: {o2}\n"
MD = '# Notes\n\nWe use {c} in prose.\n\n```python\nclient.chat(model="{a}")\n```\n'
ENV = "APP_MODEL={a}\nLOG_LEVEL=info\nPATH_PREFIX={o2}\n"
TEMPLATES = ((".py", PY), (".js", JS), (".ts", JS), (".json", JSON), (".yaml", YAML), (".md", MD))


def generate(root: Path, files: int, seed: int = 16) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - a repeatable tree, not cryptography
    ids = sorted({m.id for m in catalog.all()})
    for n in range(files):
        suffix, template = TEMPLATES[n % len(TEMPLATES)]
        if n % 50 == 0:
            suffix, template = ".env", ENV
        folder = root / f"pkg{n % 100:02d}" / f"mod{n % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        text = template.format(
            a=rng.choice(ids),
            b=rng.choice(ids) if rng.random() < 0.5 else rng.choice(ORDINARY),
            c=rng.choice(ids),
            o1=rng.choice(ORDINARY),
            o2=rng.choice(ORDINARY),
            o3=rng.choice(ORDINARY),
        )
        name = f"file{n}{suffix}" if suffix != ".env" else f"conf{n}.env"
        (folder / name).write_text(text, encoding="utf-8")
    return ids


def timed(command: list[str], runs: int) -> tuple[float, bytes]:
    out = subprocess.run(command, capture_output=True, check=False).stdout  # warm the cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "tree"
        ids = generate(root, args.files)
        id_file = Path(temp) / "ids.txt"
        id_file.write_text("\n".join(ids) + "\n", encoding="utf-8")
        check_s, out = timed(
            [
                sys.executable,
                "-m",
                "model_catalog",
                "check",
                "--json",
                "--fail-on",
                "retiring",
                str(root),
            ],
            args.runs,
        )
        found = len(json.loads(out)["findings"])
        rows = [("model-catalog check --json", check_s)]
        grep = shutil.which("grep")
        if grep:
            rows.append(
                (
                    "grep -rF -f IDS",
                    timed([grep, "-rF", "-f", str(id_file), str(root)], args.runs)[0],
                )
            )
            rows.append(
                (
                    "grep -rE quoted strings",
                    timed([grep, "-rE", "[\"'][^\"']+[\"']", str(root)], args.runs)[0],
                )
            )
        rg = shutil.which("rg")
        if rg:
            rows.append(
                ("rg -F -f IDS", timed([rg, "-F", "-f", str(id_file), str(root)], args.runs)[0])
            )
        print(f"tree: {args.files:,} files, {len(ids):,} catalog ids; check found {found:,} uses")
        if not rg:
            print("rg (ripgrep) is not installed here: no rg baseline this run")
        for label, seconds in rows:
            print(f"{label:<28} {seconds * 1000:9.0f} ms  {seconds / check_s:6.2f}x of check")
        for label, seconds in rows[1:]:
            print(f"check / {label}: {check_s / seconds:.1f}x")


if __name__ == "__main__":
    main()
