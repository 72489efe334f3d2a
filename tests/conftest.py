"""Shared test fixtures: the Telegram bot end to end (bot/ and the Bot API stand-in), and the conversation engine.

- `stub`: a running `BotAPIStub` (tests/botapi_stub.py) on 127.0.0.1 and a free port.
- `start_bot`: a factory; ``bot = await start_bot()`` builds the real Application
  with `bot.app.build_application` against the stub, over a real SQLite store in
  tmp_path, and polls in the test's event loop. ``await bot.stop()`` stops it
  (as at a restart); ``await start_bot()`` again continues over the same database.
  Everything still running is stopped at teardown.
- `running_bot`: ``await start_bot()`` done for you.
- `bot_settings`: the `Settings` pointing at the stub and that database.
- `store`, `engine`: the store at `store_url` (memory:// unless a file overrides it), open, and a
  `ConversationEngine` over it whose clock is `engine_now` (`TODAY` unless a file overrides it).
- `every_store_url`: memory, SQLite and (when TEST_POSTGRES_URL is set) PostgreSQL in turn; a file
  testing every backend sets ``store_url`` to it. `pg_url`: a PostgreSQL schema of its own, dropped after.

The bot's engine runs on `TODAY` unless ``start_bot(clock=...)`` says otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
for path in (str(TESTS), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)
os.environ.setdefault("PTB_TIMEDELTA", "1")  # as bot/__init__.py sets it, for tests that use a bare Bot

from botapi_stub import BotAPIStub  # noqa: E402

TODAY = dt.datetime(2026, 3, 10, 12, 0)


@dataclass
class RunningBot:
    """A started Application and what it was built from."""

    application: object  # telegram.ext.Application
    engine: object  # conversations.ConversationEngine
    store: object  # conversations.api.StateStore
    stopped: bool = False

    def __repr__(self) -> str:  # the Application's repr shows the token
        return f"RunningBot(stopped={self.stopped})"

    async def stop(self) -> None:
        """Stop polling, stop and shut down the Application, close the store (like a clean restart)."""
        if self.stopped:
            return
        self.stopped = True
        app = self.application
        try:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
        finally:
            await app.shutdown()
            if app.post_shutdown is not None:
                await app.post_shutdown(app)


@pytest.fixture
async def stub() -> AsyncIterator[BotAPIStub]:
    async with BotAPIStub() as server:
        yield server


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bot.sqlite3'}"


@pytest.fixture
def bot_settings(stub: BotAPIStub, database_url: str):
    from bot.settings import Settings

    return Settings(
        _env_file=None,
        telegram_bot_token=stub.token,
        telegram_api_base_url=stub.base_url,
        bot_database_url=database_url,
        log_level="INFO",
        # Pictures off: these tests read the bot's replies message by message, and a chart after each breakdown
        # would shift them. tests/test_bot_chart.py turns them on.
        bot_charts=False,
    )


@pytest.fixture
async def start_bot(stub: BotAPIStub, bot_settings) -> AsyncIterator[Callable[..., Awaitable[RunningBot]]]:
    from bot.app import ALLOWED_UPDATES, build_application
    from conversations.engine import ConversationEngine
    from conversations.store import open_store

    started: list[RunningBot] = []

    async def start(
        *,
        settings=None,  # noqa: ANN001
        clock: Callable[[], dt.datetime] | None = lambda: TODAY,
        rate_limiter=None,  # noqa: ANN001
        poll_timeout: int = 5,
        engine=None,  # noqa: ANN001 - a stand-in engine (anything with `async handle(key, incoming, ...)`)
        **build_kwargs,  # noqa: ANN003
    ) -> RunningBot:
        settings = settings or bot_settings
        store = open_store(settings.database_url)
        engine = engine if engine is not None else ConversationEngine(store, clock=clock)
        if "throttle" not in build_kwargs:
            # Test "people" answer the instant a reply arrives, which the production
            # one-reply-a-second-per-person throttle would turn into a second's wait
            # per step. tests/test_bot_flood.py tests the throttle itself.
            from bot.throttle import ReplyThrottle

            build_kwargs["throttle"] = ReplyThrottle(0)
        app = build_application(settings, engine, store=store, rate_limiter=rate_limiter, **build_kwargs)
        running = RunningBot(app, engine, store)
        await app.initialize()
        started.append(running)
        await app.post_init(app)  # run_polling would do this: opens the store, setMyCommands
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
        return running

    yield start
    for running in reversed(started):
        await running.stop()


@pytest.fixture
async def running_bot(start_bot) -> RunningBot:  # noqa: ANN001
    return await start_bot()


# --- `python -m bot` as a subprocess ---------------------------------------------


class BotProcess:
    """`python -m bot` in a subprocess, pointed at the stub; stderr goes to a file."""

    def __init__(self, env: dict[str, str], cwd: Path, log_path: Path) -> None:
        self.env, self.cwd, self.log_path = env, cwd, log_path
        self.proc = None

    async def start(self) -> BotProcess:
        import asyncio

        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in wait()
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=self.cwd,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
        )
        return self

    def signal(self, signum: int) -> None:
        self.proc.send_signal(signum)

    async def wait(self, timeout: float = 20) -> int:
        import asyncio

        try:
            return await asyncio.wait_for(self.proc.wait(), timeout)
        finally:
            self._log.close()

    @property
    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def ensure_dead(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()  # this process only, by its pid
            await self.wait()


@pytest.fixture
def bot_env(stub: BotAPIStub, database_url: str) -> dict[str, str]:
    """Environment for a `python -m bot` subprocess using the stub and the test's database."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_", "LOG_LEVEL"))}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
        TELEGRAM_BOT_TOKEN=stub.token,
        TELEGRAM_API_BASE_URL=stub.base_url,
        BOT_DATABASE_URL=database_url,
        LOG_LEVEL="INFO",
    )
    return env


