"""The cancel buttons of /reminders. Inline-button data (Telegram allows 64 bytes): "rmd:x:123" cancels
reminder 123, "rmd:x:all" all of the person's."""

from __future__ import annotations

from typing import Final

from conversations.api import Choice, Reminder
from conversations.i18n import Texts

CANCEL_PREFIX: Final = "rmd:x:"
ALL: Final = "all"


def cancel_choice(reminder: Reminder, texts: Texts) -> Choice:
    return Choice(
        texts.gettext("❌ Cancel {when}").format(when=texts.date(reminder.remind_at.date())),
        f"{CANCEL_PREFIX}{reminder.id}",
    )


def cancel_all_choice(texts: Texts) -> Choice:
    return Choice(texts.gettext("❌ Cancel all"), f"{CANCEL_PREFIX}{ALL}")


def parse_cancel_button(data: str) -> int | str | None:
    """The reminder id a cancel button names, `ALL`, or None when the data is not a cancel button."""
    if not isinstance(data, str) or not data.startswith(CANCEL_PREFIX):
        return None
    rest = data[len(CANCEL_PREFIX) :]
    if rest == ALL:
        return ALL
    # Ids are 64-bit integers in every store: a larger number (forged data) would overflow SQLite/PostgreSQL.
    return int(rest) if rest.isascii() and rest.isdigit() and len(rest) <= 19 and int(rest) < 2**63 else None
