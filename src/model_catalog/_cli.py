"""The ``model-catalog`` command: look models up from a shell."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import msgspec

from . import __version__
from ._catalog import ModelCatalog
from ._errors import AmbiguousModelError, CatalogDataError, UnknownModelError
from ._types import Model

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_NOT_FOUND = 2

_EPILOG = """\
examples:
  model-catalog get grok-2                  what is grok-2, who serves it, what does it cost
  model-catalog get openrouter/openai/gpt-4o --json
  model-catalog list --provider anthropic --capability vision
  model-catalog search sonnet
  model-catalog cost gpt-4o --input 12000 --output 800
  model-catalog providers

Prices are list prices in US dollars per million tokens; "?" means no source gave a value.
exit status: 0 found, 1 bad data or usage, 2 model or provider not found (suggestions on stderr).
"""


def _price(value: float | None) -> str:
    return "?" if value is None else f"${value:g}"


def _describe(model: Model, catalog: ModelCatalog, out: list[str]) -> None:
    p = model.pricing
    life = model.lifecycle
    rows = [
        ("model", model.key),
        ("name", model.name or "?"),
        ("kind", model.kind or "?"),
        ("status", life.status),
        ("context window", f"{model.context_window:,}" if model.context_window else "?"),
        ("max output", f"{model.max_output_tokens:,}" if model.max_output_tokens else "?"),
        ("input / 1M", _price(p.input)),
        ("output / 1M", _price(p.output)),
        ("cached input / 1M", _price(p.cache_read)),
    ]
    if model.aliases:
        rows.append(("aliases", ", ".join(model.aliases)))
    if p.tiers:
        for tier in p.tiers:
            rows.append(
                (
                    f"above {tier.above_input_tokens:,}",
                    f"input {_price(tier.input)}, output {_price(tier.output)}",
                )
            )
    caps = [
        name for name in model.capabilities.__struct_fields__ if getattr(model.capabilities, name)
    ]
    if caps:
        rows.append(("capabilities", ", ".join(caps)))
    for label, value in (
        ("knowledge cutoff", model.knowledge_cutoff),
        ("released", model.release_date),
        ("first seen", life.first_seen),
        ("last seen", life.last_seen),
        ("deprecated on", life.deprecation_date),
        ("retired on", life.retirement_date),
        ("replacement", life.replacement),
    ):
        if value:
            rows.append((label, value))
    for change in model.history:
        price = change.field.startswith("pricing.")
        old, new = (
            "?" if value is None else f"${value:g}" if price else f"{value:,.0f}"
            for value in (change.old, change.new)
        )
        label = change.field.removeprefix("pricing.")
        rows.append((f"changed by {change.observed}", f"{label} {old} → {new} ({change.source})"))
    for label, field in (
        ("listed by", "id"),
        ("price from", "pricing.input"),
        ("limits from", "context_window"),
    ):
        source = catalog.source_of(model, field)
        if source is not None:
            rows.append((label, f"{source.name}, retrieved {source.retrieved} ({source.url})"))
    width = max(len(label) for label, _ in rows)
    out.extend(f"{label:<{width}}  {value}" for label, value in rows)


def _table(models: Sequence[Model]) -> list[str]:
    lines = [f"{'model':<55} {'kind':<10} {'context':>9} {'in/1M':>9} {'out/1M':>9}"]
    for m in models:
        ctx = f"{m.context_window:,}" if m.context_window else "?"
        lines.append(
            f"{m.key:<55} {m.kind or '?':<10} {ctx:>9} "
            f"{_price(m.pricing.input):>9} {_price(m.pricing.output):>9}"
        )
    lines.append(f"{len(models)} models")
    return lines


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="model-catalog",
        description="Look up AI models and their list prices, offline, from the bundled catalog.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    get = sub.add_parser("get", help="show one model (provider/id, id or alias)")
    get.add_argument("name", help="e.g. grok-2, anthropic/claude-sonnet-4-5, gpt-4o")
    get.add_argument("--json", action="store_true", help="print the full record as JSON")

    lst = sub.add_parser("list", help="list models, filtered")
    lst.add_argument("--provider", help="provider id, e.g. openai (see 'providers')")
    lst.add_argument("--kind", help="chat, embedding, image, audio, rerank, moderation, ...")
    lst.add_argument("--capability", help="tools, vision, reasoning, structured_output, ...")
    lst.add_argument("--min-context", type=int, metavar="TOKENS", help="minimum context window")
    lst.add_argument("--include-retired", action="store_true", help="also list retired models")
    lst.add_argument("--json", action="store_true", help="print records as a JSON array")

    search = sub.add_parser("search", help="find models whose id, name or alias contains TEXT")
    search.add_argument("text")
    search.add_argument("--json", action="store_true", help="print records as a JSON array")

    cost = sub.add_parser("cost", help="price one request at list price")
    cost.add_argument("name")
    cost.add_argument("--input", type=int, required=True, metavar="TOKENS", help="prompt tokens")
    cost.add_argument("--output", type=int, required=True, metavar="TOKENS", help="output tokens")
    cost.add_argument(
        "--cached", type=int, default=0, metavar="TOKENS", help="prompt tokens read from cache"
    )

    sub.add_parser("providers", help="list providers and their model counts")
    return parser


def _json(value: object) -> str:
    return msgspec.json.format(msgspec.json.encode(value), indent=2).decode()


def main(argv: Sequence[str] | None = None, catalog: ModelCatalog | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if catalog is None:
        from . import catalog as bundled

        catalog = bundled
    out: list[str] = []
    try:
        if args.command == "get":
            model = catalog.get(args.name)
            if args.json:
                out.append(_json(model))
            else:
                _describe(model, catalog, out)
        elif args.command in ("list", "search"):
            if args.command == "list":
                models = catalog.find(
                    provider=args.provider,
                    kind=args.kind,
                    capability=args.capability,
                    min_context=args.min_context,
                    include_retired=args.include_retired,
                )
            else:
                models = catalog.search(args.text)
            out.extend([_json(models)] if args.json else _table(models))
        elif args.command == "cost":
            model = catalog.get(args.name)
            dollars = model.cost(args.input, args.output, args.cached)
            out.append(f"{model.key}: ${dollars:.6f}")
        else:
            for info in catalog.providers():
                out.append(f"{info.id:<14} {info.models:>5}  {info.name}")
    except UnknownModelError as exc:
        print(f"model-catalog: {exc}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except (AmbiguousModelError, KeyError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        print(f"model-catalog: {message}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except (ValueError, TypeError, CatalogDataError) as exc:
        print(f"model-catalog: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print("\n".join(out))
    return EXIT_OK