@pytest.fixture
async def spawn_bot(bot_env: dict[str, str], tmp_path: Path) -> AsyncIterator[Callable[..., Awaitable[BotProcess]]]:
    """``proc = await spawn_bot(LOG_LEVEL="DEBUG")``: start `python -m bot` (cwd: tmp_path, so no .env)."""
    procs: list[BotProcess] = []

    async def spawn(**env_overrides: str) -> BotProcess:
        env = {**bot_env, **env_overrides}
        proc = BotProcess(env, tmp_path, tmp_path / f"bot-{len(procs)}.log")
        procs.append(proc)
        return await proc.start()

    yield spawn
    for proc in procs:
        await proc.ensure_dead()


# --- the conversation engine over an in-memory store ------------------------------


@pytest.fixture
def engine_now() -> dt.datetime:
    """The engine's fixed clock; a test file that needs another day overrides this fixture."""
    return TODAY


@pytest.fixture
def store_url() -> str:
    """The store `store` opens; a file that tests every backend overrides it with `every_store_url`."""
    return "memory://"


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[object]:
    """The store at `store_url`, open, and closed at teardown."""
    from conversations.store import open_store

    s = open_store(store_url)
    await s.open()
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
def engine(store, engine_now: dt.datetime):  # noqa: ANN001, ANN201
    """A `ConversationEngine` over `store` whose clock is always `engine_now`."""
    from conversations import ConversationEngine

    return ConversationEngine(store, clock=lambda: engine_now)


# --- every store backend; PostgreSQL when TEST_POSTGRES_URL is set ------------------

PG_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()
needs_pg = pytest.mark.skipif(
    not PG_URL,
    reason="TEST_POSTGRES_URL is not set (start a server with: export TEST_POSTGRES_URL=$(bash .ci/postgres.sh))",
)


def with_schema(url: str, schema: str) -> str:
    return f"{url}{'&' if urlsplit(url).query else '?'}schema={schema}"


async def drop_schema(schema: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_URL)
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await conn.close()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A PostgreSQL store URL with a schema of its own, dropped after the test."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    yield with_schema(PG_URL, schema)
    await drop_schema(schema)


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=needs_pg)])
def every_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each backend in turn: memory, a SQLite file in tmp_path, a PostgreSQL schema (`pg_url`)."""
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.sqlite3'}"  # absolute: four slashes
    return request.getfixturevalue("pg_url")
