"""`python -m bench [NAME ...]`: run the benchmarks (all by default) and print their figures."""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime

from bench import broadcast, concurrency, dialogs, export, memory, review, startup, summary
from bench.common import machine

BENCHMARKS = {
    module.NAME: module
    for module in (dialogs, summary, broadcast, memory, startup, concurrency, export, review)
}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks one after the other; the figures come last."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BENCHMARKS))
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    began = time.perf_counter()
    figures = []
    for name in args.names or list(BENCHMARKS):
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        figures.extend(asyncio.run(BENCHMARKS[name].run()))
        print(f"({name}: {time.perf_counter() - started:.0f} s)\n", flush=True)
    host = machine()
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {host['cpu']}, {host['cores']} cores, "
        f"{host['ram']} RAM; Python {host['python']}, SQLite {host['sqlite']}; "
        f"total {time.perf_counter() - began:.0f} s"
    )
    for figure in figures:
        print(figure.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
