"""The ``model-catalog`` command: look models up from a shell or a script."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import msgspec

from . import __version__
from ._billing import UNITS, CostBreakdown, Usage
from ._billing import bill as bill_usage
from ._catalog import ModelCatalog
from ._errors import (
    AmbiguousModelError,
    CatalogDataError,
    InvalidArgumentError,
    PriceUnknownError,
    ResponseShapeError,
    UnknownModelError,
    UnknownProviderError,
)
from ._types import Lifecycle, Model, enc_hook

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_NOT_FOUND = 2

_EPILOG = """\
examples:
  model-catalog get grok-2                  what is grok-2, who serves it, what does it cost
  model-catalog get openrouter/openai/gpt-4o --json
  model-catalog list --provider anthropic --capability vision --active
  model-catalog search sonnet
  model-catalog cost gpt-4o --input 12000 --output 800 --cached 2000
  model-catalog cost claude-sonnet-4-5 --input 50000 --output 900 --cache-write-1h 40000 --json
  model-catalog cost gpt-4o --input 1000000 --output 0 --at 2025-01-01
  model-catalog cost --response saved.json --provider openai --json
  model-catalog cost whisper-1 --response transcription.json     a body that names no model
  model-catalog cost --response batch-result.json --batch        a batch job's result
  model-catalog providers --json

Prices are list prices in US dollars per million tokens; "?" means no source gave a value.
--json prints every field of a record (null when unknown) plus its "key"; cost --json prints
{"model", "total", "items": [{"component", "quantity", "unit", "unit_price", "amount", ...}]}.

exit status: 0 ok; 1 bad usage, bad input or a price that is unknown; 2 model or provider
not found, or a name several providers offer (the choices are on stderr).
"""


class _Parser(argparse.ArgumentParser):
    """Bad usage exits 1, so that 2 always means "not found"."""

    usage_status = EXIT_ERROR
    """check and diff are for CI and set 2, so that 1 always means "findings" there."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(self.usage_status, f"{self.prog}: error: {message}\n")


class _Out:
    """Writes lines to stdout in whatever encoding it has (arrows fall back to ASCII)."""

    def __init__(self) -> None:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        try:
            "→".encode(encoding)
            self.arrow = "→"
        except (UnicodeEncodeError, LookupError):
            self.arrow = "->"
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def flush(self) -> None:
        text = "\n".join(self.lines) + "\n"
        stream = sys.stdout
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, errors="replace").decode(encoding, errors="replace"))
        stream.flush()


def _price(value: float | None) -> str:
    return "?" if value is None else f"${value:g}"


def _full(value: Any) -> Any:
    """Every field of a record, defaults included (``None`` as null): a stable JSON shape."""
    if isinstance(value, msgspec.Struct):
        return {name: _full(getattr(value, name)) for name in value.__struct_fields__}
    if isinstance(value, tuple):
        return [_full(v) for v in value]
    return msgspec.to_builtins(value, enc_hook=enc_hook)


def _record(model: Model) -> dict[str, Any]:
    # "status": today's, as get, list and search answer; lifecycle.status is the build's.
    return {"key": model.key, "status": model.lifecycle.status_on(), **_full(model)}


def _json(value: object) -> str:
    return msgspec.json.format(msgspec.json.encode(value, enc_hook=enc_hook), indent=2).decode()


def _status_today(life: Lifecycle, as_of: str | None) -> str:
    """The status today; where a stated date has passed since the build, it says so."""
    today = life.status_on()
    if today == life.status:
        return today
    which, passed = (
        ("retirement", life.retirement_date)
        if today == "retired"
        else ("deprecation", life.deprecation_date)
    )
    built = f"the catalog of {as_of}" if as_of else "the catalog"
    return f"{today} (its {which} date {passed} has passed; {built} says {life.status})"


