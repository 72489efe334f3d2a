"""`python -m bot` / `loan-offset-bot`: the Telegram bot, or the terminal chat without a token.

Settings come from the environment and `.env` (see `.env.example`). SIGINT and
SIGTERM stop the bot cleanly (PTB's run_polling handles them) with exit status 0.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

__all__ = ["main"]

log = logging.getLogger("bot")


def _prepare_sqlite_dir(store: object) -> None:
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)


async def _terminal(store, engine) -> None:  # noqa: ANN001
    from conversations.terminal import run_terminal

    await store.open()
    try:
        await run_terminal(engine)
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> int:
    from bot.logging_setup import setup_logging
    from bot.settings import Settings

    try:
        settings = Settings()
    except ValidationError as err:
        # pydantic's message names the setting; it never echoes a SecretStr.
        print(f"loan-offset-bot: bad configuration:\n{err}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, secrets=[settings.token])

    from conversations.machine import ConversationEngine
    from conversations.store import open_store

    try:
        store = open_store(settings.database_url)
    except (ValueError, ImportError) as err:
        print(f"loan-offset-bot: BOT_DATABASE_URL: {err}", file=sys.stderr)
        return 2
    _prepare_sqlite_dir(store)
    engine = ConversationEngine(store)

    if not settings.token:
        print("No TELEGRAM_BOT_TOKEN set: running the conversation in this terminal instead.", file=sys.stderr)
        try:
            asyncio.run(_terminal(store, engine))
        except KeyboardInterrupt:
            return 130
        return 0

    from bot.app import ALLOWED_UPDATES, build_application

    application = build_application(settings, engine, store=store)
    log.info("starting: polling for updates")
    # Pending updates are kept: people who wrote while we were down get answers.
    # SIGINT/SIGTERM/SIGABRT stop polling, then shutdown (post_shutdown closes the store).
    application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, bootstrap_retries=3)
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
