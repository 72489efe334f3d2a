"""Webhook mode (issue #4): `python -m bot` with TELEGRAM_WEBHOOK_URL, and `bot.webhook` in-process.

Updates are made by the stand-in (so the bot's replies can quote them and
buttons resolve) and then POSTed to the bot's webhook the way Telegram would.
Synchronisation is by the stand-in's events (setWebhook seen, messages sent)
and by bounded /healthz polling; never by sleeping.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from botapi_stub import BotAPIStub

ROOT = Path(__file__).resolve().parent.parent
ME = 5150
SECRET = "s3cret-Webhook_token-0123456789"
PUBLIC_URL = "https://bot.example.test/telegram/hook-7"
HOOK_PATH = "/telegram/hook-7"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def last_update(stub: BotAPIStub) -> dict[str, Any]:
    """The update the stand-in just made (send_text, press_button...): what Telegram would POST."""
    return stub.pending_updates[-1]


class Hook:
    """An httpx client aimed at the bot's webhook server."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.client = httpx.AsyncClient(base_url=self.base, timeout=10)

    async def post(self, update: Any, secret: str | bytes | None = SECRET, **kwargs: Any) -> httpx.Response:
        headers = {HEADER: secret} if secret is not None else {}
        headers.update(kwargs.pop("headers", {}))
        if "content" not in kwargs:
            kwargs["json"] = update
        return await self.client.post(HOOK_PATH, headers=headers, **kwargs)

    async def deliver(self, stub: BotAPIStub) -> None:
        """POST the stand-in's newest update with the right secret; it must be accepted."""
        response = await self.post(last_update(stub))
        assert response.status_code == 200, response.text

    async def healthz(self) -> httpx.Response:
        return await self.client.get("/healthz")

    async def aclose(self) -> None:
        await self.client.aclose()


async def conversation_to_breakdown(stub: BotAPIStub, hook: Hook, chat: int = ME) -> None:
    stub.send_command(chat, chat, "start")
    await hook.deliver(stub)
    [welcome] = await stub.next_messages(chat, 1, timeout=20)
    assert "unpaid balance" in welcome.text
    stub.send_text(chat, chat, "15000")
    await hook.deliver(stub)
    [event] = await stub.next_messages(chat, 1)
    stub.press_button(chat, chat, event.message_id, event.button("I left my job"))
    await hook.deliver(stub)
    await stub.next_messages(chat, 1)
    stub.send_text(chat, chat, "today")
    await hook.deliver(stub)
    await stub.next_messages(chat, 1)
    stub.send_text(chat, chat, "45")
    await hook.deliver(stub)
    [when] = await stub.next_messages(chat, 1)
    stub.press_button(chat, chat, when.message_id, when.button("Within"))
    await hook.deliver(stub)
    [rate] = await stub.next_messages(chat, 1)
    stub.press_button(chat, chat, rate.message_id, rate.button("22%"))
    await hook.deliver(stub)
    [state] = await stub.next_messages(chat, 1)
    stub.press_button(chat, chat, state.message_id, state.button("Skip"))
    await hook.deliver(stub)
    [breakdown] = await stub.next_messages(chat, 1)
    assert "Federal income tax: $3,300.00" in breakdown.text
    assert "10% early withdrawal tax: $1,500.00" in breakdown.text


