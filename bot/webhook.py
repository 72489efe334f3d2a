"""Webhook mode: a small tornado server in front of a PTB `Application`.

    exit_code = run_webhook(application, settings, store=store)

PTB's own `run_webhook` has no health route, so this serves:

- ``POST <path of TELEGRAM_WEBHOOK_URL>``: an update from Telegram. The
  ``X-Telegram-Bot-Api-Secret-Token`` header must equal TELEGRAM_WEBHOOK_SECRET
  (compared in constant time), else 403 and the body is not even read; a body
  over `MAX_BODY` bytes is 413, one that is not a JSON update 400. A good update
  goes to ``application.update_queue`` (so our update processor orders it like a
  polled one) and is answered 200 at once.
- ``GET /healthz``: 200 ``{"ok": true}`` when the store answers a read, else 503.

Start-up: initialize the Application, run its post_init (opens the store, sets
the command menu), start it, listen, then ``setWebhook`` with the secret and
`ALLOWED_UPDATES`, keeping pending updates. SIGTERM/SIGINT stop it cleanly:
stop listening, process what was queued, stop and shut down the Application
(post_shutdown closes the store); exit status 0. The webhook stays registered,
so Telegram keeps updates while the bot restarts.

Nothing here logs the secret, the token, request paths or update contents.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.settings import HEALTHZ_PATH, Settings

__all__ = ["MAX_BODY", "SECRET_HEADER", "WebhookServer", "check_store", "run_webhook", "serve_webhook"]

log = logging.getLogger("bot.webhook")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
#: Updates are a few KiB; anything near this is not from Telegram.
MAX_BODY = 1024 * 1024
#: How long /healthz waits for the store before answering 503.
HEALTH_TIMEOUT = 3.0
#: Attempts for the start-up calls (getMe, setWebhook) when Telegram is unreachable.
STARTUP_ATTEMPTS = 4


async def check_store(store: Any, timeout: float = HEALTH_TIMEOUT) -> bool:
    """True when the store answers a read (of a conversation nobody has) in time."""
    if store is None:
        return True
    from conversations.api import ChatKey

    try:
        await asyncio.wait_for(store.load(ChatKey(0, 0)), timeout)
    except Exception as err:  # noqa: BLE001 - any failure means unhealthy
        log.warning("health check: the store does not answer: %s", type(err).__name__)
        return False
    return True


def _json(handler: tornado.web.RequestHandler, status: int, body: dict[str, Any]) -> None:
    handler.set_status(status)
    handler.set_header("Content-Type", "application/json")
    handler.set_header("Cache-Control", "no-store")
    handler.finish(json.dumps(body))


class _Base(tornado.web.RequestHandler):
    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # tornado's default is an HTML page (with a traceback in debug mode): keep it terse.
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": False, "error": status_code}))

    def log_exception(self, typ, value, tb) -> None:  # noqa: ANN001
        # tornado's version logs the request URI (the webhook path may be a secret of sorts).
        if isinstance(value, tornado.web.HTTPError):
            return
        log.error("webhook server: %s while handling %s", typ.__name__ if typ else "error", self._what(), exc_info=(typ, value, tb))

    def _what(self) -> str:
        path = self.request.path
        server = getattr(self, "server", None)
        where = HEALTHZ_PATH if path == HEALTHZ_PATH else "webhook" if server and path == server.path else "another path"
        return f"{self.request.method} {where}"


class HealthHandler(_Base):
    def initialize(self, server: WebhookServer) -> None:
        self.server = server

    async def get(self) -> None:
        if self.server.application.running and await check_store(self.server.store):
            _json(self, 200, {"ok": True})
        else:
            _json(self, 503, {"ok": False})

    head = get


@tornado.web.stream_request_body
class UpdateHandler(_Base):
    """POST: one update from Telegram. The body is streamed so the secret and size are checked first."""

    def initialize(self, server: WebhookServer) -> None:
        self.server = server
        self._chunks: list[bytes] = []
        self._size = 0
        self._refused = False

    def prepare(self) -> None:
        if self.request.method != "POST":
            self._refuse(405)
            return
        given = self.request.headers.get(SECRET_HEADER)
        if given is None or not hmac.compare_digest(given.encode("utf-8"), self.server.secret):
            self.server.refused += 1
            log.warning("webhook: refused a request without the right secret token (403)")
            self._refuse(403)
            return
        length = self.request.headers.get("Content-Length")
        if length is not None:
            try:
                too_big = int(length) > MAX_BODY
            except ValueError:
                self._refuse(400)
                return
            if too_big:
                self._refuse(413)

    def _refuse(self, status: int) -> None:
        self._refused = True
        # Closing the connection after answering is how tornado skips an unread body.
        self.set_header("Connection", "close")
        _json(self, status, {"ok": False, "error": status})

    def data_received(self, chunk: bytes) -> None:
        if self._refused:
            return
        self._size += len(chunk)
        if self._size > MAX_BODY:  # chunked, or a lying Content-Length
            self._chunks.clear()
            self._refuse(413)
            return
        self._chunks.append(chunk)

    async def post(self) -> None:
        if self._refused:
            return
        try:
            data = json.loads(b"".join(self._chunks))
        except ValueError:
            _json(self, 400, {"ok": False, "error": "bad JSON"})
            return
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            _json(self, 400, {"ok": False, "error": "not an update"})
            return
        application = self.server.application
        try:
            update = Update.de_json(data, application.bot)
        except Exception as err:  # noqa: BLE001 - whatever the shape, it is the sender's fault
            log.warning("webhook: update %s could not be read: %s", data["update_id"], type(err).__name__)
            _json(self, 400, {"ok": False, "error": "not an update"})
            return
        if not application.running:
            # Shutting down: Telegram will send it again.
            _json(self, 503, {"ok": False})
            return
        await application.update_queue.put(update)
        self.server.received += 1
        log.debug("webhook: queued update %s", update.update_id)
        _json(self, 200, {"ok": True})


class _NotFound(_Base):
    def prepare(self) -> None:
        _json(self, 404, {"ok": False, "error": 404})


def _log_request(handler: tornado.web.RequestHandler) -> None:
    """tornado's access log, without the URI (kept at DEBUG: Telegram calls often)."""
    status = handler.get_status()
    what = handler._what() if isinstance(handler, _Base) else handler.request.method
    level = logging.DEBUG if status < 500 else logging.WARNING
    log.log(level, "%s -> %d (%.1f ms)", what, status, 1000.0 * handler.request.request_time())


