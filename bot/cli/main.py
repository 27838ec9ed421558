"""The command line: `python -m bot run | roster ... | members ...`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import signal
import sys
from pathlib import Path

from bot.app.settings import Settings, load_settings
from bot.cli import areas as cli_areas
from bot.cli import export as cli_export
from bot.cli import form as cli_form
from bot.cli import review as cli_review
from bot.cli import roster as cli_roster
from bot.cli import sandbox as cli_sandbox
from bot.cli import schedules as cli_schedules
from bot.cli import targets as cli_targets
from bot.cli.output import missing_database
from bot.core import logs
from bot.domain.form import FormError
from bot.transports.telegram.polling import poll
from storage import backup

logger = logging.getLogger(__name__)


def configure_logging(settings: Settings) -> None:
    """Log one line per event as key=value pairs, stamped with the update being handled."""
    logging.basicConfig(format=logs.FORMAT, level=settings.log_level)
    for handler in logging.getLogger().handlers:
        logs.install(handler)
    # Every poll and every job run would be a line of their own.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.channels:
        return cli_sandbox.run_sandbox_from_cli(settings)
    if settings.zalo_webhook_url is not None and settings.zalo_webhook_secret is None:
        print("The Zalo webhook needs ZALO_WEBHOOK_SECRET (see .env.example).", file=sys.stderr)
        return 2
    if (
        args.webhook
        and "telegram" in settings.channels
        and (settings.webhook_url is None or settings.webhook_secret is None)
    ):
        print(
            "Webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET (see .env.example).",
            file=sys.stderr,
        )
        return 2
    configure_logging(settings)
    try:
        asyncio.run(_serve(settings, webhook=args.webhook))
    except FormError as error:
        print(f"The report form can't be used:\n{error}", file=sys.stderr)
        return 2
    return 0


async def _serve(settings: Settings, *, webhook: bool) -> None:
    """Run one application per messenger configured, over one database, until a signal."""
    from bot.app.application import build_application
    from bot.transports.health import serve_health
    from bot.transports.telegram import ALLOWED_UPDATES
    from bot.transports.telegram.webhook import serve_webhook
    from bot.transports.zalo.web import serve_zalo

    applications = []
    deps = None
    for channel in settings.channels:
        application = build_application(settings, channel=channel, deps=deps)
        deps = application.deps
        applications.append(application)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with contextlib.AsyncExitStack() as stack:
        # The first (primary) application opens the database and, exiting last, closes it.
        for application in applications:
            await stack.enter_async_context(application)
        for application in applications:
            await application.start()
        # What start-up built lives as long as the process: keep it out of the collector's
        # full passes, which would otherwise scan it again and again while updates are handled.
        gc.freeze()
        for application in applications:
            logger.info(
                "Bot @%s is running on %s; Ctrl-C stops it",
                application.bot.username,
                application.channel,
            )
        serving = []
        for application in applications:
            if application.channel == "zalo":
                secret = settings.zalo_webhook_secret
                serving.append(
                    serve_zalo(
                        application,
                        stop,
                        webhook_url=settings.zalo_webhook_url,
                        secret=secret.get_secret_value() if secret else None,
                        listen=settings.web_listen,
                        port=settings.web_port,
                        poll=True,
                    )
                )
            elif webhook:
                serving.append(
                    serve_webhook(
                        application,
                        stop,
                        url=settings.webhook_url,
                        secret=settings.webhook_secret.get_secret_value(),
                        listen=settings.webhook_listen,
                        port=settings.webhook_port,
                    )
                )
            else:
                serving.append(_poll_telegram(application, stop, ALLOWED_UPDATES))
        if all(application.channel != "zalo" for application in applications):
            # GET /health on WEB_LISTEN:WEB_PORT in every mode (Zalo's web server has it).
            serving.append(
                serve_health(
                    applications[0], stop, listen=settings.web_listen, port=settings.web_port
                )
            )
        try:
            await asyncio.gather(*serving)
        finally:
            stop.set()
            for application in reversed(applications):
                await application.stop()


async def _poll_telegram(application, stop: asyncio.Event, allowed: list[str]) -> None:
    await application.bot.delete_webhook()
    await poll(application, stop, allowed_updates=allowed)


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    if missing_database(settings):
        return 1
    counts = backup.backup(settings.database_path, args.out)
    summary = ", ".join(f"{table} {count}" for table, count in counts.items())
    print(f"Backup written to {args.out} and checked: {summary}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Describe every command and its arguments."""
    parser = argparse.ArgumentParser(prog="cns-bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="start the bot (long polling, or --webhook)")
    run.add_argument(
        "--webhook", action="store_true", help="take updates by webhook (WEBHOOK_URL, ...)"
    )
    run.set_defaults(handler=_run)
    copy = commands.add_parser(
        "backup", help="copy the database safely, even while the bot runs, and check the copy"
    )
    copy.add_argument("--out", type=Path, required=True, help="the backup file to write")
    copy.set_defaults(handler=_backup)
    cli_roster.register(commands)
    cli_areas.register(commands)
    cli_form.register(commands)
    cli_schedules.register(commands)
    cli_targets.register(commands)
    cli_export.register(commands)
    cli_review.register(commands)
    cli_sandbox.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, read settings and run the chosen command."""
    args = build_parser().parse_args(argv)
    settings = load_settings()
    return args.handler(args, settings)