def _describe(model: Model, catalog: ModelCatalog, out: _Out) -> None:
    p = model.pricing
    life = model.lifecycle
    rows = [
        ("model", model.key),
        ("name", model.name or "?"),
        ("kind", model.kind or "?"),
        ("status", _status_today(life, catalog.index.as_of)),
        ("context window", f"{model.context_window:,}" if model.context_window else "?"),
        ("max input", f"{model.max_input_tokens:,}" if model.max_input_tokens else "?"),
        ("max output", f"{model.max_output_tokens:,}" if model.max_output_tokens else "?"),
        ("input / 1M", _price(p.input)),
        ("output / 1M", _price(p.output)),
        ("cached input / 1M", _price(p.cache_read)),
    ]
    for label, price in (
        ("cache write / 1M", p.cache_write),
        ("1h cache write / 1M", p.cache_write_1h),
        ("per web search", p.web_search),
        ("per image", p.image_output),
    ):
        if price is not None:
            rows.append((label, _price(price)))
    if p.batch_input is not None or p.batch_output is not None:
        rows.append(("batch in / out", f"{_price(p.batch_input)} / {_price(p.batch_output)}"))
    if model.aliases:
        rows.append(("aliases", ", ".join(model.aliases)))
    for tier in p.tiers:
        rows.append(
            (
                f"above {tier.above_input_tokens:,}",
                f"input {_price(tier.input)}, output {_price(tier.output)}",
            )
        )
    abilities = model.capabilities
    flags = [name for name in abilities.__struct_fields__ if getattr(abilities, name) is True]
    if flags:
        rows.append(("capabilities", ", ".join(flags)))
    if abilities.temperature is False:
        rows.append(("temperature", "fixed: a request may not set it"))
    if abilities.reasoning_efforts:
        rows.append(("reasoning effort", ", ".join(abilities.reasoning_efforts)))
    if abilities.default_reasoning_effort:
        rows.append(("default effort", abilities.default_reasoning_effort))
    if abilities.embedding_dimensions:
        rows.append(("dimensions", f"{abilities.embedding_dimensions:,}"))
    for label, text in (
        ("knowledge cutoff", model.knowledge_cutoff),
        ("released", model.release_date),
        ("first seen", life.first_seen),
        ("last seen", life.last_seen),
        ("deprecated on", life.deprecation_date),
        ("retired on", life.retirement_date),
        ("replacement", life.replacement),
    ):
        if text:
            rows.append((label, text))
    for change in model.history:
        if change.field == "pricing.tiers":
            rows.append((f"changed by {change.observed}", f"tiers ({change.source})"))
            continue
        price = change.field.startswith("pricing.")
        old, new = (
            "?" if value is None else f"${value:g}" if price else f"{value:,.0f}"
            for value in (change.old, change.new)
        )
        label = change.field.removeprefix("pricing.")
        rows.append(
            (f"changed by {change.observed}", f"{label} {old} {out.arrow} {new} ({change.source})")
        )
    for label, field in (
        ("status from", "id"),
        ("price from", "pricing.input"),
        ("limits from", "context_window"),
    ):
        source = catalog.source_of(model, field)
        if source is not None:
            rows.append((label, f"{source.name}, retrieved {source.retrieved} ({source.url})"))
    width = max(len(label) for label, _ in rows)
    for label, shown in rows:
        out.add(f"{label:<{width}}  {shown}")


def _table(models: Sequence[Model], out: _Out) -> None:
    width = max([len("model"), *(len(m.key) for m in models)])
    out.add(
        f"{'model':<{width}} {'status':<10} {'kind':<10} {'context':>9} {'in/1M':>9} {'out/1M':>9}"
    )
    for m in models:
        window = m.context_window or m.max_input_tokens
        ctx = f"{window:,}" if window else "?"
        out.add(
            f"{m.key:<{width}} {m.lifecycle.status_on():<10} {m.kind or '?':<10} {ctx:>9} "
            f"{_price(m.pricing.input):>9} {_price(m.pricing.output):>9}"
        )
    out.add(f"{len(models)} models")