class WebhookServer:
    """The HTTP side: listens on (host, port) and feeds `application.update_queue`."""

    def __init__(self, application: Application, *, path: str, secret: str, store: Any = None) -> None:
        if not path.startswith("/") or path == HEALTHZ_PATH:
            raise ValueError("the webhook path must start with / and cannot be /healthz")
        self.application = application
        self.store = store
        self.path = path
        self.secret = secret.encode("utf-8")
        self.received = 0
        self.refused = 0
        self.port: int | None = None
        self._http: tornado.httpserver.HTTPServer | None = None
        web_app = tornado.web.Application(
            [
                (r"/healthz", HealthHandler, {"server": self}),
                (_path_pattern(path), UpdateHandler, {"server": self}),
            ],
            default_handler_class=_NotFound,
            log_function=_log_request,
            compress_response=False,
        )
        self._web_app = web_app

    async def listen(self, host: str, port: int) -> int:
        """Start listening; returns the port (useful with port 0)."""
        sockets = tornado.netutil.bind_sockets(port, address=None if host in ("", "*") else host, family=socket.AF_UNSPEC)
        # Bodies are streamed to UpdateHandler, which answers 413 past MAX_BODY and closes the
        # connection; tornado's own limit (a bare 400) stays far above so it never speaks first.
        http = tornado.httpserver.HTTPServer(self._web_app, max_body_size=1024 * MAX_BODY, idle_connection_timeout=75)
        http.add_sockets(sockets)
        self._http = http
        self.port = sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        if self._http is None:
            return
        http, self._http = self._http, None
        http.stop()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(http.close_all_connections(), 5)


def _path_pattern(path: str) -> str:
    import re

    return re.escape(path)


