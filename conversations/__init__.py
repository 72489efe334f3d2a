"""The conversation: an async state machine that asks the questions and shows the breakdown.

Front ends (the Telegram bot, the terminal chat, tests) turn what a person did
into an `Incoming` event and show the `Reply` objects that
`ConversationEngine.handle()` returns; see `conversations.api` for the contract.
Nothing here imports Telegram.
"""

from conversations.api import (
    Attachment,
    Button,
    ChatKey,
    Choice,
    Command,
    Incoming,
    Reply,
    StateStore,
    StoredState,
    Text,
)
from conversations.engine import ConversationEngine

__all__ = [
    "Attachment",
    "Button",
    "ChatKey",
    "Choice",
    "Command",
    "ConversationEngine",
    "Incoming",
    "Reply",
    "StateStore",
    "StoredState",
    "Text",
]
