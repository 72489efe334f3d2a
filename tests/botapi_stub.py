"""A stand-in for the Telegram Bot API, for end-to-end tests through PTB's real HTTP layer.

    async with BotAPIStub() as stub:
        app = build_application(settings_for(stub), engine)   # base_url = stub.base_url
        ...
        stub.send_command(chat_id=42, user_id=42, command="start")
        [question] = await stub.next_messages(42, 1)
        stub.press_button(42, 42, question.message_id, question.button("I left my job"))

It is an asyncio HTTP/1.1 server (keep-alive, Content-Length or chunked
bodies) on 127.0.0.1 and a free port. Requests are ``POST /bot<token>/<method>``
with form-encoded, JSON or multipart bodies; as on Telegram, nested objects
arrive as JSON strings and numbers as strings (``Call.params`` keeps them so;
``Call.json(name)`` decodes one).

What it models of Telegram:

- updates queue until a ``getUpdates`` with a higher ``offset`` confirms them;
  a long poll waits on an event (never sleeps) until an update arrives or its
  ``timeout`` ends; a second ``getUpdates`` ends the one in flight with 409
  Conflict, as Telegram does;
- message ids per chat, shared by the people's and the bot's messages; a bot
  message that replies to a known message carries it as ``reply_to_message``
  (one level deep, as on Telegram), and so does the ``message`` of a callback
  query;
- errors are ``{"ok": false, "error_code", "description"[, "parameters"]}``
  with the HTTP status; an unknown method is 404, a wrong token 401.

Every call is recorded (`calls`), the bot's messages per chat (`sent`), and
tests wait for things with `wait_for`, `next_messages`, `wait_confirmed` and
`wait_polling`, which are driven by events: no sleeps, no timing luck.

Fault injection (`inject`) makes the next calls of a method fail: a status
with an error body (429 with ``retry_after``, 5xx...), a delay before
answering (to trip client timeouts), or a dropped connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["BotAPIStub", "Call", "Fault", "SentMessage", "TEST_TOKEN"]

#: Shaped like a real token (digits, colon, 35 characters), so log masking is tested for real.
TEST_TOKEN = "5123456789:AAH3kq9Zx_Tv0-Lm2Pq7Rs8Tu9Vw0Xy1Za2"

_MAX_LINE = 65536
_MAX_BODY = 60 * 1024 * 1024
# Params that carry JSON-encoded objects; decoded for the stub's own use.
_JSON_PARAMS = {
    "reply_markup",
    "reply_parameters",
    "entities",
    "caption_entities",
    "results",
    "commands",
    "scope",
    "allowed_updates",
    "link_preview_options",
    "button",
}


class _Dropped(Exception):
    """Raised inside a request handler to close the connection without an answer."""


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str | None, bytes, str | None]] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)
    index: int = 0
    status: int | None = None
    response: Any = None
    injected: bool = False

    def json(self, name: str, default: Any = None) -> Any:
        """A param decoded from JSON (nested objects arrive as JSON strings)."""
        value = self.params.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def int(self, name: str, default: int | None = None) -> int | None:
        value = self.params.get(name)
        return default if value in (None, "") else int(value)

    def __repr__(self) -> str:
        shown = {k: (v if len(str(v)) < 80 else str(v)[:77] + "...") for k, v in self.params.items()}
        return f"Call#{self.index}({self.method}, {shown}, status={self.status})"


@dataclass
class SentMessage:
    """A message the bot sent (sendMessage, sendDocument, sendPhoto...), as it stands after edits.

    `document` is the file a sendDocument or sendPhoto carried: (filename, bytes, MIME type).
    """

    chat_id: int
    message_id: int
    method: str
    call: Call
    message: dict[str, Any]  # the Telegram Message object returned to the bot
    reply_markup: dict[str, Any] | None
    document: tuple[str | None, bytes, str | None] | None = None
    edits: list[Call] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.message.get("text") or self.message.get("caption") or ""

    @property
    def reply_to_message_id(self) -> int | None:
        params = self.call.json("reply_parameters")
        if isinstance(params, dict) and "message_id" in params:
            return int(params["message_id"])
        return self.call.int("reply_to_message_id")

    @property
    def force_reply(self) -> dict[str, Any] | None:
        markup = self.reply_markup or {}
        return markup if markup.get("force_reply") else None

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [(b.get("text", ""), b.get("callback_data", "")) for row in rows for b in row]

    def button(self, label_part: str) -> str:
        """The callback_data of the first button whose label contains `label_part`."""
        for label, data in self.buttons:
            if label_part in label:
                return data
        raise AssertionError(f"no button with {label_part!r} in message {self.message_id}: {self.buttons}")

    def __repr__(self) -> str:
        return f"SentMessage(chat={self.chat_id}, id={self.message_id}, text={self.text[:60]!r})"


@dataclass
class Fault:
    """One injected failure rule; see `BotAPIStub.inject`."""

    method: str
    status: int = 500
    body: dict[str, Any] | None = None
    description: str | None = None
    retry_after: int | None = None
    times: int = 1
    delay: float = 0.0
    drop: bool = False
    when: Callable[[Call], bool] | None = None
    used: int = 0

    def matches(self, call: Call) -> bool:
        if self.times is not None and self.used >= self.times:
            return False
        if self.method not in ("*", call.method):
            return False
        return self.when is None or bool(self.when(call))

    def response(self) -> tuple[int, dict[str, Any]]:
        if self.body is not None:
            return self.status, self.body
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description or _default_description(self.status),
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return self.status, body


def _default_description(status: int) -> str:
    if status == 429:
        return "Too Many Requests: retry later"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class BotAPIStub:
    """The stand-in server. Use as ``async with BotAPIStub() as stub`` or start()/stop()."""

    def __init__(
        self,
        token: str = TEST_TOKEN,
        *,
        bot_id: int | None = None,
        username: str = "LoanOffsetTestBot",
        first_name: str = "Loan Offset (test)",
    ) -> None:
        self.token = token
        self.bot_id = bot_id if bot_id is not None else int(token.split(":", 1)[0])
        self.username = username
        self.first_name = first_name
        self.port: int | None = None
        self.calls: list[Call] = []
        self.sent: dict[int, list[SentMessage]] = {}
        self.faults: list[Fault] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # scope+language -> commands
        self.webhook: dict[str, Any] = {}
        self._server: asyncio.AbstractServer | None = None
        self._connections: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, id) -> Message, both sides
        self._by_id: dict[tuple[int, int], SentMessage] = {}
        self._taken: set[tuple[int, int]] = set()
        self._callback_ids = itertools.count(1)
        self._inline_ids = itertools.count(1)
        self._poll_generation = 0
        self.polls_waiting = 0  # getUpdates long polls in flight, waiting for an update
        self._confirmed = 0  # highest update id confirmed by an offset
        self._changed = asyncio.Event()
        self._closing = False

    # --- lifecycle -------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What goes into ApplicationBuilder().base_url(...)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> BotAPIStub:
        self._server = await asyncio.start_server(self._serve_connection, "127.0.0.1", 0, limit=_MAX_LINE)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        if self._server is not None:
            self._server.close()
        for writer in list(self._connections):
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
            self._server = None

    async def __aenter__(self) -> BotAPIStub:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _notify(self) -> None:
        """Wake everything waiting for a change (long polls, wait_for, next_messages)."""
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def _until(self, check: Callable[[], Any], timeout: float, what: str) -> Any:
        """Wait until `check()` returns something truthy; re-checked on every change."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    # --- fault injection -------------------------------------------------------

    def inject(
        self,
        method: str,
        *,
        status: int = 500,
        body: dict[str, Any] | None = None,
        description: str | None = None,
        retry_after: int | None = None,
        times: int | None = 1,
        delay: float = 0.0,
        drop: bool = False,
        when: Callable[[Call], bool] | None = None,
    ) -> Fault:
        """Make the next `times` calls of `method` ("*" for any) fail.

        - ``status``/``body``/``description``: the error answered (body defaults to
          Telegram's shape; ``retry_after`` adds ``parameters.retry_after``, use
          it with status=429);
        - ``delay``: wait that long before answering (with ``status=200`` and no
          body the real answer follows: a slow server; otherwise the error);
        - ``drop``: close the connection without an answer (after ``delay``);
        - ``when``: only calls for which it returns true count;
        - ``times=None``: until `clear_faults()`.

        Returns the rule; its ``used`` counts how often it fired.
        """
        fault = Fault(method, status, body, description, retry_after, times, delay, drop, when)  # type: ignore[arg-type]
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        self.faults.clear()

    # --- what people do (test helpers) -----------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    @staticmethod
    def _user(user_id: int, language_code: str | None, first_name: str | None, username: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name or f"Person{user_id}"}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    @staticmethod
    def _chat(chat_id: int, chat_type: str) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type in ("group", "supergroup"):
            chat["title"] = f"Group {chat_id}"
        return chat

    def _bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def _reply_copy(self, chat_id: int, reply_to: int | dict[str, Any] | None) -> dict[str, Any] | None:
        """The message replied to, as Telegram nests it: one level, without its own reply_to_message."""
        if reply_to is None:
            return None
        message_id = reply_to["message_id"] if isinstance(reply_to, dict) else int(reply_to)
        original = self._messages.get((chat_id, message_id))
        if original is None:
            raise KeyError(f"no message {message_id} in chat {chat_id}")
        nested = dict(original)
        nested.pop("reply_to_message", None)
        return nested

    def _queue(self, update: dict[str, Any]) -> dict[str, Any]:
        update["update_id"] = next(self._update_ids)
        self._updates.append(update)
        self._notify()
        return update

    def send_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        chat_type: str = "private",
        reply_to: int | dict[str, Any] | None = None,
        language_code: str | None = "en",
        *,
        entities: list[dict[str, Any]] | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """A person sends a text message; returns the Message (its ``message_id`` is what replies quote).

        ``reply_to``: the message id (or Message) it replies to, e.g. the bot's ForceReply question.
        """
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type),
            "from": self._user(user_id, language_code, first_name, username),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        nested = self._reply_copy(chat_id, reply_to)
        if nested is not None:
            message["reply_to_message"] = nested
        self._messages[(chat_id, message["message_id"])] = message
        self._queue({"message": message})
        return message

    def send_command(
        self,
        chat_id: int,
        user_id: int,
        command: str,
        args: str = "",
        chat_type: str = "private",
        reply_to: int | dict[str, Any] | None = None,
        language_code: str | None = "en",
        *,
        to: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """A person sends ``/command[@to] args`` with its bot_command entity.

        ``to``: a bot username to address (``to=stub.username`` for this bot, or another bot's).
        """
        name = command.lstrip("/")
        head = "/" + name + (f"@{to}" if to else "")
        text = head + (f" {args}" if args else "")
        entity = {"type": "bot_command", "offset": 0, "length": _utf16_len(head)}
        return self.send_text(
            chat_id,
            user_id,
            text,
            chat_type,
            reply_to,
            language_code,
            entities=[entity],
            first_name=first_name,
            username=username,
        )

    def press_button(
        self,
        chat_id: int,
        user_id: int,
        message_id: int,
        data: str,
        language_code: str | None = "en",
        *,
        first_name: str | None = None,
        username: str | None = None,
    ) -> str:
        """A person presses an inline button of the bot's message; returns the callback query id."""
        message = self._messages.get((chat_id, message_id))
        if message is None:
            raise KeyError(f"no message {message_id} in chat {chat_id}")
        query_id = f"cq{next(self._callback_ids)}"
        self._queue(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self._user(user_id, language_code, first_name, username),
                    "chat_instance": f"ci{chat_id}",
                    "data": data,
                    "message": message,
                }
            }
        )
        return query_id

    def send_inline_query(
        self,
        user_id: int,
        query: str,
        offset: str = "",
        language_code: str | None = "en",
        *,
        chat_type: str | None = "sender",
    ) -> str:
        """A person types ``@bot query`` somewhere; returns the inline query id."""
        query_id = f"iq{next(self._inline_ids)}"
        inline: dict[str, Any] = {
            "id": query_id,
            "from": self._user(user_id, language_code, None, None),
            "query": query,
            "offset": offset,
        }
        if chat_type:
            inline["chat_type"] = chat_type
        self._queue({"inline_query": inline})
        return query_id

    def queue_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any raw update (its update_id is assigned here)."""
        return self._queue(dict(update))

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset."""
        return [u for u in self._updates if u["update_id"] > self._confirmed]

    @property
    def last_update_id(self) -> int:
        return self._updates[-1]["update_id"] if self._updates else 0

    # --- waiting ----------------------------------------------------------------

    def find(self, method: str | None = None, predicate: Callable[[Call], bool] | None = None, *, after: int = 0) -> list[Call]:
        """Recorded calls of `method` (any if None) from index `after` on that satisfy `predicate`."""
        return [
            c
            for c in self.calls[after:]
            if (method is None or c.method == method) and c.status is not None and (predicate is None or predicate(c))
        ]

    def mark(self) -> int:
        """The index of the next call: pass it as ``after=`` to wait only for calls from now on."""
        return len(self.calls)

    async def wait_for(
        self,
        method: str | None,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 10,
        *,
        after: int = 0,
    ) -> Call:
        """The first call of `method` (answered, from index `after` on) matching `predicate`; waits for it."""

        def check() -> Call | None:
            found = self.find(method, predicate, after=after)
            return found[0] if found else None

        return await self._until(check, timeout, f"{method} call")

    async def wait_count(self, method: str, count: int, timeout: float = 10) -> list[Call]:
        """Every answered call of `method`, once there are at least `count` of them."""

        def check() -> list[Call] | None:
            found = self.find(method)
            return found if len(found) >= count else None

        return await self._until(check, timeout, f"{count} {method} calls")

    async def wait_polling(self, timeout: float = 10) -> None:
        """Wait until a getUpdates long poll is in flight (waiting for updates)."""
        await self._until(lambda: self.polls_waiting > 0, timeout, "a getUpdates long poll")

    async def wait_confirmed(self, update_id: int | None = None, timeout: float = 10) -> None:
        """Wait until the bot has confirmed (by getUpdates offset) the update `update_id` (default: the last)."""
        target = self.last_update_id if update_id is None else update_id
        await self._until(lambda: self._confirmed >= target, timeout, f"confirmation of update {target}")

    async def next_messages(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = 10,
        *,
        where: Callable[[SentMessage], bool] | None = None,
        replying_to: int | dict[str, Any] | None = None,
    ) -> list[SentMessage]:
        """The next `count` messages the bot sends to `chat_id` that no earlier call returned.

        In a group where several people talk at once, narrow it: ``replying_to=``
        a message id (or the Message dict `send_text` returned) takes only the
        bot's messages quoting it; ``where=`` any predicate.
        """
        if replying_to is not None:
            quoted = replying_to["message_id"] if isinstance(replying_to, dict) else int(replying_to)
        else:
            quoted = None

        def wanted(m: SentMessage) -> bool:
            if (chat_id, m.message_id) in self._taken:
                return False
            if quoted is not None and m.reply_to_message_id != quoted:
                return False
            return where is None or bool(where(m))

        def check() -> list[SentMessage] | None:
            found = [m for m in self.sent.get(chat_id, []) if wanted(m)]
            return found[:count] if len(found) >= count else None

        try:
            messages = await self._until(check, timeout, f"{count} message(s) to chat {chat_id}")
        except TimeoutError as err:
            got = [m for m in self.sent.get(chat_id, []) if wanted(m)]
            raise TimeoutError(f"{err}; got {len(got)}: {got}") from None
        self._taken.update((chat_id, m.message_id) for m in messages)
        return messages

    def unread(self, chat_id: int) -> list[SentMessage]:
        """Messages to `chat_id` that next_messages has not returned yet."""
        return [m for m in self.sent.get(chat_id, []) if (chat_id, m.message_id) not in self._taken]

    def message(self, chat_id: int, message_id: int) -> SentMessage:
        return self._by_id[(chat_id, message_id)]

    # --- HTTP -------------------------------------------------------------------

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._connections.add(writer)
        try:
            while not self._closing:
                request = await _read_request(reader)
                if request is None:
                    break
                method_line, path, headers, body = request
                try:
                    status, payload, extra = await self._dispatch(method_line, path, headers, body)
                except _Dropped:
                    break
                data = json.dumps(payload).encode()
                keep_alive = headers.get("connection", "").lower() != "close"
                head = [
                    f"HTTP/1.1 {status} {_default_description(status)}",
                    "Content-Type: application/json",
                    f"Content-Length: {len(data)}",
                    "Connection: " + ("keep-alive" if keep_alive else "close"),
                    *extra,
                ]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
                await writer.drain()
                if not keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            self._connections.discard(writer)
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _dispatch(
        self, verb: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, list[str]]:
        path = unquote(urlsplit(target).path)
        prefix = "/bot"
        if path.startswith("/file/"):
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: file"}, []
        if not path.startswith(prefix) or "/" not in path[len(prefix) :]:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}, []
        token, _, api_method = path[len(prefix) :].partition("/")
        params, files = _parse_body(headers, body)
        params.update(dict(parse_qsl(urlsplit(target).query, keep_blank_values=True)))
        call = Call(api_method, params, files, index=len(self.calls))
        self.calls.append(call)
        try:
            if token != self.token:
                status, payload = 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            elif verb not in ("POST", "GET"):
                status, payload = 405, {"ok": False, "error_code": 405, "description": "Method Not Allowed"}
            else:
                status, payload = await self._answer(call)
        except _Dropped:
            call.status = -1
            self._notify()
            raise
        call.status, call.response = status, payload
        self._notify()
        return status, payload, []

    async def _answer(self, call: Call) -> tuple[int, Any]:
        fault = next((f for f in self.faults if f.matches(call)), None)
        if fault is not None:
            fault.used += 1
            call.injected = True
            if fault.delay:
                await asyncio.sleep(fault.delay)  # a slow server is the point here
            if fault.drop:
                raise _Dropped
            if fault.status != 200 or fault.body is not None:
                return fault.response()
        handler = getattr(self, f"_api_{call.method.lower()}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        try:
            result = handler(call)
            if asyncio.iscoroutine(result):
                result = await result
        except _ApiError as err:
            return err.status, {"ok": False, "error_code": err.status, "description": err.description}
        if isinstance(result, tuple):  # (status, body) straight from a handler
            return result
        return 200, {"ok": True, "result": result}

    # --- Bot API methods ----------------------------------------------------------

    def _api_getme(self, call: Call) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    async def _api_getupdates(self, call: Call) -> Any:
        offset = call.int("offset", 0) or 0
        limit = max(1, min(100, call.int("limit", 100) or 100))
        timeout = max(0, call.int("timeout", 0) or 0)
        if offset > 0:
            # Confirming: Telegram forgets every update below the offset.
            self._confirmed = max(self._confirmed, offset - 1)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # ends a long poll already in flight (409 below)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                return 409, {
                    "ok": False,
                    "error_code": 409,
                    "description": "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                }
            if self.webhook.get("url"):
                return 409, {
                    "ok": False,
                    "error_code": 409,
                    "description": "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                }
            ready = [u for u in self._updates if u["update_id"] >= offset]
            if ready or self._closing:
                return ready[:limit]
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            self.polls_waiting += 1
            if self.polls_waiting == 1:
                self._notify()  # for wait_polling(); only on 0 -> 1, so pollers never wake each other
            event = self._changed
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
            finally:
                self.polls_waiting -= 1

    def _store_sent(self, call: Call, chat_id: int, message: dict[str, Any], document=None) -> SentMessage:  # noqa: ANN001
        markup = call.json("reply_markup")
        if markup and markup.get("inline_keyboard"):
            message["reply_markup"] = markup  # Telegram echoes inline keyboards only
        sent = SentMessage(chat_id, message["message_id"], call.method, call, message, markup, document)
        self.sent.setdefault(chat_id, []).append(sent)
        self._messages[(chat_id, message["message_id"])] = message
        self._by_id[(chat_id, message["message_id"])] = sent
        return sent

    def _new_bot_message(self, call: Call) -> tuple[int, dict[str, Any]]:
        chat_id = _chat_id(call)
        chat_type = "private" if chat_id > 0 else "supergroup" if str(chat_id).startswith("-100") else "group"
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type),
            "from": self._bot_user(),
        }
        reply_to = None
        params = call.json("reply_parameters")
        if isinstance(params, dict):
            reply_to = int(params["message_id"])
            allow = bool(params.get("allow_sending_without_reply"))
        elif call.params.get("reply_to_message_id"):
            reply_to = int(call.params["reply_to_message_id"])
            allow = str(call.params.get("allow_sending_without_reply", "")).lower() == "true"
        if reply_to is not None:
            nested = self._messages.get((chat_id, reply_to))
            if nested is not None:
                nested = dict(nested)
                nested.pop("reply_to_message", None)
                message["reply_to_message"] = nested
            elif not allow:
                raise _ApiError(400, "Bad Request: message to be replied not found")
        entities = call.json("entities")
        if entities:
            message["entities"] = entities
        return chat_id, message

    def _api_sendmessage(self, call: Call) -> dict[str, Any]:
        text = call.params.get("text", "")
        if not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(text) > 4096:
            raise _ApiError(400, "Bad Request: message is too long")
        _check_markup(call)
        chat_id, message = self._new_bot_message(call)
        message["text"] = text
        self._store_sent(call, chat_id, message)
        return message

    def _api_senddocument(self, call: Call) -> dict[str, Any]:
        document = call.files.get("document")
        if document is None:
            raise _ApiError(400, "Bad Request: there is no document in the request")
        caption = call.params.get("caption")
        if caption is not None and _utf16_len(caption) > 1024:
            raise _ApiError(400, "Bad Request: message caption is too long")
        _check_markup(call)
        chat_id, message = self._new_bot_message(call)
        filename, content, mime = document
        message["document"] = {
            "file_id": f"doc{chat_id}_{message['message_id']}",
            "file_unique_id": f"u{chat_id}_{message['message_id']}",
            "file_name": filename,
            "mime_type": mime,
            "file_size": len(content),
        }
        if caption:
            message["caption"] = caption
        self._store_sent(call, chat_id, message, document)
        return message

    def _api_sendphoto(self, call: Call) -> dict[str, Any]:
        photo = call.files.get("photo")
        if photo is None:
            raise _ApiError(400, "Bad Request: there is no photo in the request")
        caption = call.params.get("caption")
        if caption is not None and _utf16_len(caption) > 1024:
            raise _ApiError(400, "Bad Request: message caption is too long")
        filename, content, mime = photo
        size = _image_size(content)
        if size is None:
            raise _ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        width, height = size
        if len(content) > 10 * 2**20 or width + height > 10_000 or max(width, height) > 20 * min(width, height):
            raise _ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        _check_markup(call)
        chat_id, message = self._new_bot_message(call)
        message["photo"] = [{
            "file_id": f"photo{chat_id}_{message['message_id']}",
            "file_unique_id": f"p{chat_id}_{message['message_id']}",
            "width": width,
            "height": height,
            "file_size": len(content),
        }]
        if caption:
            message["caption"] = caption
        self._store_sent(call, chat_id, message, photo)
        return message

    def _edit(self, call: Call) -> Any:
        if call.params.get("inline_message_id"):
            return True
        chat_id = _chat_id(call)
        message_id = call.int("message_id")
        sent = self._by_id.get((chat_id, message_id))  # type: ignore[arg-type]
        if sent is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        sent.edits.append(call)
        if call.method == "editMessageText":
            if sent.message.get("text") == call.params.get("text") and "reply_markup" not in call.params:
                raise _ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message",
                )
            sent.message["text"] = call.params.get("text", "")
        markup = call.json("reply_markup")
        sent.reply_markup = markup
        if markup and markup.get("inline_keyboard"):
            sent.message["reply_markup"] = markup
        else:
            sent.message.pop("reply_markup", None)
        sent.message["edit_date"] = int(time.time())
        return sent.message

    _api_editmessagetext = _edit
    _api_editmessagereplymarkup = _edit

    def _api_answercallbackquery(self, call: Call) -> bool:
        text = call.params.get("text") or ""
        if len(text) > 200:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _api_answerinlinequery(self, call: Call) -> bool:
        results = call.json("results", [])
        if not isinstance(results, list) or len(results) > 50:
            raise _ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        return True

    @staticmethod
    def _commands_key(call: Call) -> str:
        scope = call.json("scope") or {"type": "default"}
        return json.dumps([scope, call.params.get("language_code", "")], sort_keys=True)

    def _api_setmycommands(self, call: Call) -> bool:
        commands = call.json("commands", [])
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError(400, "Bad Request: too many commands")
        for command in commands:
            name = str(command.get("command", ""))
            if not (1 <= len(name) <= 32) or not all(c.islower() or c.isdigit() or c == "_" for c in name):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not (1 <= len(str(command.get("description", ""))) <= 256):
                raise _ApiError(400, "Bad Request: command description is empty or too long")
        self.commands[self._commands_key(call)] = commands
        return True

    def _api_deletemycommands(self, call: Call) -> bool:
        self.commands.pop(self._commands_key(call), None)
        return True

    def _api_getmycommands(self, call: Call) -> list[dict[str, Any]]:
        return self.commands.get(self._commands_key(call), [])

    def _api_setwebhook(self, call: Call) -> bool:
        url = call.params.get("url", "")
        if url and not url.startswith("https://"):
            raise _ApiError(400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
        self.webhook = {"url": url, "secret_token": call.params.get("secret_token")} if url else {}
        return True

    def _api_deletewebhook(self, call: Call) -> bool:
        if str(call.params.get("drop_pending_updates", "")).lower() == "true":
            self._updates.clear()
        self.webhook = {}
        self._notify()
        return True

    def _api_getwebhookinfo(self, call: Call) -> dict[str, Any]:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": len(self.pending_updates)}

    def _api_sendchataction(self, call: Call) -> bool:
        return True

    def _api_close(self, call: Call) -> bool:
        return True

    def _api_logout(self, call: Call) -> bool:
        return True


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _chat_id(call: Call) -> int:
    value = call.params.get("chat_id")
    if value in (None, ""):
        raise _ApiError(400, "Bad Request: chat_id is empty")
    try:
        return int(value)
    except ValueError:
        raise _ApiError(400, "Bad Request: chat not found") from None


def _check_markup(call: Call) -> None:
    markup = call.json("reply_markup")
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not (1 <= len(str(data).encode()) <= 64):
                raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise _ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
    placeholder = markup.get("input_field_placeholder")
    if placeholder is not None and not (1 <= len(placeholder) <= 64):
        raise _ApiError(400, "Bad Request: input field placeholder is too long")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --- a minimal HTTP/1.1 request reader -----------------------------------------


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, str], bytes] | None:
    """One request (verb, target, lower-cased headers, body), or None when the client closed."""
    line = await reader.readline()
    while line in (b"\r\n", b"\n"):  # tolerate stray CRLF between requests
        line = await reader.readline()
    if not line:
        return None
    parts = line.decode("latin-1").strip().split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise ValueError("bad request line")
    verb, target, _version = parts
    headers: dict[str, str] = {}
    while True:
        raw = await reader.readline()
        if not raw:
            raise asyncio.IncompleteReadError(b"", None)
        if raw in (b"\r\n", b"\n"):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        total = 0
        while True:
            size = int((await reader.readline()).split(b";")[0].strip(), 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                break
            total += size
            if total > _MAX_BODY:
                raise ValueError("body too large")
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        body = b"".join(chunks)
    else:
        length = int(headers.get("content-length", "0") or 0)
        if length > _MAX_BODY:
            raise ValueError("body too large")
        body = await reader.readexactly(length) if length else b""
    return verb, target, headers, body


def _image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG from its IHDR chunk (the only kind the bot sends as a photo), else None."""
    if content[:8] != b"\x89PNG\r\n\x1a\n" or content[12:16] != b"IHDR":
        return None
    return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")


def _parse_body(headers: dict[str, str], body: bytes) -> tuple[dict[str, Any], dict[str, tuple[str | None, bytes, str | None]]]:
    content_type = headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}, {}
    if media == "application/json":
        data = json.loads(body)
        # Nested objects as JSON strings and scalars as strings, the way form bodies give them.
        return {k: (json.dumps(v) if isinstance(v, (dict, list)) else str(v).lower() if isinstance(v, bool) else str(v)) for k, v in data.items()}, {}
    if media == "multipart/form-data":
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
        )
        params: dict[str, Any] = {}
        files: dict[str, tuple[str | None, bytes, str | None]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename is not None:
                files[name] = (filename, payload, part.get_content_type())
            else:
                charset = part.get_content_charset() or "utf-8"
                params[name] = payload.decode(charset)
        # PTB sends an attached file as "attach://<name>": point the param at the file.
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
                files[key] = files[value[9:]]
        return params, files
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), {}