async def _retrying(what: str, call: Callable[[], Any], attempts: int = STARTUP_ATTEMPTS) -> Any:
    """Await `call()`, retrying network trouble a few times (1, 2, 4 s apart)."""
    delay = 1.0
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except RetryAfter as err:
            if attempt == attempts:
                raise
            wait = err.retry_after if isinstance(err.retry_after, (int, float)) else err.retry_after.total_seconds()
            log.warning("%s: Telegram asks to wait %s s", what, wait)
            await asyncio.sleep(float(wait))  # Telegram's own back-off, not synchronisation
        except (TimedOut, NetworkError) as err:
            if attempt == attempts or isinstance(err, BadRequest):  # BadRequest: retrying will not help
                raise
            log.warning("%s failed (%s: %s); retrying in %.0f s", what, type(err).__name__, err, delay)
            await asyncio.sleep(delay)  # back-off before retrying Telegram
            delay *= 2
    raise AssertionError("unreachable")


async def serve_webhook(
    application: Application,
    settings: Settings,
    *,
    store: Any = None,
    allowed_updates: Sequence[str] | None = None,
    stop: asyncio.Event | None = None,
    stop_signals: Sequence[int] = (signal.SIGINT, signal.SIGTERM),
) -> int:
    """Run the bot in webhook mode until `stop` is set or a stop signal arrives; returns the exit status.

    0 after a clean stop, 1 when start-up failed (the port is taken, Telegram
    refused the webhook...). The Application is shut down either way.
    """
    from bot.app import ALLOWED_UPDATES

    if not settings.webhook_url or not settings.webhook_secret:
        raise ValueError("TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET must be set for webhook mode")
    stop = stop or asyncio.Event()
    installed = _stop_on_signals(stop, stop_signals)
    server = WebhookServer(application, path=settings.webhook_path, secret=settings.webhook_secret, store=store)
    progress = _Progress()
    try:
        if not await _start(application, server, settings, progress):
            return 1
        await _retrying(
            "registering the webhook (setWebhook)",
            lambda: application.bot.set_webhook(
                url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=list(allowed_updates if allowed_updates is not None else ALLOWED_UPDATES),
                drop_pending_updates=False,
            ),
        )
        log.info("starting: webhook registered, waiting for updates")
        await stop.wait()
        log.info("stop requested: shutting down")
        return 0
    except TelegramError as err:
        log.error("could not start in webhook mode: %s: %s", type(err).__name__, err)
        return 1
    finally:
        _forget_signals(installed)
        await server.close()
        await _shut_down(application, progress)


@dataclass(slots=True)
class _Progress:
    """How far start-up got: what shutdown has to undo."""

    initialized: bool = False
    started: bool = False


def _stop_on_signals(stop: asyncio.Event, signals: Sequence[int]) -> list[int]:
    """Set `stop` on each of `signals`; returns those installed (none off the main thread or on Windows)."""
    loop = asyncio.get_running_loop()
    installed: list[int] = []
    for signum in signals:
        try:
            loop.add_signal_handler(signum, stop.set)
            installed.append(signum)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
            pass
    return installed


def _forget_signals(installed: list[int]) -> None:
    loop = asyncio.get_running_loop()
    for signum in installed:
        with contextlib.suppress(Exception):
            loop.remove_signal_handler(signum)


async def _start(application: Application, server: WebhookServer, settings: Settings, progress: _Progress) -> bool:
    """Initialize (getMe, retried), post_init, start, listen. False when the port cannot be had."""
    await _retrying("connecting to Telegram (getMe)", application.initialize)
    progress.initialized = True
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    progress.started = True
    try:
        port = await server.listen(settings.bot_listen_host, settings.port)
    except OSError as err:
        log.error("cannot listen on %s:%s: %s", settings.bot_listen_host, settings.port, err.strerror or err)
        return False
    log.info("webhook server listening on %s:%s (GET %s for health checks)", settings.bot_listen_host, port, HEALTHZ_PATH)
    return True


async def _shut_down(application: Application, progress: _Progress) -> None:
    if progress.started and application.running:
        await application.stop()  # processes what was already queued
        if application.post_stop is not None:
            await application.post_stop(application)
    if progress.initialized:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def run_webhook(application: Application, settings: Settings, *, store: Any = None) -> int:
    """`serve_webhook` in a new event loop (what `python -m bot` calls)."""
    try:
        return asyncio.run(serve_webhook(application, settings, store=store))
    except KeyboardInterrupt:  # a second Ctrl-C during shutdown
        return 130
