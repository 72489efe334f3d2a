""""📝 Why these numbers": the calculator's rule notes, one bullet each, the long "why" kept out of the
phone-sized breakdown."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from calculator.models import Breakdown
from conversations.i18n import Texts
from conversations.replies.why_short import (
    BY_TEMPLATE,
    ESTIMATED,
    ESTIMATED_FEDERAL,
    ESTIMATED_SHORT,
    FIRST,
    SHORT,
    TOPICS,
)
from conversations.replies.wording import format_note

__all__ = ["MESSAGE_LIMIT", "rules_texts"]

MESSAGE_LIMIT = 4096  # Telegram's longest message text, in UTF-16 code units


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _short(texts: Texts, note: Any) -> str:
    """The note's short line (why_short.SHORT), or the whole note where there is none; "" to leave it out."""
    short = BY_TEMPLATE.get(note.template, SHORT.get(note.code))
    if short is None:
        return format_note(texts, note)
    return format_note(texts, SimpleNamespace(template=short, params=note.params, text=note.text)) if short else ""


def _heading(texts: Texts, heading: str, faq: str, codes: set[str]) -> str:
    if "distribution.deemed" in codes:
        faq = {"offset": "deemed"}.get(faq, faq)
    if "penalty.separation_at_55" in codes:
        faq = {"penalty": "rule55"}.get(faq, faq)
    return texts.gettext(heading) + (f" · /{faq}" if faq else "")


def _first(texts: Texts, first: Sequence[str], codes: set[str]) -> list[str]:
    """The conditional lines, shorter where why_short.FIRST has a short one; not the estimated-payment line
    ("(or pay it…"), said under paying as ESTIMATED_SHORT."""
    lines = []
    for line in (line.strip() for line in first):
        code, short = FIRST.get(line[:1], ("", ""))
        if not line.startswith("("):
            lines.append(texts.gettext(short) if code in codes else line)
    return lines


def _estimated(texts: Texts, breakdown: Breakdown, details: Sequence[Any]) -> list[str]:
    """The other way to pay, by the estimated-payment note's day: the federal part only when a state's tax is in
    the total (Form 1040-ES takes the federal tax only)."""
    found = next((note for note in details if note.code in ESTIMATED), None)
    if found is None:
        return []
    b, date = breakdown, texts.date(found.params["next"])
    if b.state_income_tax + b.state_additional_tax > 0:
        federal = texts.money(b.federal_income_tax + b.early_withdrawal_penalty)
        return [texts.gettext(ESTIMATED_FEDERAL).format(federal=federal, date=date)]
    return [texts.gettext(ESTIMATED_SHORT).format(date=date)]


def _blocks(texts: Texts, breakdown: Breakdown, details: Sequence[Any], first: Sequence[str]) -> list[list[str]]:
    """One block per topic that has something to say: its heading (with the /faq topic), then a bullet each."""
    placed = {p for _, _, prefixes in TOPICS for p in prefixes}
    codes = {d.code for d in details}
    blocks = []
    for heading, faq, prefixes in TOPICS:
        lines = _first(texts, first, codes) if "income" in prefixes else []
        for note in details:
            prefix = note.code.partition(".")[0]
            if prefix in prefixes or ("income" in prefixes and prefix not in placed):
                if note.code not in ESTIMATED and (line := _short(texts, note)):
                    lines = [*lines, line]
        if "withholding" in prefixes:
            lines[1:1] = _estimated(texts, breakdown, details)
        if lines:
            blocks.append(([_heading(texts, heading, faq, codes)] if heading else []) + ["• " + l for l in lines])
    return blocks


def rules_texts(texts: Texts, breakdown: Breakdown, first: Sequence[str] = ()) -> list[str]:
    """The rules behind the numbers in short, grouped by topic under headings that name the /faq topic with the
    long version (why_short). `first`: the breakdown's notes that apply to few (replies.conditional_notes), under
    other effects, shorter where why_short.FIRST says (the estimated-payment one is said under paying, in short
    from its calculator note). As many messages as Telegram's length
    limit needs, split between topics, or between bullets when one topic is too long."""
    details = getattr(breakdown, "note_details", None) or ()
    if details:
        blocks = _blocks(texts, breakdown, details, first)
    else:
        blocks = [["• " + line.strip() for line in [*first, *breakdown.notes]]]
    messages, current = [], texts.gettext("📝 Rules that applied:")
    for block in blocks:
        whole = "\n".join(block)
        if _utf16_len(current) + 1 + _utf16_len(whole) <= MESSAGE_LIMIT:
            current += "\n" + whole
            continue
        for line in block:
            if _utf16_len(current) + 1 + _utf16_len(line) > MESSAGE_LIMIT:
                messages.append(current)
                current = line
            else:
                current += "\n" + line
    messages.append(current)
    return messages
