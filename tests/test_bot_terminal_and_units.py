"""`python -m bot` without a token (the terminal chat), settings, and the Reply -> message mapping."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conversations.api import Attachment, Choice, Reply

ROOT = Path(__file__).resolve().parent.parent


def test_terminal_chat_without_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_", "LOG_LEVEL"))}
    env["PYTHONPATH"] = str(ROOT)
    script = "15k\n1\ntoday\n45\nwithin the last 12 months\n22%\nSkip\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        input=script,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no .env here; the default sqlite:///./data/bot.sqlite3 lands in tmp_path
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "No TELEGRAM_BOT_TOKEN" in result.stderr
    assert len([line for line in result.stderr.splitlines() if "TELEGRAM_BOT_TOKEN" in line]) == 1
    assert "Federal income tax: $3,300.00" in result.stdout
    assert "10% early withdrawal tax: $1,500.00" in result.stdout
    assert result.stdout.rstrip().endswith("Bye!")
    assert (tmp_path / "data" / "bot.sqlite3").exists()


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bot.settings import Settings

    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "TELEGRAM_API_BASE_FILE_URL", "BOT_DATABASE_URL", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    defaults = Settings(_env_file=None)
    assert defaults.token is None
    assert defaults.api_base_url == "https://api.telegram.org/bot"
    assert defaults.api_base_file_url == "https://api.telegram.org/file/bot"
    assert defaults.database_url == "sqlite:///./data/bot.sqlite3"
    assert defaults.log_level == "INFO"

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    s = Settings(_env_file=None)
    assert s.token == "123:abc" and "abc" not in repr(s)
    assert s.api_base_file_url == "http://127.0.0.1:8081/file/bot"
    assert s.log_level == "DEBUG"

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    assert Settings(_env_file=None).token is None  # empty, as copied from .env.example

    env_file = tmp_path / ".env"
    env_file.write_text("BOT_DATABASE_URL=sqlite:////tmp/x.sqlite3\n")
    assert Settings(_env_file=env_file).database_url == "sqlite:////tmp/x.sqlite3"


def test_env_example_documents_every_setting() -> None:
    text = (ROOT / ".env.example").read_text()
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "TELEGRAM_API_BASE_FILE_URL", "BOT_DATABASE_URL", "LOG_LEVEL"):
        assert name in text


def test_callback_data_prefix_roundtrip() -> None:
    from bot.outgoing.keyboards import decode_callback, encode_callback

    assert encode_callback("a:event:separation", None) == "a:event:separation"
    encoded = encode_callback("a:event:separation", 123456789012)
    assert encoded == "123456789012|a:event:separation"
    assert decode_callback(encoded) == (123456789012, "a:event:separation")
    assert decode_callback("w:7:r:22") == (None, "w:7:r:22")
    assert encode_callback("x" * 60, 123456789) is None  # over 64 bytes: not sent


def test_plan_messages() -> None:
    from telegram import ForceReply, InlineKeyboardMarkup

    from bot.outgoing.plan import plan_messages, split_text

    question = Reply(
        "🤔 Not a date.\n\n📅 When did you leave?\n✏️ Type the date, e.g. 2025-06-30",
        choices=((Choice("Within the last 12 months", "a:left_when:recent"),),),
        expects_answer=True,
        placeholder="2025-06-30",
    )
    [private] = plan_messages(question, group=False, owner_id=5)
    assert isinstance(private.markup, InlineKeyboardMarkup) and private.text == question.text
    keyboard, hint = plan_messages(question, group=True, owner_id=5)
    assert keyboard.text == "🤔 Not a date.\n\n📅 When did you leave?"
    assert keyboard.markup.inline_keyboard[0][0].callback_data == "5|a:left_when:recent"
    assert hint.text == "✏️ Type the date, e.g. 2025-06-30"
    assert hint.markup == ForceReply(selective=True, input_field_placeholder="2025-06-30")

    [only_text] = plan_messages(Reply("How old?", expects_answer=True, placeholder="45"), group=True, owner_id=5)
    assert isinstance(only_text.markup, ForceReply)

    [doc] = plan_messages(Reply("Your estimate", attachment=Attachment("e.csv", b"a,b", "text/csv")), group=False, owner_id=5)
    assert doc.document == ("e.csv", b"a,b", "text/csv") and doc.text == "Your estimate"

    long = "\n".join(f"line {i} " + "x" * 50 for i in range(200))
    pieces = split_text(long)
    assert len(pieces) > 1 and all(len(p) <= 4096 for p in pieces)
    assert "\n".join(pieces) == long
