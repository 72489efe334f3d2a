"""The terminal chat, driven by scripted input."""

from __future__ import annotations

from conversations import Button, Choice, Command, ConversationEngine, Text
from conversations.terminal import run_terminal, to_incoming


def scripted(lines: list[str]):
    queue = list(lines)
    prompts: list[str] = []

    def read_line(prompt: str) -> str | None:
        prompts.append(prompt)
        return queue.pop(0) if queue else None  # None: end of input

    return read_line, prompts


async def test_terminal_happy_path_with_numbers_labels_and_text(engine: ConversationEngine) -> None:
    out: list[str] = []
    read_line, prompts = scripted(["15k", "1", "1", "45", "within the last 12 months", "3", "", "Skip"])
    await run_terminal(engine, read_line=read_line, write=out.append)
    text = "\n".join(out)
    assert "unpaid balance" in text
    assert "  1) Today, or not yet" in text and "  1) I left my job" in text  # choices as numbered options
    assert "  3) 22%" in text
    assert "Federal income tax: $3,300.00" in text
    assert "Total: $4,800.00" in text
    assert out[-1] == "Bye!"  # EOF exits
    assert len(prompts) == 9


async def test_terminal_commands_and_quit(engine: ConversationEngine) -> None:
    out: list[str] = []
    read_line, prompts = scripted(["15000", "/back", "/help", "/nonsense", "/quit", "never read"])
    await run_terminal(engine, read_line=read_line, write=out.append)
    text = "\n".join(out)
    assert "Back one question" in text
    assert "/cancel - stop" in text
    assert "don't know the command /nonsense" in text
    assert len(prompts) == 5  # stopped at /quit
    assert out[-1] == "Bye!"


async def test_terminal_async_io(engine: ConversationEngine) -> None:
    out: list[str] = []
    lines = iter(["15000 45 plan ended 22%", "hoy", "TX"])

    async def read_line(prompt: str) -> str | None:
        return next(lines, None)

    async def write(text: str) -> None:
        out.append(text)

    await run_terminal(engine, read_line=read_line, write=write, locale="es")
    assert any("Total: $4,800.00" in t for t in out)


def test_to_incoming() -> None:
    choices = [Choice("I left my job", "a:event:separation"), Choice("22%", "a:rate:22")]
    assert to_incoming("/start 15000", choices) == Command("start", "15000")
    assert to_incoming("/back@loan_bot", choices) == Command("back")
    assert to_incoming("1", choices) == Button("a:event:separation")
    assert to_incoming("i left my job", choices) == Button("a:event:separation")
    assert to_incoming("9", choices) == Text("9")
    assert to_incoming("   ", choices) is None
    assert to_incoming("left", []) == Text("left")


async def test_terminal_saves_the_deadline_calendar_file(engine: ConversationEngine) -> None:
    out: list[str] = []
    saved = []

    def keep(attachment) -> str:  # noqa: ANN001
        saved.append(attachment)
        return f"/somewhere/{attachment.filename}"

    read_line, _ = scripted(["15000", "1", "1", "45", "1", "22%", "skip", "1"])  # 1) ⏰ Remind me
    await run_terminal(engine, read_line=read_line, write=out.append, save_attachment=keep)
    text = "\n".join(out)
    [ics] = saved
    assert ics.filename.endswith(".ics") and b"BEGIN:VCALENDAR" in ics.content
    assert f"saved to /somewhere/{ics.filename}" in text
    assert "(A terminal can't message you later: the calendar file's alarms remind you instead.)" in text


def test_link_buttons_show_their_address_and_are_not_numbered() -> None:
    from conversations.api import Reply
    from conversations.terminal import render_reply

    reply = Reply("Answer", choices=((Choice("Private estimate", "", url="https://t.me/Bot?start=estimate"),), (Choice("Next", "c:start"),)))
    text, numbered = render_reply(reply)
    assert "🔗 Private estimate: https://t.me/Bot?start=estimate" in text
    assert numbered == [Choice("Next", "c:start")]
    assert "  1) Next" in text
