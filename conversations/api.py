"""The conversation's contract with whatever carries it (Telegram, a terminal, tests).

A front end turns what a person did into an `Incoming` event, hands it to
`ConversationEngine.handle()` with the person's `ChatKey`, and shows the
`Reply` objects it gets back. It never looks inside the state: the engine
loads it, advances it and saves it in the `StateStore` before returning, so a
reply is only ever sent for a state that is already durable.
"""

from __future__ import annotations

import datetime as dt
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
    """A button. `data` is at most 64 bytes (Telegram's callback_data limit)."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str


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
