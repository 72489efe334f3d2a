"""`ConversationEngine`: the conversation shared by the Telegram bot and the terminal chat.

`handle()` loads a person's state, advances it by one incoming event (conversations.turns), saves it
and only then returns the replies: a reply is never sent for a state that could still be lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from conversations.api import ChatKey, Incoming, Reply, StateStore, StoredState
from conversations.i18n import Texts, texts_for
from conversations.keyed_locks import KeyedLocks
from conversations.privacy import Retention
from conversations.reminders import ReminderService
from conversations.replies.payloads import clean_username
from conversations.state.conversation import ConversationState
from conversations.turns import Env, Turn, run

__all__ = ["ConversationEngine"]

log = logging.getLogger("conversations")


class ConversationEngine:
    """Drives conversations: one `handle()` call per thing a person does."""

    def __init__(
        self,
        store: StateStore,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        reminders: ReminderService | None = None,
        retention: Retention | None = None,
    ) -> None:
        self._store = store
        self._clock = clock or dt.datetime.now
        if reminders is None:
            # The same store keeps the reminders; a naive clock reads as UTC there.
            reminders = ReminderService(store, clock=clock) if clock is not None else ReminderService(store)  # type: ignore[arg-type]
        self.reminders = reminders
        self.retention = retention if retention is not None else Retention()
        # One lock per conversation, dropped when nobody waits on it, so the
        # dict stays as small as the number of people talking right now.
        self._locks = KeyedLocks()

    async def handle(
        self,
        key: ChatKey,
        incoming: Incoming,
        *,
        locale: str = "en",
        chat_type: str = "private",
        bot_username: str | None = None,
    ) -> list[Reply]:
        """Apply one event to the person's conversation; the replies to send, once the state is saved.

        `bot_username` (the bot's @username, without "@") lets answers carry
        t.me deep links for a private estimate; without it they use buttons.
        """
        texts = texts_for(locale)
        async with self._locks.hold(key):
            stored = await self._store.load(key)
            state, notice = self._read(key, stored, texts)
            now = self._clock()
            env = Env(key, self._store, self.reminders, self.retention, _username(bot_username))
            try:
                turn = Turn(state, texts, locale, now.date(), chat_type, env)
                replies = await run(turn, incoming)
            except Exception:
                # Never let one bad step take the conversation down: keep the
                # saved state as it was and say so.
                log.exception("conversation step failed (chat %s, user %s)", key.chat_id, key.user_id)
                return [Reply(texts.gettext(
                    "😕 Something went wrong on my side. Your answers are kept: "
                    "please try again, or use /back or /cancel."
                ))]
            if turn.forgotten:
                return replies  # /forget: nothing is kept, not even a fresh state
            if stored is None and turn.state == ConversationState():
                return replies  # nothing worth keeping (e.g. /faq from someone new)
            if not await self._save(key, turn.state, now):
                return [Reply(texts.gettext(
                    "😕 I couldn't save that just now, so nothing changed. Please send it again in a moment."
                ))]
            return notice + replies

    def _read(self, key: ChatKey, stored: StoredState | None, texts: Texts) -> tuple[ConversationState, list[Reply]]:
        """The state to go on from, and a notice when the stored one could not be read and starts again."""
        if stored is None:
            return ConversationState(), []
        state = ConversationState.from_json(stored.data)
        if state is not None:
            return state, []
        log.warning("resetting an unreadable conversation state (chat %s, user %s)", key.chat_id, key.user_id)
        return ConversationState(), [
            Reply(texts.gettext("🙈 I couldn't pick up where we left off, so let's start again."))
        ]

    async def _save(self, key: ChatKey, state: ConversationState, now: dt.datetime) -> bool:
        try:
            await self._store.save(key, StoredState(data=state.to_json(), updated_at=_aware(now)))
        except Exception:
            log.exception("saving conversation state failed (chat %s, user %s)", key.chat_id, key.user_id)
            return False
        return True

    async def forget(self, user_id: int) -> int:
        """Delete everything kept about a person, in every chat."""
        return await self._store.forget_user(user_id)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.astimezone(dt.UTC)


def _username(name: str | None) -> str | None:
    """The bot's username as Telegram spells one (without "@"), or None."""
    try:
        return clean_username(name)  # type: ignore[arg-type]
    except ValueError:
        return None
