"""Time ``catalog.price_response`` against genai-prices' ``extract_usage`` + ``calc_price``.

    python benchmarks/bench_responses.py [--number 2000]

Both price the same real response bodies (tests/fixtures/responses/), parsed once, warm (each
side's data loaded before timing), in the same run; the ratio is ours over theirs (< 1: faster).
genai-prices is installed for this benchmark only (``pip install genai-prices``); without it the
script says so and prints our times alone.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import timeit
from pathlib import Path

from model_catalog import catalog

RESPONSES = Path(__file__).parents[1] / "tests" / "fixtures" / "responses"
CASES = (
    # file, our provider, genai-prices' provider_id and api_flavor
    ("anthropic-messages-cache-read.json", None, "anthropic", "default"),
    ("openai-responses-gpt-5-nano.json", None, "openai", "responses"),
    ("gemini-generate-content-gemini-2.5-flash.json", None, "google", "default"),
    ("openai-chat-gpt-audio-mini.json", "openai", "openai", "chat"),
    ("vertex-generate-content-gemini-2.5-flash.json", "vertex_ai", "google", "default"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=2000, help="calls per measurement")
    args = parser.parse_args()
    have_peer = importlib.util.find_spec("genai_prices") is not None
    if not have_peer:
        print("genai-prices is not installed: pip install genai-prices (benchmark only)")
    print(f"{'response':<46} {'ours us':>9} {'genai-prices us':>16} {'ratio':>7}")
    for name, provider, peer_provider, flavour in CASES:
        body = json.loads((RESPONSES / name).read_bytes())
        catalog.price_response(body, provider=provider)  # load the provider file first

        def ours_once(body: object = body, provider: str | None = provider) -> object:
            return catalog.price_response(body, provider=provider)

        ours = min(timeit.repeat(ours_once, number=args.number, repeat=5))
        ours_us = ours / args.number * 1e6
        if not have_peer:
            print(f"{name:<46} {ours_us:>9.2f}")
            continue
        import genai_prices  # optional: benchmark only

        def theirs(body: object = body, pid: str = peer_provider, flav: str = flavour) -> object:
            extracted = genai_prices.extract_usage(body, provider_id=pid, api_flavor=flav)
            return extracted.calc_price()

        theirs()
        peer = min(timeit.repeat(theirs, number=args.number, repeat=5)) / args.number * 1e6
        print(f"{name:<46} {ours_us:>9.2f} {peer:>16.2f} {ours_us / peer:>6.2f}x")


if __name__ == "__main__":
    main()
