"""The conversation's contract with whatever carries it (Telegram, a terminal, tests).

A front end turns what a person did into an `Incoming` event, hands it to
`ConversationEngine.handle()` with the person's `ChatKey`, and shows the
`Reply` objects it gets back. It never looks inside the state: the engine
loads it, advances it and saves it in the `StateStore` before returning, so a
reply is only ever sent for a state that is already durable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class ChatKey:
    """One conversation: a person in a chat. The same person in two groups has two."""

    chat_id: int
    user_id: int


# --- what a person did -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Something typed (or a reply to a question)."""

    text: str


@dataclass(frozen=True, slots=True)
class Command:
    """A slash command, without the slash or @botname; `args` is the rest of the line."""

    name: str
    args: str = ""


@dataclass(frozen=True, slots=True)
class Button:
    """A press of an inline button: the `Choice.data` it carried."""

    data: str


Incoming = Text | Command | Button


# --- what to show them -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """A button. `data` is at most 64 bytes (Telegram's callback_data limit).

    With `url` it is a link button instead (a t.me deep link, say): the front
    end opens the URL and `data` (then "") is not used.
    """

    label: str
    data: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str


@dataclass(frozen=True, slots=True)
class Picture:
    """An image shown with a reply (the breakdown's chart), drawn only if and when a front end shows it.

    `render()` returns the image's bytes. It takes milliseconds of CPU, so a
    front end calls it off the event loop (a worker thread), and it may raise:
    then the reply's text goes out without it.
    """

    filename: str
    render: Callable[[], bytes] = field(compare=False)
    mime_type: str = "image/png"


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send. Plain text: no markup, so nothing a person types can inject any."""

    text: str
    choices: tuple[tuple[Choice, ...], ...] = ()
    # A question that wants a typed answer: in groups the bot sends it with
    # ForceReply(selective=True) so the answer reaches it under privacy mode.
    expects_answer: bool = False
    placeholder: str | None = None
    attachment: Attachment | None = None
    # Not compared: two replies with the same text and buttons are the same reply, whatever their pictures.
    picture: Picture | None = field(default=None, compare=False)
    # Not a new message: `choices` replace the buttons of the message whose button was pressed ("More…").
    # A front end that cannot edit one (the terminal, a typed request) shows it as a message with `text`.
    replaces_keyboard: bool = False


# --- where state lives -------------------------------------------------------


@dataclass(slots=True)
class StoredState:
    """A conversation's state as the store keeps it: a JSON-able dict and when it last changed."""

    data: dict[str, Any]
    updated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


class StateStore(Protocol):
    """Durable per-(chat, person) state. `save` returns only once the write is committed."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def load(self, key: ChatKey) -> StoredState | None: ...

    async def save(self, key: ChatKey, state: StoredState) -> None: ...

    async def delete(self, key: ChatKey) -> None: ...

    async def forget_user(self, user_id: int) -> int:
        """Delete everything kept about a person, in every chat; returns rows removed."""
        ...

    async def purge_older_than(self, cutoff: dt.datetime) -> int:
        """Delete conversations untouched since `cutoff`; returns rows removed."""
        ...


# --- reminders (issue #4) ----------------------------------------------------

from collections.abc import Sequence  # noqa: E402  (this section was appended)


@dataclass(frozen=True, slots=True)
class NewReminder:
    """A reminder to store: one message to (chat, person) at `remind_at` about `deadline`.

    `kind` names which reminder it is ("30d", "7d"...; at most 16 characters):
    a person has at most one reminder per (chat, deadline, kind). `payload` is
    a small JSON-able dict with only what the message needs (the amount to
    deposit as a decimal string, the distribution type).
    """

    chat_id: int
    user_id: int
    deadline: dt.date
    remind_at: dt.datetime
    kind: str
    locale: str = "en"
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reminder:
    """A stored reminder. `sent_at` is None until it is claimed for sending."""

    id: int
    chat_id: int
    user_id: int
    deadline: dt.date
    remind_at: dt.datetime
    kind: str
    locale: str
    payload: dict[str, Any]
    created_at: dt.datetime
    sent_at: dt.datetime | None = None
    cancelled: bool = False

    @property
    def key(self) -> ChatKey:
        return ChatKey(self.chat_id, self.user_id)


class ReminderStore(Protocol):
    """Durable reminders, next to the conversations (the same store object implements both).

    Every method is one atomic operation, so several bot instances can share
    the database: `claim_reminder` is the only way to mark one sent, and it
    succeeds for exactly one caller.
    """

    async def add_reminders(self, reminders: Sequence[NewReminder], now: dt.datetime | None = None) -> list[int]:
        """Store reminders; returns their ids, in order.

        Idempotent per (chat_id, user_id, deadline, kind): adding one that exists
        returns the existing id. If that one is still unsent its time, locale and
        payload are updated and a cancelled one is armed again (the person asked
        again); one already sent stays sent and is not sent twice.
        """
        ...

    async def due_reminders(self, now: dt.datetime, limit: int = 100) -> list[Reminder]:
        """Unsent, uncancelled reminders with `remind_at <= now`, oldest first."""
        ...

    async def claim_reminder(self, reminder_id: int, now: dt.datetime) -> bool:
        """Mark it sent at `now` if it is unsent and not cancelled; True for exactly one caller."""
        ...

    async def release_reminder(self, reminder_id: int, claimed_at: dt.datetime) -> bool:
        """Undo a claim made at `claimed_at` (the send failed and may be retried)."""
        ...

    async def list_reminders(self, user_id: int, chat_id: int | None = None) -> list[Reminder]:
        """A person's pending (unsent, uncancelled) reminders, soonest first."""
        ...

    async def cancel_reminder(self, user_id: int, reminder_id: int) -> bool:
        """Cancel one pending reminder, only if it is this person's; True if it was cancelled."""
        ...

    async def cancel_all_reminders(self, user_id: int) -> int:
        """Cancel all of a person's pending reminders, in every chat; returns how many."""
        ...

    async def purge_reminders_sent_before(self, cutoff: dt.datetime) -> int:
        """Delete reminders that are done: sent before `cutoff`, cancelled and created
        before `cutoff`, or whose deadline is before `cutoff`'s (UTC) date. Returns rows removed."""
        ...


class DurableStore(StateStore, ReminderStore, Protocol):
    """What `conversations.store.open_store` returns: conversations and reminders in one database."""