def run_healthcheck(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "healthcheck"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


# --- `python -m bot` in webhook mode ------------------------------------------------


@pytest.fixture
def webhook_env(stub: BotAPIStub) -> dict[str, str]:
    return {
        "TELEGRAM_WEBHOOK_URL": PUBLIC_URL,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "BOT_LISTEN_HOST": "127.0.0.1",
        "PORT": str(free_port()),
    }


async def test_python_m_bot_serves_the_webhook(
    stub: BotAPIStub, spawn_bot, bot_env: dict[str, str], webhook_env: dict[str, str], tmp_path: Path  # noqa: ANN001
) -> None:
    proc = await spawn_bot(**webhook_env)
    hook = Hook(int(webhook_env["PORT"]))
    try:
        registered = await stub.wait_for("setWebhook", timeout=30)
        assert registered.params["url"] == PUBLIC_URL
        assert registered.params["secret_token"] == SECRET
        assert registered.json("allowed_updates") == ["message", "callback_query", "inline_query"]
        assert registered.params.get("drop_pending_updates", "false") == "false"
        assert stub.webhook == {"url": PUBLIC_URL, "secret_token": SECRET}
        # The server listens before setWebhook, so it answers now.
        assert (await hook.healthz()).status_code == 200
        assert (await hook.healthz()).json() == {"ok": True}

        await conversation_to_breakdown(stub, hook)

        # Wrong or missing secret: 403, and the update is never processed. Had it
        # been, its answer would come before the next one's (one person's
        # updates are handled in order).
        other = ME + 1
        stub.send_command(other, other, "start")
        refused = last_update(stub)
        assert (await hook.post(refused, secret="wrong")).status_code == 403
        assert (await hook.post(refused, secret=None)).status_code == 403
        stub.send_command(other, other, "start")
        await hook.deliver(stub)
        await stub.next_messages(other, 1)
        assert len(stub.sent[other]) == 1

        # `python -m bot healthcheck` against the running bot.
        check = run_healthcheck({**bot_env, **webhook_env}, tmp_path)
        assert check.returncode == 0, check.stdout + check.stderr

        assert not stub.find("getUpdates")  # a webhook bot never polls
        proc.signal(signal.SIGTERM)
        assert await proc.wait() == 0, proc.output
    finally:
        await hook.aclose()
    output = proc.output
    assert "Traceback" not in output
    assert SECRET not in output and stub.token not in output
    assert "refused a request without the right secret token" in output
    assert stub.webhook["url"] == PUBLIC_URL  # kept: Telegram holds updates while the bot restarts


async def test_polling_again_deletes_the_webhook(stub: BotAPIStub, spawn_bot, webhook_env: dict[str, str]) -> None:  # noqa: ANN001
    proc = await spawn_bot(**webhook_env)
    await stub.wait_for("setWebhook", timeout=30)
    proc.signal(signal.SIGINT)
    assert await proc.wait() == 0, proc.output

    mark = stub.mark()
    polling = await spawn_bot()  # no TELEGRAM_WEBHOOK_URL: polls
    await stub.wait_for("deleteWebhook", after=mark, timeout=30)
    await stub.wait_polling(timeout=30)
    assert stub.webhook == {}
    stub.send_command(ME, ME, "start")
    [welcome] = await stub.next_messages(ME, 1)
    assert "unpaid balance" in welcome.text
    polling.signal(signal.SIGTERM)
    assert await polling.wait() == 0, polling.output


async def test_healthcheck_fails_when_nothing_listens(bot_env: dict[str, str], webhook_env: dict[str, str], tmp_path: Path) -> None:
    check = run_healthcheck({**bot_env, **webhook_env}, tmp_path)
    assert check.returncode == 1
    assert len(check.stdout.strip().splitlines()) == 1 and check.stdout.startswith("unhealthy")
    assert f"127.0.0.1:{webhook_env['PORT']}/healthz" in check.stdout


def test_healthcheck_polling_mode_checks_the_database(bot_env: dict[str, str], tmp_path: Path) -> None:
    ok = run_healthcheck(bot_env, tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    bad = run_healthcheck({**bot_env, "BOT_DATABASE_URL": f"sqlite:///{blocker}/bot.sqlite3"}, tmp_path)
    assert bad.returncode == 1
    assert len(bad.stdout.strip().splitlines()) == 1 and "database" in bad.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TELEGRAM_WEBHOOK_URL": PUBLIC_URL}, "TELEGRAM_WEBHOOK_SECRET is required"),
        ({"TELEGRAM_WEBHOOK_URL": "http://bot.example.test/hook", "TELEGRAM_WEBHOOK_SECRET": SECRET}, "must use https"),
        ({"TELEGRAM_WEBHOOK_URL": PUBLIC_URL, "TELEGRAM_WEBHOOK_SECRET": "no spaces! " + SECRET}, "1-256 characters"),
        ({"TELEGRAM_WEBHOOK_URL": PUBLIC_URL, "TELEGRAM_WEBHOOK_SECRET": "x" * 257}, "1-256 characters"),
        ({"TELEGRAM_WEBHOOK_URL": "https://bot.example.test/healthz", "TELEGRAM_WEBHOOK_SECRET": SECRET}, "/healthz"),
        ({"PORT": "70000"}, "PORT"),
    ],
)
def test_bad_webhook_settings_exit_2_without_echoing_secrets(
    bot_env: dict[str, str], tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot"], capture_output=True, text=True, cwd=tmp_path, env={**bot_env, **env}, timeout=60
    )
    assert result.returncode == 2
    assert expected in result.stderr
    assert SECRET not in result.stderr and bot_env["TELEGRAM_BOT_TOKEN"] not in result.stderr
    check = run_healthcheck({**bot_env, **env}, tmp_path)
    assert check.returncode == 1 and len(check.stdout.strip().splitlines()) == 1
    assert SECRET not in check.stdout