class _Version(argparse.Action):
    """``--version``: the package version and how old its data is (read only when asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        as_of = ModelCatalog().index.as_of or "unknown"
        try:
            sys.stdout.write(f"model-catalog {__version__} (evidence as of {as_of})\n")
            sys.stdout.flush()
        except BrokenPipeError:
            _reader_gone()
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="model-catalog",
        description="Look up AI models and their list prices, offline, from the bundled catalog.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action=_Version, help="show the version and the date of its evidence"
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    get = sub.add_parser("get", help="show one model (provider/id, id or alias)")
    get.add_argument("name", help="e.g. grok-2, anthropic/claude-sonnet-4-5, gpt-4o")
    get.add_argument("--json", action="store_true", help="print the full record as JSON")
    get.add_argument(
        "--provider",
        help="answer from this provider's records only, as the code's client would "
        "(together, openrouter, ollama, gemini, ...)",
    )

    lst = sub.add_parser("list", help="list models, filtered")
    lst.add_argument("--provider", help="provider id, e.g. openai (see 'providers')")
    lst.add_argument("--kind", help="chat, embedding, image, audio, rerank, moderation, ...")
    lst.add_argument("--capability", help="tools, vision, reasoning, structured_output, ...")
    lst.add_argument("--min-context", type=int, metavar="TOKENS", help="minimum context window")
    lst.add_argument("--include-retired", action="store_true", help="also list retired models")
    lst.add_argument(
        "--active", action="store_true", help="only models neither deprecated nor retired"
    )
    lst.add_argument("--json", action="store_true", help="print records as a JSON array")

    search = sub.add_parser("search", help="find models whose id, name or alias contains TEXT")
    search.add_argument("text")
    search.add_argument("--active", action="store_true", help="only active models")
    search.add_argument("--json", action="store_true", help="print records as a JSON array")

    cost = sub.add_parser(
        "cost",
        help="price one request at list price, line by line",
        description="Price a request from its counts (NAME --input N --output N ...), or a saved "
        "raw API response (--response FILE, '-' for stdin): its model, usage, served tier and "
        "date are read from the body.",
    )
    cost.add_argument(
        "name",
        nargs="?",
        help="the model (with --response: where the body names none, as a Converse or "
        "transcription response, or names one the catalog does not know)",
    )
    cost.add_argument(
        "--response", metavar="FILE", help="a saved response body (JSON) to price; - reads stdin"
    )
    cost.add_argument(
        "--provider", help="the provider that answered --response (openai, azure_openai, ...)"
    )
    for row in UNITS:
        cost.add_argument(row.option, dest=row.argument, type=int, metavar="N", help=row.help)
    cost.add_argument(
        "--batch", action="store_true", help="at batch prices (with --response: a batch result)"
    )
    cost.add_argument(
        "--tier", choices=("standard", "flex", "priority"), default="standard", help="service tier"
    )
    cost.add_argument("--at", metavar="YYYY-MM-DD", help="at the prices observed by that date")
    cost.add_argument("--json", action="store_true", help='print {"total", "items"} as JSON')

    providers = sub.add_parser("providers", help="list providers and their model counts")
    providers.add_argument("--json", action="store_true", help="print providers as JSON")
    _add_check_commands(sub)
    return parser


def _get(args: argparse.Namespace, catalog: ModelCatalog, out: _Out) -> None:
    model = catalog.get(args.name, provider=args.provider)
    if args.json:
        out.add(_json(_record(model)))
    else:
        _describe(model, catalog, out)


def _list(args: argparse.Namespace, catalog: ModelCatalog, out: _Out) -> None:
    models = catalog.find(
        provider=args.provider,
        kind=args.kind,
        capability=args.capability,
        min_context=args.min_context,
        include_retired=args.include_retired,
        active_only=args.active,
    )
    _models(models, args.json, out)


def _search(args: argparse.Namespace, catalog: ModelCatalog, out: _Out) -> None:
    _models(catalog.search(args.text, active_only=args.active), args.json, out)


def _models(models: list[Model], as_json: bool, out: _Out) -> None:  # noqa: FBT001
    if as_json:
        out.add(_json([_record(m) for m in models]))
    else:
        _table(models, out)


def _cost(args: argparse.Namespace, catalog: ModelCatalog, out: _Out) -> None:
    counted = [r.option for r in UNITS if getattr(args, r.argument) is not None]
    if args.response is not None:
        if counted or args.tier != "standard":
            msg = (
                "cost --response FILE takes the counts and tier from the body "
                "(--batch for a batch result)"
            )
            raise InvalidArgumentError(msg)
        body = _response_body(args.response)
        priced = catalog.price_response(
            body, provider=args.provider, model=args.name, batch=args.batch, at=args.at
        )
        _bill(priced, args.json, out)
        return
    if args.name is None or args.provider is not None:
        msg = "cost needs NAME and counts (or --response FILE, which --provider goes with)"
        raise InvalidArgumentError(msg)
    model = catalog.get(args.name)
    # The token totals others are parts of are always asked for, so a forgotten --output is an
    # error, not a free output; a request billed by another unit alone gives only that count.
    totals = [r.option for r in UNITS if r.argument in {u.part_of for u in UNITS}]
    by_tokens = any(getattr(args, r.argument) is not None for r in UNITS if r.per == "token")
    given = [r for r in UNITS if getattr(args, r.argument) is not None]
    if not given or (
        by_tokens and any(getattr(args, r.argument) is None for r in UNITS if r.option in totals)
    ):
        msg = f"cost {args.name} needs {' and '.join(f'{o} N' for o in totals)}"
        msg += " (or only the count it bills by, such as --pages N)"
        raise InvalidArgumentError(msg)
    counts = {row.argument: getattr(args, row.argument) or 0 for row in UNITS}
    bill: CostBreakdown = bill_usage(
        model, Usage(**counts), batch=args.batch, service_tier=args.tier, at=args.at
    )
    _bill(bill, args.json, out)


def _response_body(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        msg = f"cannot read --response {path}: {exc.strerror}"
        raise InvalidArgumentError(msg) from None


def _bill(bill: CostBreakdown, as_json: bool, out: _Out) -> None:  # noqa: FBT001
    if as_json:
        out.add(_json(_full(bill)))
        return
    for item in bill.items:
        per = "1M tokens" if item.unit == "token" else item.unit
        out.add(
            f"{item.component:<15} {item.quantity:>12,} x ${item.unit_price:g}/{per:<9} "
            f"= ${item.amount:.6f}  ({item.source or '?'})"
        )
    when = f" (prices as of {bill.as_of})" if bill.as_of else ""
    out.add(f"{bill.model}: ${bill.total:.6f}{when}")
    if bill.reported_total is not None:
        out.add(f"the response reported ${bill.reported_total:.6f} (a cross-check, not the bill)")


def _providers(args: argparse.Namespace, catalog: ModelCatalog, out: _Out) -> None:
    infos = catalog.providers()
    if args.json:
        out.add(_json([_full(info) for info in infos]))
        return
    for info in infos:
        out.add(f"{info.id:<14} {info.models:>5}  {info.name}")


_COMMANDS: dict[str, Callable[[argparse.Namespace, ModelCatalog, _Out], None]] = {
    "get": _get,
    "list": _list,
    "search": _search,
    "cost": _cost,
    "providers": _providers,
}


def main(argv: Sequence[str] | None = None, catalog: ModelCatalog | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser()
    if argv[:1] and argv[0] in _CHECK_COMMANDS:
        parser.usage_status = 2  # type: ignore[attr-defined]
    args = parser.parse_args(argv)
    if catalog is None:
        from . import catalog as bundled

        catalog = bundled
    out = _Out()
    if args.command in _CHECK_COMMANDS:
        return _CHECK_COMMANDS[args.command](args, catalog, out)
    try:
        _COMMANDS[args.command](args, catalog, out)
    except (UnknownModelError, AmbiguousModelError, UnknownProviderError) as exc:
        print(f"model-catalog: {exc}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except (InvalidArgumentError, PriceUnknownError, CatalogDataError, ResponseShapeError) as exc:
        print(f"model-catalog: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        out.flush()
    except BrokenPipeError:
        _reader_gone()
    return EXIT_OK


def _reader_gone() -> None:
    """The reader went away (``| head``): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


