"""The `sandbox` command: the bot with a web chat page on 127.0.0.1, no token, no internet."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from bot.app.settings import Settings
from bot.domain.form import FormError


def _first_line(settings: Settings, port: int) -> str:
    url = f"http://127.0.0.1:{port}/"
    if not settings.channels:
        return (
            f"No BOT_TOKEN is set, so the local sandbox is starting at {url} (no internet needed)."
        )
    return (
        f"Starting the local sandbox at {url} (the tokens are not used: nothing goes to Telegram"
        " or Zalo)."
    )


def run_sandbox_from_cli(settings: Settings, port: int | None = None, reset: bool = False) -> int:
    """Run the sandbox until Ctrl-C; return the process exit code."""
    port = port or settings.sandbox_port
    # Imported here: bot.cli imports this module, and the sandbox loads the whole bot, which
    # the other commands don't need.
    from bot.cli.main import configure_logging
    from bot.sandbox import run_sandbox

    print(_first_line(settings, port), flush=True)
    configure_logging(settings)

    def ready(url: str) -> None:
        print(f"Sandbox ready: open {url} in a browser. Ctrl-C stops it.", flush=True)

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run_sandbox(settings, stop=stop, port=port, reset=reset, on_ready=ready)

    try:
        asyncio.run(serve())
    except FormError as error:
        print(f"The report form can't be used:\n{error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"The sandbox could not start on 127.0.0.1:{port}: {error}", file=sys.stderr)
        return 1
    print("Sandbox stopped; its database is kept (--reset starts afresh).")
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    return run_sandbox_from_cli(settings, args.port, args.reset)


def register(commands: argparse._SubParsersAction) -> None:
    """Add `sandbox [--port PORT] [--reset]` to the command line."""
    sandbox = commands.add_parser(
        "sandbox", help="try every role in a browser: the bot and a chat page on 127.0.0.1"
    )
    sandbox.add_argument(
        "--port", type=int, default=None, help="the page's port (default SANDBOX_PORT, 8080)"
    )
    sandbox.add_argument(
        "--reset", action="store_true", help="start from a freshly seeded sandbox database"
    )
    sandbox.set_defaults(handler=_run)
