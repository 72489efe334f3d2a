"""`python -m bot` / `loan-offset-bot`: the Telegram bot, or the terminal chat without a token.

    python -m bot               # TELEGRAM_WEBHOOK_URL unset: polls; set: serves the webhook
    python -m bot healthcheck   # exit 0 when healthy, else 1 with one line (Docker's HEALTHCHECK)
    python -m bot --lang es     # the terminal chat in Spanish (else the terminal's LC_ALL, LC_MESSAGES or LANG)

Settings come from the environment and `.env` (see `.env.example`). SIGINT and
SIGTERM stop the bot cleanly with exit status 0 (PTB's run_polling handles them
when polling, `bot.webhook` in webhook mode). A bad configuration exits 2.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

__all__ = ["main", "healthcheck"]

log = logging.getLogger("bot")

USAGE = "usage: python -m bot [healthcheck | --lang LANGUAGE]"
#: How long the health check waits for the database and for /healthz.
HEALTHCHECK_TIMEOUT = 3.0


def _prepare_sqlite_dir(store: object) -> None:
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)


def _describe_errors(err: ValidationError) -> str:
    """One line per problem, naming the environment variable; never the value (it may be a secret)."""
    lines = []
    for error in err.errors(include_input=False, include_url=False, include_context=False):
        name = ".".join(str(part) for part in error.get("loc", ())).upper()
        message = str(error.get("msg", "invalid"))
        message = message.removeprefix("Value error, ")
        lines.append(f"  {name}: {message}" if name and name not in message else f"  {message}")
    return "\n".join(lines)


def _data_dir(store: object) -> Path:
    """Where the bot keeps its data: the SQLite file's folder, else ./data."""
    path = getattr(store, "path", None)
    return path.parent if isinstance(path, Path) else Path.cwd() / "data"


def _save_in(folder: Path):  # noqa: ANN202 - Callable[[Attachment], str]
    """Keep a file the bot sends (the breakdown's chart, the deadline's calendar file) in `folder`, under its name
    only, never a path the bot chose."""

    def save(attachment) -> str:  # noqa: ANN001 - conversations.api.Attachment
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / Path(attachment.filename).name
        path.write_bytes(attachment.content)
        return str(path)

    return save


async def _terminal(store, engine, *, charts: bool, lang: str | None) -> None:  # noqa: ANN001
    import os

    from conversations.terminal import run_terminal, terminal_language

    # INFO lines would land in the middle of the chat on the same screen.
    if logging.getLogger().level == logging.INFO:
        logging.getLogger().setLevel(logging.WARNING)
    await store.open()
    try:
        # Under the data directory, beside the database: not wherever the terminal happens to be (the repository).
        save = _save_in(_data_dir(store))
        await run_terminal(engine, save_attachment=save, save_picture=save if charts else None,
                           locale=terminal_language(os.environ, lang))
    finally:
        await store.close()


# --- healthcheck ---------------------------------------------------------------------


async def _check_database(url: str) -> None:
    """Open the store and read a conversation nobody has (what /healthz does in webhook mode)."""
    from conversations.api import ChatKey
    from conversations.store import open_store

    store = open_store(url)
    _prepare_sqlite_dir(store)
    await asyncio.wait_for(store.open(), HEALTHCHECK_TIMEOUT)
    try:
        await asyncio.wait_for(store.load(ChatKey(0, 0)), HEALTHCHECK_TIMEOUT)
    finally:
        await store.close()


def _healthz_url(settings) -> str:  # noqa: ANN001
    host = settings.bot_listen_host
    if host in ("0.0.0.0", "", "*"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.port}/healthz"


def healthcheck(settings) -> int:  # noqa: ANN001
    """0 when the database opens (and, in webhook mode, /healthz answers 200); else 1 and one line on stdout."""
    try:
        asyncio.run(_check_database(settings.database_url))
    except Exception as err:  # noqa: BLE001 - any failure is "unhealthy"; the URL may hold a password: not shown
        print(f"unhealthy: the database does not open ({type(err).__name__})")
        return 1
    if settings.webhook_url:
        import httpx

        url = _healthz_url(settings)
        try:
            status = httpx.get(url, timeout=HEALTHCHECK_TIMEOUT).status_code
        except httpx.HTTPError as err:
            print(f"unhealthy: nothing answers at {url} ({type(err).__name__})")
            return 1
        if status != 200:
            print(f"unhealthy: {url} answered {status}")
            return 1
    print("healthy")
    return 0


# --- main ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    lang = _lang_option(argv)
    if argv not in ([], ["healthcheck"]) and lang is None:
        print(USAGE, file=sys.stderr)
        return 2
    checking = argv == ["healthcheck"]

    from bot.logging_setup import setup_logging

    settings = _load_settings(checking)
    if isinstance(settings, int):
        return settings
    setup_logging("WARNING" if checking else settings.log_level, secrets=[settings.token, settings.webhook_secret])
    if checking:
        return healthcheck(settings)
    return _run(settings, lang=lang)


def _lang_option(argv: list[str]) -> str | None:
    """The terminal chat's language from `--lang es` or `--lang=es`; None when the arguments are anything else."""
    if len(argv) == 2 and argv[0] == "--lang" and argv[1]:
        return argv[1]
    if len(argv) == 1 and argv[0].startswith("--lang=") and argv[0] != "--lang=":
        return argv[0].removeprefix("--lang=")
    return None


def _load_settings(checking: bool):  # noqa: ANN202 - bot.settings.Settings, or the exit status
    """The settings, or the exit status for a bad configuration (1 for the health check, else 2)."""
    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as err:
        if checking:  # Docker reads 1 as unhealthy; other codes are reserved
            print("unhealthy: bad configuration: " + " ".join(_describe_errors(err).split()))
            return 1
        print(f"loan-offset-bot: bad configuration:\n{_describe_errors(err)}", file=sys.stderr)
        return 2


def _run(settings, *, lang: str | None = None) -> int:  # noqa: ANN001
    """The bot (polling or webhook), or the terminal chat without a token (in `lang`, when given); returns the
    exit status."""
    from conversations.engine import ConversationEngine
    from conversations.privacy import Retention
    from conversations.store import open_store

    try:
        store = open_store(settings.database_url)
    except (ValueError, ImportError) as err:
        print(f"loan-offset-bot: BOT_DATABASE_URL: {err}", file=sys.stderr)
        return 2
    _prepare_sqlite_dir(store)
    engine = ConversationEngine(store, retention=Retention.days(settings.bot_retention_days))

    if not settings.token:
        print("No TELEGRAM_BOT_TOKEN set: running the conversation in this terminal instead.", file=sys.stderr)
        try:
            asyncio.run(_terminal(store, engine, charts=settings.bot_charts, lang=lang))
        except KeyboardInterrupt:
            return 130
        return 0

    from bot.app import ALLOWED_UPDATES, build_application

    application = build_application(settings, engine, store=store, prepare=True)
    if settings.webhook_url:
        from bot.webhook import run_webhook

        log.info("starting: webhook mode")
        status = run_webhook(application, settings, store=store)
        log.info("stopped")
        return status

    log.info("starting: polling for updates")
    # Pending updates are kept: people who wrote while we were down get answers.
    # SIGINT/SIGTERM/SIGABRT stop polling, then shutdown (post_shutdown closes the store).
    # Polling deletes a webhook left from webhook mode (Telegram allows one or the other).
    application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, bootstrap_retries=3)
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