# -- check and diff: the CI commands (exit 0 clean, 1 findings, 2 usage error) ----------------

_CHECK_EPILOG = """\
examples:
  model-catalog check                       this directory (git's file list when inside a repo)
  model-catalog check src app.py --fail-on deprecated --within 30
  model-catalog check --sarif > model-catalog.sarif
  model-catalog check --since old.whl        only models whose record changed since that wheel

A finding is a string literal or config value the catalog resolves (exact id, alias,
provider/id, Bedrock and Vertex ids) to a record that is retired, deprecated, or retires within
--within days. Silence a line with "# model-catalog: ignore" (or "// ..."), a name or key with
  [tool.model-catalog]
  ignore = ["gpt-4-0613"]
in pyproject.toml of the directory you run in.

exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage or input.
"""


def _day(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        msg = f"not a date (YYYY-MM-DD): {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _days(text: str) -> int:
    if not text.isdigit():
        msg = f"not a number of days >= 0: {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def _add_check_commands(sub: Any) -> None:
    check = sub.add_parser(
        "check",
        help="find retired, deprecated and retiring model names in code (for CI)",
        epilog=_CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.usage_status = 2
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default .)")
    check.add_argument(
        "--within",
        type=_days,
        default=90,
        metavar="DAYS",
        help="a retirement date this close counts as retiring (default 90)",
    )
    check.add_argument(
        "--fail-on",
        choices=("retired", "deprecated", "retiring"),
        default="retired",
        help="exit 1 on findings at or above this (default retired)",
    )
    check.add_argument("--today", type=_day, metavar="YYYY-MM-DD", help="as if today were DATE")
    check.add_argument(
        "--since", metavar="OLD", help="only models changed since OLD: a wheel, data dir or git tag"
    )
    form = check.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help='print {"findings": [...]}')
    form.add_argument("--sarif", action="store_true", help="print SARIF 2.1.0 (code scanning)")
    diff = sub.add_parser(
        "diff",
        help="what changed between two catalogs (data dirs or git tags)",
    )
    diff.usage_status = 2
    diff.add_argument("old", help="a data directory, a checkout, or a git tag (read by git show)")
    diff.add_argument("new", help="the same, newer")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")