def test_webhook_settings() -> None:
    from bot.settings import Settings

    local = Settings(_env_file=None, telegram_webhook_url="http://127.0.0.1:8081/hook", telegram_webhook_secret="a")
    assert local.webhook_path == "/hook" and local.webhook_secret == "a"
    bare = Settings(_env_file=None, telegram_webhook_url="https://bot.example.test", telegram_webhook_secret="A_b-9")
    assert bare.webhook_path == "/" and bare.port == 8080 and bare.bot_listen_host == "0.0.0.0"
    assert "A_b-9" not in repr(bare)
    assert Settings(_env_file=None, telegram_webhook_url="").webhook_url is None


# --- bot.webhook in-process: the HTTP edge cases ---------------------------------------


@pytest.fixture
async def served(stub: BotAPIStub, bot_settings):  # noqa: ANN001
    """The real Application behind `serve_webhook`, in this event loop, on 127.0.0.1 and a free port."""
    from conftest import TODAY
    from pydantic import SecretStr

    from bot.app import build_application
    from bot.webhook import serve_webhook
    from conversations.engine import ConversationEngine
    from conversations.store import open_store

    settings = bot_settings.model_copy(
        update={
            "telegram_webhook_url": PUBLIC_URL,
            "telegram_webhook_secret": SecretStr(SECRET),
            "bot_listen_host": "127.0.0.1",
            "port": free_port(),
        }
    )
    store = open_store(settings.database_url)
    application = build_application(settings, ConversationEngine(store, clock=lambda: TODAY), store=store)
    stop = asyncio.Event()
    task = asyncio.create_task(serve_webhook(application, settings, store=store, stop=stop, stop_signals=()))
    waiter = asyncio.create_task(stub.wait_for("setWebhook", timeout=20))
    done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:  # start-up failed: show why
        waiter.cancel()
        raise AssertionError(f"serve_webhook returned {task.result()}")
    hook = Hook(settings.port)
    hook.store = store  # type: ignore[attr-defined]
    hook.stop = stop  # type: ignore[attr-defined]
    hook.task = task  # type: ignore[attr-defined]
    try:
        yield hook
    finally:
        await hook.aclose()
        stop.set()
        assert await asyncio.wait_for(task, 20) == 0


