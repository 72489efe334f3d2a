"""The same conversation in a terminal: for trying the bot without a Telegram token.

Choices show as numbered options; a person answers with the number, the
label or anything they would type in Telegram. Lines starting with "/" are
commands; end of input or /quit leaves.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import sys
from collections.abc import Awaitable, Callable, Mapping

from conversations.api import Attachment, Button, ChatKey, Choice, Command, Incoming, Picture, Reply, Text
from conversations.engine import ConversationEngine
from conversations.i18n import texts_for

__all__ = ["LOCALE_VARIABLES", "TERMINAL_KEY", "run_terminal", "terminal_language"]

log = logging.getLogger(__name__)

#: The terminal is one person in one private chat.
TERMINAL_KEY = ChatKey(chat_id=0, user_id=0)

#: Where a terminal says its language, in the order gettext reads them: the first one set wins.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

ReadLine = Callable[[str], "str | None | Awaitable[str | None]"]
Write = Callable[[str], "None | Awaitable[None]"]


async def _stdin_line(prompt: str) -> str | None:
    # input() blocks; a thread keeps the event loop free while the person types.
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


def _stdout(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


async def _maybe_await(value):  # noqa: ANN001, ANN202
    return await value if inspect.isawaitable(value) else value


async def _save_picture(picture: Picture, save: Callable[[Attachment], str]) -> str | None:
    """Draw a reply's picture (in a thread: it takes milliseconds of CPU) and save it; None if it cannot be drawn."""
    try:
        content = await asyncio.to_thread(picture.render)
    except Exception:  # noqa: BLE001 - the text was shown; a chart that fails to draw is only logged
        log.warning("could not draw the chart", exc_info=True)
        return None
    return save(Attachment(picture.filename, content, picture.mime_type))


def terminal_language(environ: Mapping[str, str], requested: str | None = None) -> str:
    """The chat's language: `requested` (`--lang es`), else the terminal's locale ("es_US.UTF-8" -> "es");
    English for the C locale and for a language the bot doesn't speak."""
    tag = requested or next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    tag = tag.split(".", 1)[0].split("@", 1)[0]  # "es_US.UTF-8@euro": the encoding and modifier say nothing here
    return texts_for(None if tag in ("", "C", "POSIX") else tag).language


def render_reply(reply: Reply) -> tuple[str, list[Choice]]:
    """A reply as terminal text with numbered choices, and the choices in that order."""
    lines = [reply.text]
    every = [choice for row in reply.choices for choice in row]
    # A link button has nothing to press here: show where it leads instead.
    numbered = [choice for choice in every if not choice.url]
    for number, choice in enumerate(numbered, start=1):
        lines.append(f"  {number}) {choice.label}")
    for choice in every:
        if choice.url:
            lines.append(f"  🔗 {choice.label}: {choice.url}")
    if reply.attachment is not None:
        lines.append(f"  [attachment: {reply.attachment.filename}]")
    return "\n".join(lines), numbered


def to_incoming(line: str, choices: list[Choice]) -> Incoming | None:
    """What a typed line means: a command, a choice (by number or label), or text. None for a blank line."""
    text = line.strip()
    if not text:
        return None
    if text.startswith("/"):
        name, _, args = text[1:].partition(" ")
        return Command(name=name.split("@", 1)[0].lower(), args=args.strip())
    if text.isdigit() and 1 <= int(text) <= len(choices) and len(choices) > 0:
        # A number answers a numbered option, except where a number is the
        # answer itself (a rate button list still takes "22" as 22%).
        if not any(c.label.strip().rstrip("%").strip() == text for c in choices):
            return Button(choices[int(text) - 1].data)
    folded = text.casefold()
    for choice in choices:
        if choice.label.casefold() == folded:
            return Button(choice.data)
    return Text(text)


async def run_terminal(
    engine: ConversationEngine,
    *,
    read_line: ReadLine = _stdin_line,
    write: Write = _stdout,
    locale: str = "en",
    key: ChatKey = TERMINAL_KEY,
    save_attachment: Callable[[Attachment], str] | None = None,
    save_picture: Callable[[Attachment], str] | None = None,
) -> None:
    """Chat in a terminal until end of input or /quit, with the bot's own texts.

    `save_attachment` keeps a file the bot sends (the deadline's .ics) and
    returns where it went; without it the file is only named.
    `save_picture` does the same for a reply's picture (the breakdown's
    chart), once drawn; without it the picture is not drawn.
    """
    texts = texts_for(locale)
    choices: list[Choice] = []

    async def show(replies: list[Reply]) -> None:
        nonlocal choices
        for reply in replies:
            text, numbered = render_reply(reply)
            await _maybe_await(write(text))
            if reply.attachment is not None and save_attachment is not None:
                where = save_attachment(reply.attachment)
                await _maybe_await(write(texts.gettext("  📎 saved to {path}").format(path=where)))
                if reply.attachment.mime_type == "text/calendar":
                    # "I'll remind you here" is the bot's promise: a terminal session is gone by then.
                    await _maybe_await(write(texts.gettext(
                        "  (A terminal can't message you later: the calendar file's alarms remind you instead.)")))
            if reply.picture is not None and save_picture is not None:
                where = await _save_picture(reply.picture, save_picture)
                if where is not None:
                    await _maybe_await(write(texts.gettext("  📎 saved to {path}").format(path=where)))
            # Numbers refer to the options of the latest message, as on a phone
            # where the newest buttons are the ones in view.
            choices = numbered

    await _maybe_await(write(texts.gettext("(Terminal chat: type your answers, a number to pick an option, /quit to leave.)")))
    await show(await engine.handle(key, Command("start"), locale=locale))
    while True:
        line = await _maybe_await(read_line("> "))
        if line is None:
            break
        incoming = to_incoming(line, choices)
        if incoming is None:
            continue
        if isinstance(incoming, Command) and incoming.name in ("quit", "exit"):
            break
        await show(await engine.handle(key, incoming, locale=locale))
    await _maybe_await(write(texts.gettext("Bye!")))