def _run_check(args: argparse.Namespace, catalog: ModelCatalog, out: _Out) -> int:
    import datetime as dt
    from pathlib import Path

    from . import _changes, _check

    today = args.today or dt.datetime.now(dt.timezone.utc).date().isoformat()
    try:
        only = None
        if args.since:
            old = _check.catalog_at(args.since)
            found = _changes.diff(old, catalog)
            only = frozenset(
                [m.key for m in found.retired + found.unretired + found.deprecated]
                + [k for k, *_ in found.repriced + found.limits + found.capabilities]
                + found.other
            )
        result = _check.scan(
            [Path(p) for p in args.paths or ["."]],
            catalog,
            today=today,
            within=args.within,
            ignore=_check.configured_ignores(Path.cwd()),
            only=only,
        )
    except (InvalidArgumentError, CatalogDataError) as exc:
        print(f"model-catalog check: {exc}", file=sys.stderr)
        return 2
    if args.json:
        out.add(_json({"findings": [_full(f) for f in result.findings]}))
    elif args.sarif:
        out.add(_json(_check.sarif(result, __version__)))
    else:
        for line in _check.text_report(result, args.within):
            out.add(line)
    try:
        out.flush()
    except BrokenPipeError:
        _reader_gone()
    bar = _check.SEVERITY[args.fail_on]
    return 1 if any(_check.SEVERITY[f.status] >= bar for f in result.findings) else 0


def _run_diff(args: argparse.Namespace, _catalog: ModelCatalog, out: _Out) -> int:
    from . import _changes, _check

    try:
        found = _changes.diff(_check.catalog_at(args.old), _check.catalog_at(args.new))
    except (InvalidArgumentError, CatalogDataError) as exc:
        print(f"model-catalog diff: {exc}", file=sys.stderr)
        return 2
    out.add(_json(_changes.as_json(found)) if args.json else _changes.render(found).rstrip())
    try:
        out.flush()
    except BrokenPipeError:
        _reader_gone()
    return 0


_CHECK_COMMANDS: dict[str, Callable[[argparse.Namespace, ModelCatalog, _Out], int]] = {
    "check": _run_check,
    "diff": _run_diff,
}