async def test_http_edges(stub: BotAPIStub, served: Hook) -> None:
    stub.send_command(ME, ME, "start")
    update = last_update(stub)
    # Missing or wrong secret, even with a good update: 403.
    assert (await served.post(update, secret=None)).status_code == 403
    assert (await served.post(update, secret=SECRET + "x")).status_code == 403
    assert (await served.post(update, secret=SECRET[:-1])).status_code == 403
    assert (await served.post(update, secret=("é" + SECRET).encode())).status_code == 403
    # Right secret, bad bodies: 400.
    assert (await served.post(None, content=b"{not json", headers={"Content-Type": "application/json"})).status_code == 400
    assert (await served.post([1, 2])).status_code == 400
    assert (await served.post({"no": "update_id"})).status_code == 400
    assert (await served.post({"update_id": 1, "message": {"bogus": True}})).status_code == 400
    # Too big: 413, by Content-Length and when streamed in chunks without one.
    big = b'{"update_id": 1, "x": "' + b"a" * (1024 * 1024) + b'"}'
    assert (await served.post(None, content=big)).status_code == 413

    async def chunks():  # noqa: ANN202
        for start in range(0, len(big), 65536):
            yield big[start : start + 65536]

    assert (await served.post(None, content=chunks())).status_code == 413
    # Other paths and methods.
    assert (await served.client.get(HOOK_PATH, headers={HEADER: SECRET})).status_code == 405
    assert (await served.client.post("/elsewhere", headers={HEADER: SECRET}, json=update)).status_code == 404
    assert (await served.client.post("/healthz")).status_code == 405
    assert not stub.find("sendMessage")  # nothing above was processed

    # The same update, properly sent, is.
    assert (await served.post(update)).status_code == 200
    [welcome] = await stub.next_messages(ME, 1)
    assert "unpaid balance" in welcome.text
    health = await served.healthz()
    assert health.status_code == 200 and health.json() == {"ok": True}


async def test_healthz_503_when_the_store_does_not_answer(stub: BotAPIStub, served: Hook) -> None:
    assert (await served.healthz()).status_code == 200
    store = served.store  # type: ignore[attr-defined]

    async def broken(key):  # noqa: ANN001, ANN202
        raise OSError("disk gone")

    original, store.load = store.load, broken
    try:
        response = await served.healthz()
        assert response.status_code == 503 and response.json() == {"ok": False}
    finally:
        store.load = original
    assert (await served.healthz()).status_code == 200


async def test_stop_processes_what_was_queued(stub: BotAPIStub, served: Hook) -> None:
    stub.send_command(ME, ME, "start")
    await served.deliver(stub)
    served.stop.set()  # type: ignore[attr-defined]
    assert await asyncio.wait_for(served.task, 20) == 0  # type: ignore[attr-defined]
    assert len(stub.sent.get(ME, [])) == 1  # answered before the Application stopped
    with pytest.raises(httpx.ConnectError):
        await served.healthz()


async def test_port_in_use_exits_1(stub: BotAPIStub, bot_settings) -> None:  # noqa: ANN001
    from pydantic import SecretStr

    from bot.app import build_application
    from bot.webhook import serve_webhook
    from conversations.engine import ConversationEngine
    from conversations.store import open_store

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        settings = bot_settings.model_copy(
            update={
                "telegram_webhook_url": PUBLIC_URL,
                "telegram_webhook_secret": SecretStr(SECRET),
                "bot_listen_host": "127.0.0.1",
                "port": taken.getsockname()[1],
            }
        )
        store = open_store(settings.database_url)
        application = build_application(settings, ConversationEngine(store), store=store)
        assert await asyncio.wait_for(serve_webhook(application, settings, store=store, stop_signals=()), 30) == 1
    assert not stub.find("setWebhook")
    assert not application.running


def test_env_example_documents_webhook_settings() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in ("TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "BOT_LISTEN_HOST", "PORT"):
        assert f"{name}=" in text
    assert "443, 80, 88 and 8443" in text
    assert os.path.exists(ROOT / "bot" / "webhook.py")
