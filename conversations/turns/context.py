"""What every part of a turn works with: the state being changed, the person's language, the chat, and the
ways to ask a question and word an error. The turn's concerns are modules of functions taking a `Turn`."""

from __future__ import annotations

import dataclasses
import datetime as dt

from conversations import flow
from conversations.api import ChatKey, Choice, Reply, StateStore
from conversations.i18n import Texts
from conversations.privacy import Retention
from conversations.questions.question import Ctx
from conversations.reading import ParseError, QuickAnswers, parse_quick
from conversations.reminders import ReminderService
from conversations.replies.wording import parse_error_text
from conversations.state.answers import Answers
from conversations.state.conversation import ConversationState

__all__ = ["Env", "Turn"]


@dataclasses.dataclass(frozen=True, slots=True)
class Env:
    """What a turn may use besides the state: who it is for, the stores, settings."""

    key: ChatKey
    store: StateStore
    reminders: ReminderService
    retention: Retention
    bot_username: str | None = None


class Turn:
    """One incoming event applied to a copy of the state."""

    def __init__(
        self, state: ConversationState, texts: Texts, locale: str, today: dt.date, chat_type: str, env: Env
    ) -> None:
        self.state = state
        self.texts = texts
        self.locale = locale
        self.today = today
        self.chat_type = chat_type
        self.env = env
        #: Set by /forget: the person's data is gone and nothing may be saved for them.
        self.forgotten = False
        self._line: tuple[str, QuickAnswers | ParseError] | None = None  # see read_line

    def _(self, message: str) -> str:
        return self.texts.gettext(message)

    @property
    def step(self) -> str | None:
        return self.state.step

    @property
    def answers(self) -> Answers:
        return self.state.answers

    @property
    def private(self) -> bool:
        return self.chat_type == "private"

    def ctx(self) -> Ctx:
        return Ctx(self.texts, self.locale, self.today, self.answers)

    def in_conversation(self) -> bool:
        return self.state.asking

    def read_line(self, text: str) -> QuickAnswers | ParseError:
        """The typed line read as a one-liner, or what is wrong with it; read once per turn, however often asked."""
        if self._line is None or self._line[0] != text:
            try:
                result: QuickAnswers | ParseError = parse_quick(text, locale=self.locale, today=self.today)
            except ParseError as err:
                result = err
            self._line = (text, result)
        return self._line[1]

    # --- saying things ---------------------------------------------------------------

    def error_text(self, err: ParseError) -> str:
        return parse_error_text(self.texts, err)

    def question(self, step_name: str, *, before: str = "") -> Reply:
        step = flow.BY_NAME[step_name]
        ctx = self.ctx()
        text = step.prompt(ctx) + "\n✏️ " + step.example(ctx)
        if before:
            text = before + "\n\n" + text
        return Reply(
            text=text,
            choices=step.choices(ctx),
            expects_answer=step.expects_answer,
            placeholder=step.placeholder(ctx) if callable(step.placeholder) else step.placeholder,
        )

    def current_question(self, before: str = "") -> list[Reply]:
        if self.in_conversation():
            return [self.question(self.step, before=before)]
        return [Reply(before)] if before else []

    def aside(self, replies: list[Reply]) -> list[Reply]:
        """Replies that leave the conversation as it was; in a private chat its question follows again."""
        if self.private and self.in_conversation():
            return replies + [self.question(self.step, before=self._("Back to where we were:"))]
        return replies

    def start_choice(self) -> tuple[tuple[Choice, ...], ...]:
        return ((Choice(self._("🆕 New estimate"), "c:start"),),)
