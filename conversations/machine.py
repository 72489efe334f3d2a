"""The conversation state machine shared by the Telegram bot and the terminal chat.

`ConversationEngine.handle()` loads a person's state, advances it by one
incoming event, saves it and only then returns the replies: a reply is never
sent for a state that could still be lost.

The state is a small JSON-able dict:

    {"v": 1,
     "step": "age" | ... | "done" | "whatif_rate" | None (no conversation),
     "answers": {...},                  # see conversations.steps
     "history": [{"step", "answers"}],  # answers as they were before each step, for /back
     "estimates": {"7": {...}},         # OffsetInput JSON of the last few breakdowns, for what-if
     "next_id": 8,
     "whatif": "7" | None}              # the estimate a typed what-if rate applies to

Button data carries everything needed to act on it, so buttons of old messages
keep working after a restart:

    a:<step>:<value>                 answer a question
    w:<estimate>:<kind>[:<value>]    a what-if on a kept estimate
    c:<command>[:<arg>]              a command (c:start, c:forget:yes...)
    q:<topic>                        a Q&A answer (conversations.answers)
    rm:<estimate>                    "⏰ Remind me" of a kept estimate's rollover deadline
    rmd:x:<id> / rmd:x:all           cancel reminders (conversations.reminders)
    e:<payload>                      a prefilled estimate from a deep-link payload (conversations.payloads),
                                     for "show it here anyway" in a group

Asides (/faq and its topics, /privacy, /reminders, reminder buttons) leave the
conversation in hand as it was: in a private chat its question is shown again.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from babel.lists import format_list

from calculator.models import DistributionType, Event, OffsetInput
from conversations import answers as qa
from conversations import render, steps
from conversations.calc_errors import localized_error
from conversations.keyed_locks import KeyedLocks
from conversations.api import Button, ChatKey, Choice, Command, Incoming, Reply, StateStore, StoredState, Text
from conversations.i18n import N_, Texts, texts_for
from conversations.parsing import (
    BORROWED_NOT_OWED,
    ROLLOVER_VERBS,
    ParseError,
    QuickAnswers,
    Refused,
    _fold,
    parse_amount,
    parse_quick,
    parse_yes_no,
)
from conversations.payloads import is_estimate_payload, make_estimate_payload, parse_estimate_payload
from conversations.privacy import Retention, privacy_text
from conversations.quick import EXAMPLE_BRACKETS
from conversations.privacy import forget as forget_person
from conversations.reminders import ALL, CANCEL_PREFIX, ReminderService, parse_cancel_button, together

__all__ = ["ConversationEngine", "STATE_VERSION"]

log = logging.getLogger("conversations")

STATE_VERSION = 1
KEEP_ESTIMATES = 5
MAX_HISTORY = 40
_PLAN_457B_ACK = N_("a governmental 457(b) plan")
_DONE = "done"
_WHATIF_RATE = "whatif_rate"
# After the breakdown, a rollover amount typed as a what-if: "roll over 5000", "I can deposit 8k", "reinvertir 5.000".
_TYPED_ROLLOVER = re.compile(
    ROLLOVER_VERBS + r"[^\d$%]*?(?P<amount>\$?\s*\d(?:[\d.,]*\d)?(?:\s*(?:k|mil|thousand|grand)(?![a-z]))?)"
    r"(?![\d.,]*\s*%)",
    re.IGNORECASE,
)
# After the breakdown, the buttons under it said in words.
_TYPED_BUTTONS = {
    **dict.fromkeys(("why", "explain", "explain it", "why these numbers", "por que", "explicame", "explica"),
                    "why"),
    **dict.fromkeys(("remind me", "reminder", "set a reminder", "remind me before the deadline", "recuerdame",
                     "recordarme", "recordatorio"), "remind"),
    **dict.fromkeys(("new", "new estimate", "start over", "restart", "again", "nuevo", "nuevo calculo", "otra vez",
                     "empezar de nuevo"), "new"),
    **dict.fromkeys(("thanks", "thank you", "thanks a lot", "thank you so much", "thx", "ty", "ok thanks",
                     "gracias", "muchas gracias"), "thanks"),
}
_WHAT_IF = re.compile(r"^[\s¿]*(?:what\s+if|and\s+if|if|try|y\s+si|si|prueba|con)\s+", re.IGNORECASE)


def _rate_answers(quick: QuickAnswers) -> list[tuple[str, str]]:
    """What a line says of the federal tax, as (step, answer) pairs: its rate, or a filing status and income for
    the brackets to work the rate out ("not sure"), or "married" and income, which leaves jointly or separately
    to the filing question."""
    if quick.brackets():
        return [("rate", steps.UNSURE), ("filing", quick.filing_status.value), ("income", str(quick.income))]
    if quick.married_unsaid():
        return [("rate", steps.UNSURE), ("income", str(quick.income))]
    return [] if quick.rate is None else [("rate", str(quick.rate))]


def _acknowledged(step_name: str, value: str) -> bool:
    """Whether a line's answer is acknowledged: "not sure" of the rate from a filing status and income is not
    (their own acknowledgements say it)."""
    return not (step_name == "rate" and value == steps.UNSURE)
_CENT = Decimal("0.01")
_RATE_PLACES = Decimal("0.000001")
#: Commands a "c:<command>" button may run.
_BUTTON_COMMANDS = frozenset({"start", "back", "cancel", "help", "estimate", "faq", "reminders", "privacy", "forget"})
_USERNAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")
# Room left in callback data for "e:<payload>" once a group's "<user id>|" owner prefix is added.
_MAX_PAYLOAD_DATA = 50


def fresh_state(keep: dict[str, Any] | None = None) -> dict[str, Any]:
    """A state with no conversation; `keep` carries estimates over so old what-if buttons still work."""
    return {
        "v": STATE_VERSION,
        "step": None,
        "answers": {},
        "history": [],
        "estimates": dict(keep["estimates"]) if keep else {},
        "next_id": int(keep["next_id"]) if keep else 1,
        "whatif": None,
    }


_ATOMS = (str, int, float, bool, type(None))


def _copy_json(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, scalars), ~10x faster than `copy.deepcopy`.

    Anything else (not produced by a store's JSON) goes through `copy.deepcopy`.
    """
    kind = type(value)
    if kind is dict:
        return {k: _copy_json(v) for k, v in value.items()}
    if kind is list:
        return [_copy_json(v) for v in value]
    if kind in _ATOMS:
        return value
    return copy.deepcopy(value)


def _valid(data: Any) -> bool:
    """Whether a stored state has the shape this version writes."""
    try:
        if not isinstance(data, dict) or data.get("v") != STATE_VERSION:
            return False
        step = data["step"]
        if step is not None and step not in steps.BY_NAME and step not in (_DONE, _WHATIF_RATE):
            return False
        if not isinstance(data["answers"], dict) or not isinstance(data["estimates"], dict):
            return False
        if not isinstance(data["next_id"], int) or isinstance(data["next_id"], bool):
            return False
        for entry in data["history"]:
            if entry["step"] not in steps.BY_NAME or not isinstance(entry["answers"], dict):
                return False
        return all(isinstance(k, str) and isinstance(v, dict) for k, v in data["estimates"].items())
    except (KeyError, TypeError, AttributeError):
        return False


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
            notice: list[Reply] = []
            if stored is None:
                state = fresh_state()
            elif _valid(stored.data):
                state = stored.data
            else:
                log.warning("resetting an unreadable conversation state (chat %s, user %s)", key.chat_id, key.user_id)
                state = fresh_state()
                notice.append(
                    Reply(texts.gettext("🙈 I couldn't pick up where we left off, so let's start again."))
                )
            now = self._clock()
            env = _Env(key, self._store, self.reminders, self.retention, _username(bot_username))
            try:
                turn = _Turn(_copy_json(state), texts, locale, now.date(), chat_type, env)
                replies = await turn.run(incoming)
            except Exception:
                # Never let one bad step take the conversation down: keep the
                # saved state as it was and say so.
                log.exception("conversation step failed (chat %s, user %s)", key.chat_id, key.user_id)
                return [
                    Reply(
                        texts.gettext(
                            "😕 Something went wrong on my side. Your answers are kept: "
                            "please try again, or use /back or /cancel."
                        )
                    )
                ]
            if turn.forgotten:
                return replies  # /forget: nothing is kept, not even a fresh state
            if stored is None and turn.state == fresh_state():
                return replies  # nothing worth keeping (e.g. /faq from someone new)
            try:
                await self._store.save(key, StoredState(data=turn.state, updated_at=_aware(now)))
            except Exception:
                log.exception("saving conversation state failed (chat %s, user %s)", key.chat_id, key.user_id)
                return [
                    Reply(
                        texts.gettext(
                            "😕 I couldn't save that just now, so nothing changed. Please send it again in a moment."
                        )
                    )
                ]
            return notice + replies

    async def forget(self, user_id: int) -> int:
        """Delete everything kept about a person, in every chat."""
        return await self._store.forget_user(user_id)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.astimezone(dt.UTC)


def _username(name: str | None) -> str | None:
    """The bot's username as Telegram spells one (without "@"), or None."""
    if not isinstance(name, str):
        return None
    name = name.strip().removeprefix("@")
    return name if _USERNAME_RE.fullmatch(name) else None


@dataclasses.dataclass(frozen=True, slots=True)
class _Env:
    """What a turn may use besides the state: who it is for, the stores, settings."""

    key: ChatKey
    store: StateStore
    reminders: ReminderService
    retention: Retention
    bot_username: str | None = None


class _Turn:
    """One incoming event applied to a copy of the state."""

    def __init__(
        self, state: dict[str, Any], texts: Texts, locale: str, today: dt.date, chat_type: str, env: _Env
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

    # --- helpers ---------------------------------------------------------------

    def _(self, message: str) -> str:
        return self.texts.gettext(message)

    @property
    def step(self) -> str | None:
        return self.state["step"]

    @property
    def answers(self) -> dict[str, Any]:
        return self.state["answers"]

    def ctx(self) -> steps.Ctx:
        return steps.Ctx(self.texts, self.locale, self.today, self.answers)

    def in_conversation(self) -> bool:
        return self.step in steps.BY_NAME

    def error_text(self, err: ParseError) -> str:
        # Text params are N_-marked phrases ("an amount such as 15000"): translate them too.
        params = {
            k: self._(v) if isinstance(v, str) else render.format_param(self.texts, k, v) for k, v in err.params.items()
        }
        try:
            return self._(err.template).format(**params)
        except (KeyError, IndexError, ValueError):
            return str(err)

    def question(self, step_name: str, *, before: str = "") -> Reply:
        step = steps.BY_NAME[step_name]
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

    def start_choice(self) -> tuple[tuple[Choice, ...], ...]:
        return ((Choice(self._("🆕 New estimate"), "c:start"),),)

    # --- dispatch --------------------------------------------------------------

    async def run(self, incoming: Incoming) -> list[Reply]:
        if isinstance(incoming, Command):
            return await self.command(incoming.name.lower(), incoming.args)
        if isinstance(incoming, Button):
            return await self.button(incoming.data)
        if isinstance(incoming, Text):
            if self.step == _DONE and (said := _TYPED_BUTTONS.get(_fold(incoming.text).strip(" .!?¡¿,"))):
                return await self.typed_button(said)
            return self.text(incoming.text)
        raise TypeError(f"not an Incoming: {type(incoming).__name__}")

    async def command(self, name: str, args: str) -> list[Reply]:
        if name == "start":
            return self.start(args)
        if name == "help":
            step = steps.BY_NAME.get(self.step) if self.in_conversation() else None
            hint = step.help(self.ctx()) if step is not None and step.help is not None else ""
            return [Reply(self.help_text())] + self.current_question(hint)
        if name == "back":
            return self.back()
        if name == "cancel":
            return self.cancel()
        if name == "estimate":
            return self.estimate_command(args)
        if name == "faq":
            return self.aside([self.faq_reply()])
        if qa.answer_body(name, self.texts) is not None:
            return self.aside([self.topic_reply(name)])
        if name == "reminders":
            return self.aside([await self.reminders_reply()])
        if name == "privacy":
            return self.aside([Reply(privacy_text(self.texts, self.env.retention))])
        if name == "forget":
            return await self.forget(args)
        shown = name[:32]
        return self.current_question(
            self._("🤷 I don't know the command /{name}. /help lists the commands I understand.").format(name=shown)
        ) or [Reply(self._("🤷 I don't know the command /{name}. Send /start to begin, or /help.").format(name=shown))]

    def aside(self, replies: list[Reply]) -> list[Reply]:
        """Replies that leave the conversation as it was; in a private chat its question follows again."""
        if self.chat_type == "private" and self.in_conversation():
            return replies + [self.question(self.step, before=self._("Back to where we were:"))]
        return replies

    def help_text(self) -> str:
        text = self._(
            "ℹ️ I estimate what a 401(k) loan offset will cost you in tax, and how to avoid it, "
            "in about six questions.\n\n"
            "Answer by tapping a button or typing (e.g. 15000, 45, \"left my job\", 22%). "
            "You can also send it all at once: 15000 45 left 22%\n"
            "Not sure what a question asks? Send ? to see what it means and where to find the answer.\n\n"
            "/start - start a new estimate\n"
            "/estimate - a quick estimate in one line, e.g. /estimate 15000 45 left 22%\n"
            "/back - go to the previous question\n"
            "/cancel - stop\n"
            "/faq - short answers about loan offsets, with sources\n"
            "/reminders - your deadline and tax payment reminders\n"
            "/privacy - what I keep about you, and for how long\n"
            "/forget - delete everything I keep about you\n"
            "/help - this message\n\n"
            "This is an estimate, not tax advice."
        )
        if self.chat_type != "private":
            text += "\n\n" + self._("In a group, reply to my question so I can see your answer.")
        return text

    # --- commands --------------------------------------------------------------

    def start(self, args: str = "") -> list[Reply]:
        payload = args.strip()
        if payload == qa.ESTIMATE_PAYLOAD or is_estimate_payload(payload):
            # A deep link ("estimate", or "e_15000_45_left_22" with the numbers).
            quick = parse_estimate_payload(payload)
            if self.chat_type != "private":
                return [self.private_suggestion(quick)]
            if quick is not None:
                return self.prefilled(quick)
            args = ""
        self.state.update(fresh_state(self.state))
        self.state["step"] = "balance"
        welcome = self.welcome_line()
        payload = args.replace("_", " ").strip()
        if payload:
            filled = self.quick_fill(payload)
            if filled is not None:
                return filled
        return [self.question("balance", before=welcome)]

    def typed_question(self, text: str, refused: ParseError | None = None) -> list[Reply] | None:
        """A question about the rules typed where an answer was expected ("what is a loan offset?", "¿qué plazo
        tengo?"): the /faq topic that answers it, headed by its title. None when it is not one, or when the text
        also holds answers (one amount to confirm, or a one-line estimate)."""
        if refused is not None and refused.suggestions or (topic := qa.topic_for_question(text)) is None:
            return None
        if self.quick_answers(text) is not None:
            return None
        title = qa.heading(topic, self.texts) + "\n\n"
        if self.in_conversation():  # the question comes again below: no pointer to a new estimate
            return [Reply(title + (qa.answer(topic, self.texts, closing=False) or ""))]
        reply = self.topic_reply(topic)
        return [dataclasses.replace(reply, text=title + reply.text)]

    def welcome_line(self) -> str:
        welcome = self._(
            "👋 I'll work out what your 401(k) loan offset costs in tax, and how to avoid it. "
            "About six quick questions; ? explains one, /back goes back, /cancel stops."
        )
        if self.chat_type != "private":
            welcome += " " + self._("Reply to my questions so I can see your answers.")
        return welcome

    def cancel(self) -> list[Reply]:
        was_active = self.in_conversation() or self.step == _WHATIF_RATE
        self.state.update(fresh_state(self.state))
        text = (
            self._("👌 Cancelled. Send /start whenever you want a new estimate.")
            if was_active
            else self._("👌 Nothing to cancel. Send /start for a new estimate.")
        )
        return [Reply(text, choices=self.start_choice())]

    def back(self) -> list[Reply]:
        history = self.state["history"]
        if self.step is None:
            return [Reply(self._("Nothing to go back to. Send /start to begin."), choices=self.start_choice())]
        if not history:
            return [self.question(self.step if self.in_conversation() else "balance", before=self._("↩️ This is the first question."))]
        entry = history.pop()
        self.state["answers"] = entry["answers"]
        self.state["step"] = entry["step"]
        self.state["whatif"] = None
        return [self.question(entry["step"], before=self._("↩️ Back one question."))]

    # --- typed text ------------------------------------------------------------

    def text(self, text: str) -> list[Reply]:
        if self.step is None:
            # Typing without /start begins a conversation; an answer to the
            # first question counts, anything else just gets the welcome.
            try:
                steps.BY_NAME["balance"].parse(text, self.ctx())
                refused = None
            except ParseError as err:
                if (asked := self.typed_question(text, err)) is not None:
                    return asked  # "what is a loan offset?": answered, and no estimate started
                refused = err
            welcome = self.start()
            if refused is not None:
                if refused.suggestions or refused.template == BORROWED_NOT_OWED:
                    # "How much tax on a 20k 401k loan?": the welcome, and the amount it holds to confirm.
                    [reply] = self.answer("balance", text)
                    return [dataclasses.replace(reply, text=self.welcome_line() + "\n\n" + reply.text)]
                if self.quick_answers(text) is None and self.quick_problem(text) is None:
                    return welcome
            return self.answer("balance", text)
        if self.step == _DONE:
            return self.text_after_estimate(text)
        if self.step == _WHATIF_RATE:
            try:
                rate = steps.checked_federal_rate(text, self.ctx(), unsure_button=False)
            except ParseError as err:
                return [
                    Reply(
                        "🤔 " + self.error_text(err) + "\n\n" + self._("Which federal rate should I try? For example: 24%"),
                        choices=render.rate_choices(self.texts, int(self.state["whatif"])),
                        expects_answer=True,
                        placeholder="24%",
                    )
                ]
            return self.whatif(str(self.state["whatif"]), "r", str(rate))
        return self.answer(self.step, text)

    async def typed_button(self, said: str) -> list[Reply]:
        """A button under the breakdown, said in words: "why?", "remind me", "new estimate", or thanks."""
        last = self.last_estimate_id()
        if said == "new":
            return self.start()
        if said == "thanks" or last is None:
            return [Reply(self._("🙂 You're welcome. Confirm with a tax professional before you act."),
                          choices=self.start_choice())]
        if said == "why":
            return self.whatif(last, "why", "")
        return await self.remind(last)

    def text_after_estimate(self, text: str) -> list[Reply]:
        last = self.last_estimate_id()
        if last is not None and (typed := _TYPED_ROLLOVER.search(text)):
            # "I can roll over 5000": the what-if the two rollover buttons give, for the amount said.
            try:
                amount = parse_amount(typed["amount"], locale=self.locale)
            except ParseError as err:
                return [Reply("🤔 " + self.error_text(err))]
            return self.whatif(last, "amount", str(amount))
        if (moved := self.offset_day_after_estimate(text)) is not None:
            return moved
        typed = text
        text = _WHAT_IF.sub("", text).strip().strip("?¿")  # "what if 24%?", "¿y si 24%?": the rate
        if last is not None and "%" in text:
            try:
                rate = steps.checked_federal_rate(text, self.ctx(), unsure_button=False)
            except ParseError as err:
                if "%" in text.strip()[-2:]:  # a rate, but not one that can be a bracket: say why
                    return [Reply("🤔 " + self.error_text(err))]
            else:
                return self.whatif(last, "r", str(rate))
        if (asked := self.typed_question(typed)) is not None:  # "what's the deadline?" under the estimate
            return asked
        return [
            Reply(
                self._("Your estimate is above. Tap a what-if button under it, or start a new estimate."),
                choices=self.start_choice(),
            )
        ]

    def offset_day_after_estimate(self, text: str) -> list[Reply] | None:
        """A date typed under an estimate dated today ("11/3/2026"): the offset's day, as the breakdown asks
        when last year's Form 1099-R may be for it. The estimate is made again, with any question the new day
        reopens (the age on it, when they left). None: not such a date."""
        answers = self.answers
        if (answers.get("offset_date") is not None or not steps.answered(answers, "offset")
                or answers.get("event") == Event.DEFAULT.value):
            return None
        step = steps.BY_NAME["offset"]
        try:
            updates = step.parse(text, self.ctx())
        except ParseError:
            return None
        if updates.get("offset_date") is None:  # "today" again
            return None
        left = answers.get("separation_date")
        if left and updates["offset_date"] < left:  # before they left: not the offset's day (ISO dates compare)
            return None
        self.push_history("offset")
        self.state["answers"] = steps.record(answers, "offset", updates)
        return self.advance(step.ack(updates, self.ctx()))

    def last_estimate_id(self) -> str | None:
        ids = sorted(self.state["estimates"], key=int)
        return ids[-1] if ids else None

    # --- answering a step ------------------------------------------------------

    def read_line(self, text: str) -> QuickAnswers | ParseError:
        """The typed line read as a one-liner, or what is wrong with it; read once per turn, however often asked."""
        if self._line is None or self._line[0] != text:
            try:
                result: QuickAnswers | ParseError = parse_quick(text, locale=self.locale, today=self.today)
            except ParseError as err:
                result = err
            self._line = (text, result)
        return self._line[1]

    def quick_answers(self, text: str) -> list[tuple[str, str]] | None:
        """Several answers in one line, as (step, canonical answer) pairs; None unless it gave two or more."""
        quick = self.read_line(text)
        if isinstance(quick, ParseError) or quick.balance is None or quick.count() < 2:
            return None
        pairs = [("balance", str(quick.balance))]
        if quick.offset_date is not None:
            pairs.append(("offset", quick.offset_date.isoformat()))
        if (age := quick.age_answer()) is not None:
            pairs.append(("age", age))
        if quick.event is not None:
            pairs.append(("event", quick.event.value))
        pairs.extend(_rate_answers(quick))
        if quick.state is not None:
            pairs.append(("state", quick.state))
            if quick.state_rate is not None:
                pairs.append(("state_rate", str(quick.state_rate)))
        return pairs

    def quick_problem(self, text: str) -> ParseError | None:
        """What is wrong with a line that tries to give several answers with numbers ("15000 45 on leave 22%"),
        so the reply names that rather than "an amount should be digits only"."""
        if len(text.split()) < 2 or not any(c.isdigit() for c in text):
            return None
        line = self.read_line(text)
        return line if isinstance(line, ParseError) else None

    def take_457b(self, quick: QuickAnswers) -> bool:
        """Keep "457b" from a one-line answer with the answers (it is not a question of its own: the breakdown
        offers it as a what-if); True when that is new, to be acknowledged."""
        if not quick.plan_457b or self.answers.get(steps.PLAN_457B):
            return False
        self.push_history("balance")
        self.state["answers"] = {**self.answers, steps.PLAN_457B: True}
        return True

    def quick_fill(self, text: str) -> list[Reply] | None:
        pairs = self.quick_answers(text)
        if pairs is None:
            return None
        quick = self.read_line(text)
        plan_457b = not isinstance(quick, ParseError) and self.take_457b(quick)
        taken, refused = self.take_pairs(pairs)
        acks = self.acks(taken)
        if plan_457b:
            acks.append(self._(_PLAN_457B_ACK))
        self.take_left_time(quick)
        if not isinstance(quick, ParseError) and quick.form_1099r is not None:
            # "my 1099-R says 12000, 45, code M1": the offset has happened, and the code narrows "What happened?"
            self.state["answers"] = {**self.answers, steps.FORM: quick.form_1099r}
        return self.advance(" · ".join(a for a in acks if a), note="\n".join(refused))

    def take_pairs(self, pairs: list[tuple[str, str]]) -> tuple[list[tuple[steps.Step, dict]], list[str]]:
        """Record several answers given at once, each where its step is on the path: (what was taken, to
        acknowledge; why any was refused, said now and asked again later)."""
        taken: list[tuple[steps.Step, dict]] = []
        refused = []
        for step_name, value in pairs:
            step = steps.BY_NAME[step_name]
            if steps.answered(self.answers, step_name) or not steps.takes_given(self.answers, step_name, self.today):
                continue
            try:
                updates = step.parse(value, self.ctx())
            except ParseError as err:
                # Asked again later; say now why ("2000000 45" must not just re-ask the balance).
                refused.append("🤔 " + self.error_text(err))
                continue
            self.push_history(step_name)
            self.state["answers"] = steps.record(self.answers, step_name, updates)
            if _acknowledged(step_name, value):
                taken.append((step, updates))
        return taken, refused

    def acks(self, taken: list[tuple[steps.Step, dict]]) -> list[str]:
        """The acknowledgements of answers a line gave, once all of them are recorded: "California" is then
        "by its brackets" only if no rate for it came later in the line."""
        ctx = self.ctx()
        return [step.ack(updates, ctx) for step, updates in taken]

    def take_left_time(self, quick: QuickAnswers | ParseError) -> None:
        """"Laid off in September" in a one-line answer: kept to answer "When did you leave?" when it comes
        (after the day of the offset), as the same words at "what happened" are."""
        if (
            not isinstance(quick, ParseError)
            and quick.left_time
            and self.answers.get("event") == Event.SEPARATION.value
            and not steps.answered(self.answers, "left_when")
        ):
            self.state["answers"] = {**self.answers, "left_hint": quick.left_time}

    def answer(self, step_name: str, text: str, *, from_button: bool = False) -> list[Reply]:
        step = steps.BY_NAME[step_name]
        if step_name == "balance" and not from_button and len(text.split()) > 1:
            filled = self.quick_fill(text)
            if filled is not None:
                return filled
        if step_name == "rate" and not from_button and (pairs := steps.filing_for_rate(text)) is not None:
            # "single", "married filing jointly": not a rate, but what the brackets need to work it out.
            taken, refused = self.take_pairs(pairs)
            acks = self.acks(taken)
            if not acks and not refused:  # "married": the filing question asks which; say why it comes
                acks = [step.ack({"federal_rate": None}, self.ctx())]
            return self.advance(" · ".join(a for a in acks if a), note="\n".join(refused))
        try:
            updates = step.parse(text, self.ctx())
        except steps.Noted as err:
            # Kept for a later question ("When did you leave?" after the offset's day), or for how this one is asked.
            self.state["step"] = step_name
            if err.notes:
                self.state["answers"] = {**self.answers, **err.notes}
            return [self.question(step_name, before=("📝 " if err.notes else "🤔 ") + self.error_text(err))]
        except ParseError as err:
            self.state["step"] = step_name
            if not from_button and not isinstance(err, Refused) and (asked := self.typed_question(text, err)):
                return self.aside(asked)  # "what's the deadline?" at a question: its answer, then the question
            if not from_button and step.help is not None and not isinstance(err, Refused) and steps.asks_for_help(text):
                # "?", "help", "not sure" where that is not an answer: say what is asked and where to find it.
                return [self.question(step_name, before=step.help(self.ctx()))]
            if step_name == "balance" and not from_button:
                err = self.quick_problem(text) or err
            reply = self.question(step_name, before="🤔 " + self.error_text(err))
            if err.suggestions:  # the likely answers ("Which year?"), as buttons above the question's own
                row = tuple(Choice(label, steps.button_data(step_name, value)) for label, value in err.suggestions)
                reply = dataclasses.replace(reply, choices=(row, *reply.choices))
            return [reply]
        self.push_history(step_name)
        self.state["answers"] = steps.record(self.answers, step_name, updates)
        return self.advance(step.ack(updates, self.ctx()))

    def push_history(self, step_name: str) -> None:
        history = self.state["history"]
        history.append({"step": step_name, "answers": _copy_json(self.answers)})
        del history[:-MAX_HISTORY]

    def advance(self, ack: str, note: str = "") -> list[Reply]:
        nxt = steps.next_step(self.answers, self.today)
        # A question an earlier answer already settled ("I got laid off last month") is answered from it, and said.
        while nxt is not None and (hinted := steps.answer_from_hint(nxt, self.answers, self.ctx())) is not None:
            self.push_history(nxt)
            self.state["answers"] = steps.record(self.answers, nxt, hinted)
            ack = "\n✔️ ".join(a for a in (ack, steps.BY_NAME[nxt].ack(hinted, self.ctx())) if a)
            nxt = steps.next_step(self.answers, self.today)
        before = "\n\n".join(p for p in ("✔️ " + ack if ack else "", note) if p)
        self.state["whatif"] = None
        if nxt is not None:
            self.state["step"] = nxt
            return [self.question(nxt, before=before)]
        return self.finish(before)

    # --- the estimate ----------------------------------------------------------

    def finish(self, before: str) -> list[Reply]:
        try:
            inputs = steps.build_input(self.answers, self.today)
            return self.show_estimate(inputs, title=before or None, after_done=True)
        except (ValidationError, ValueError) as err:
            field, message = localized_error(self.texts, err)
            if field == "filing_status":  # no brackets for that year: the rate question is where to fix it
                field = "federal_rate"
            return self.rewind_for(field, message)

    def show_estimate(self, inputs: OffsetInput, *, title: str | None, after_done: bool) -> list[Reply]:
        from calculator import estimate

        breakdown = estimate(inputs, today=self.today)
        estimate_id = int(self.state["next_id"])
        estimates = self.state["estimates"]
        estimates[str(estimate_id)] = inputs.model_dump(mode="json")
        for old in sorted(estimates, key=int)[:-KEEP_ESTIMATES]:
            del estimates[old]
        self.state["next_id"] = estimate_id + 1
        if after_done:
            self.state["step"] = _DONE
        return [render.breakdown_reply(self.texts, breakdown, inputs, estimate_id, title=title, today=self.today)]

    def rewind_for(self, field: str | None, message: str) -> list[Reply]:
        """Re-ask the question whose answer the calculator could not use."""
        target = steps.step_for_field(field) if field else None
        history = self.state["history"]
        index = next((i for i in range(len(history) - 1, -1, -1) if history[i]["step"] == target), None)
        if index is None and history:
            index = len(history) - 1
        if index is None:
            self.state.update(fresh_state(self.state))
            self.state["step"] = "balance"
            return [self.question("balance", before="⚠️ " + message)]
        entry = history[index]
        del history[index:]
        self.state["answers"] = entry["answers"]
        self.state["step"] = entry["step"]
        return [self.question(entry["step"], before="⚠️ " + message)]

    # --- buttons ---------------------------------------------------------------

    async def button(self, data: str) -> list[Reply]:
        kind, _, rest = data.partition(":")
        if kind == "a":
            step_name, _, value = rest.partition(":")
            if step_name in steps.BY_NAME:
                return self.answer_button(step_name, value)
        elif kind == "w":
            estimate_id, _, what = rest.partition(":")
            what, _, value = what.partition(":")
            return self.whatif(estimate_id, what, value)
        elif kind == "c":
            name, _, arg = rest.partition(":")
            if name in _BUTTON_COMMANDS:
                return await self.command(name, arg if name == "forget" else "")
        elif kind == "q":
            topic = qa.topic_from_callback(data)
            if topic is not None:
                return self.aside([self.topic_reply(topic)])
        elif kind == "rm":
            return await self.remind(rest)
        elif kind == "e":
            quick = parse_estimate_payload(rest)
            if quick is not None:
                return self.prefilled(quick)
        elif data.startswith(CANCEL_PREFIX):
            target = parse_cancel_button(data)
            if target is not None:
                return await self.cancel_reminders(target)
        if self.in_conversation():
            return self.current_question(self._("🤷 That button no longer works."))
        return [Reply(self._("🤷 That button no longer works. Send /start for a new estimate."), choices=self.start_choice())]

    def answer_button(self, step_name: str, value: str) -> list[Reply]:
        if self.step is None:
            return [
                Reply(
                    self._("That button is from a conversation that has ended. Start a new estimate?"),
                    choices=self.start_choice(),
                )
            ]
        # A button from an earlier message re-answers its question, as long as
        # that question is still part of this conversation's path; the later
        # answers stay, except those that depended on it.
        if step_name != self.step and not steps.is_relevant(self.answers, step_name, self.today):
            return self.current_question(self._("That button belongs to a question that no longer applies."))
        return self.answer(step_name, value, from_button=True)

    def whatif(self, estimate_id: str, what: str, value: str) -> list[Reply]:
        stored = self.state["estimates"].get(estimate_id)
        if stored is None:
            return [
                Reply(
                    self._("That estimate is no longer kept. Start a new one?"),
                    choices=self.start_choice(),
                )
            ]
        inputs = OffsetInput.model_validate(stored)
        changes: dict[str, Any]
        half = (inputs.balance / 2).quantize(_CENT, rounding=ROUND_HALF_UP)
        if what in ("all", "half", "none", "amount") and inputs.event is Event.DEFAULT:
            return [Reply(self._("A deemed distribution can't be rolled over, so that what-if doesn't apply."))]
        if what == "all":
            changes, title = {"rollover": inputs.balance}, self._("🔁 What if you roll over all of it:")
        elif what == "half":
            changes, title = {"rollover": half}, self._("🔁 What if you roll over half:")
        elif what == "none":
            changes, title = {"rollover": Decimal(0)}, self._("↩️ Without a rollover:")
        elif what == "amount":
            from calculator import estimate

            if not estimate(inputs, today=self.today).rollover_eligible:
                return [Reply(self._("The rollover deadline has passed, so that what-if doesn't apply."))]
            try:
                amount = Decimal(value)
            except InvalidOperation:
                amount = Decimal("NaN")
            if not amount.is_finite() or amount <= 0:  # only a forged button gets here: the text path parsed it
                return [Reply(self._("🤷 That button no longer works."))]
            if amount > inputs.balance:
                return [Reply("🤔 " + self._("That is more than the loan, {balance}: a rollover can be up to the "
                                            "offset, not more.").format(balance=self.texts.money(inputs.balance)))]
            changes = {"rollover": amount}
            title = self._("🔁 What if you roll over {amount}:").format(amount=self.texts.money(amount))
        elif what == "rate":
            if not self.in_conversation():
                self.state["step"] = _WHATIF_RATE
                self.state["whatif"] = estimate_id
            return [
                Reply(
                    self._("🧾 Which federal rate should I try? Tap one or type it, e.g. 24%"),
                    choices=render.rate_choices(self.texts, int(estimate_id)),
                    expects_answer=not self.in_conversation(),
                    placeholder="24%",
                )
            ]
        elif what == "ps":
            from conversations.public_safety import service_years_needed

            years = service_years_needed()
            changes = {"public_safety": True, "service_years": years}
            title = self._("🚒 What if you left a public safety job after {years} years of service:").format(years=years)
        elif what == "457":
            changes = {"governmental_457b": True}
            title = self._("🏛 If the loan is from a governmental 457(b) plan:")
        elif what == "why":
            from calculator import estimate

            return [Reply(text) for text in render.rules_texts(self.texts, estimate(inputs, today=self.today))]
        elif what == "r":
            try:
                rate = steps.checked_federal_rate(value, self.ctx(), unsure_button=False)
            except ParseError as err:
                return [Reply("🤔 " + self.error_text(err))]
            # A flat rate replaces the brackets, and with them what they count (Social Security benefits).
            changes = {"federal_rate": rate, "filing_status": None, "income": None, "social_security": None}
            if inputs.state and inputs.state_rate is None and inputs.filing_status is not None:
                from calculator import estimate

                before = estimate(inputs, today=self.today)
                if before.state_brackets_year is not None and before.taxable_amount > 0:
                    # California's tax came from its brackets, which need the income the flat rate drops: keep it,
                    # as the rate it came to on the offset (six decimals: the same cents; shown as 7.57%).
                    changes["state_rate"] = (before.state_income_tax * 100 / before.taxable_amount).quantize(_RATE_PLACES)
            title = self._("🧾 What if your federal rate is {rate}:").format(rate=self.texts.percent(rate))
        else:
            return [Reply(self._("🤷 That button no longer works."))]
        in_progress = self.in_conversation()
        try:
            updated = OffsetInput.model_validate({**inputs.model_dump(), **changes})
            replies = self.show_estimate(updated, title=title, after_done=False)
        except (ValidationError, ValueError) as err:
            return [Reply("⚠️ " + localized_error(self.texts, err)[1])]
        if self.step == _WHATIF_RATE:
            self.state["step"] = _DONE
            self.state["whatif"] = None
        if in_progress:
            # The what-if came from an older message; keep the question in hand visible.
            replies += self.current_question(self._("Back to where we were:"))
        return replies


    # --- /estimate and deep links ---------------------------------------------------

    def estimate_command(self, args: str) -> list[Reply]:
        """/estimate 15000 45 left 22%: the breakdown at once, or the questions for what is missing."""
        if not args.strip():
            return self.aside([self.estimate_howto()])
        line = self.read_line(args)
        if (isinstance(line, ParseError) or line.balance is None) and (asked := self.typed_question(args)):
            return self.aside(asked)  # "/estimate what is a loan offset?": a question, not numbers
        try:
            quick = parse_quick(args, locale=self.locale, today=self.today)
        except ParseError as err:
            return self.aside([self.estimate_howto("🤔 " + self.error_text(err))])
        if not quick.count():
            return self.aside(
                [self.estimate_howto("🤔 " + self._("I couldn't find a loan balance, an age or a tax rate in that."))]
            )
        if self.chat_type != "private":
            return [self.private_suggestion(quick)]
        return self.prefilled(quick)

    def estimate_howto(self, before: str = "") -> Reply:
        text = self._(
            "🧮 Quick estimate: send /estimate with the unpaid loan balance, your age, what happened "
            "and your federal tax rate, in any order. For example:\n"
            "{example}\n"
            "What happened: left (quit, fired, laid off, retired), plan ended, or missed payments. "
            "If the offset was not today, add its date, e.g. 2025-11-03. "
            "Anything missing, I'll ask."
        ).format(example=self._("/estimate 15000 45 left 22%"))
        # The same two extras the inline how-to gives (conversations.quick), with /estimate in front.
        text += "\n" + self._(
            "Not sure of your rate? Give your filing status and income instead, and I'll work it out by the "
            "brackets: {example}"
        ).format(example="/estimate " + self._(EXAMPLE_BRACKETS))
        text += "\n" + self._("For state tax, add your state and its rate: {example} CA 9.3%").format(
            example=self._("/estimate 15000 45 left 22%")
        )
        if before:
            text = before + "\n\n" + text
        rows: tuple[tuple[Choice, ...], ...] = ()
        if self.chat_type != "private":
            text += "\n\n" + self._("🔒 Your numbers are better kept out of the group: send them to me in a private chat.")
            link = self.link_choice(qa.ESTIMATE_PAYLOAD)
            rows = ((link,),) if link is not None else ()
        return Reply(text, choices=rows)

    def prefilled(self, quick: QuickAnswers) -> list[Reply]:
        """A new estimate with what /estimate, a one-liner or a deep link gave; the questions for the rest.

        What a quick estimate leaves out is assumed, and said: the offset is
        today, a person who left their job left within the last 12 months, and
        no state tax. /back or /start asks those too.
        """
        self.state.update(fresh_state(self.state))
        given: dict[str, str | None] = {
            "balance": None if quick.balance is None else str(quick.balance),
            "age": quick.age_answer(),
            "event": None if quick.event is None else quick.event.value,
            "left_when": quick.left_time if quick.event is Event.SEPARATION else None,
            **dict(_rate_answers(quick)),  # the federal tax: a rate, or what the brackets need
            "state": quick.state,
            "state_rate": None if quick.state_rate is None else str(quick.state_rate),
            "offset": None if quick.offset_date is None else quick.offset_date.isoformat(),
        }
        taken: list[tuple[steps.Step, dict]] = []
        assumed: list[str] = []
        problem = ""
        plan_457b = self.take_457b(quick)
        for step in steps.STEPS:
            value = given.get(step.name)
            silent = False
            if steps.answered(self.answers, step.name):
                continue
            if step.name == "offset" and value is not None:
                pass  # a day typed in the line dates the distribution, missed payments included
            elif not (steps.takes_given(self.answers, step.name, self.today) if value is not None
                      else steps.is_relevant(self.answers, step.name, self.today)):
                continue
            if value is None:
                if step.name in ("offset", "missed") and quick.form_1099r is not None:
                    continue  # a Form 1099-R: the offset has happened, in the form's year; asked, not assumed today
                if step.name == "offset":
                    value, silent = "today", True
                    assumed.append(self._("the loan is offset today"))
                elif step.name == "missed":
                    value, silent = steps.SKIP, True
                    assumed.append(self._("the loan is treated as a distribution today"))
                elif step.name == "left_when" and quick.event is Event.SEPARATION:
                    value, silent = "recent", True
                    assumed.append(
                        self._("you left your job within the last 12 months")
                        if quick.offset_date in (None, self.today)
                        else self._("you left your job within 12 months before the offset")
                    )
                elif step.name == "state":
                    value, silent = steps.SKIP, True
                    assumed.append(self._("no state tax"))
                else:
                    continue
            try:
                updates = step.parse(value, self.ctx())
            except ParseError as err:
                problem = problem or "🤔 " + self.error_text(err)
                continue  # asked normally
            self.push_history(step.name)
            self.state["answers"] = steps.record(self.answers, step.name, updates)
            if not silent and _acknowledged(step.name, value):
                taken.append((step, updates))
        acks = self.acks(taken)
        if plan_457b:
            acks.append(self._(_PLAN_457B_ACK))
        if quick.form_1099r is not None:  # after the balance's own answer, which holds none
            self.state["answers"] = {**self.answers, steps.FORM: quick.form_1099r}
        lines = []
        if acks:
            lines.append("✔️ " + " · ".join(a for a in acks if a))
        if assumed:
            lines.append(
                self._("ℹ️ Assuming {assumptions}. /start asks every question.").format(
                    assumptions=format_list(assumed, locale=self.texts.locale)
                )
            )
        if problem:
            lines.append(problem)
        before = "\n".join(lines)
        self.state["whatif"] = None
        nxt = steps.next_step(self.answers, self.today)
        if nxt is not None:
            self.state["step"] = nxt
            return [self.question(nxt, before=before)]
        return self.finish(before)

    def link_choice(self, payload: str) -> Choice | None:
        """A "🔒 Continue in a private chat" deep-link button, if the bot's username is known."""
        if self.env.bot_username is None:
            return None
        try:
            url = qa.estimate_link(self.env.bot_username, payload)
        except ValueError:
            url = qa.estimate_link(self.env.bot_username)
        # The data is what a front end without link buttons sends instead.
        return Choice(self._("🔒 Continue in a private chat"), "c:start", url=url)

    def private_suggestion(self, quick: QuickAnswers | None) -> Reply:
        """In a group: suggest a private chat for someone's own numbers, and still offer to go on here."""
        payload = qa.ESTIMATE_PAYLOAD
        here = Choice(self._("Start here anyway"), "c:start")
        # A Form 1099-R without the offset's day: a link with the numbers would date it today, so none.
        if quick is not None and not (quick.form_1099r is not None and quick.offset_date is None):
            try:
                payload = make_estimate_payload(
                    quick.balance, quick.age, quick.event, quick.rate, quick.state, quick.offset_date, quick.state_rate,
                    quick.filing_status, quick.income,
                )
            except ValueError:
                payload = qa.ESTIMATE_PAYLOAD
            else:
                if len("e:" + payload) <= _MAX_PAYLOAD_DATA:
                    here = Choice(self._("📊 Show it here anyway"), "e:" + payload)
        link = self.link_choice(payload)
        if link is not None:
            text = self._(
                "🔒 Your own numbers are better kept out of the group. Tap below to continue in a private "
                "chat with me: nothing more is posted here."
            )
            rows: tuple[tuple[Choice, ...], ...] = ((link,), (here,))
        else:
            text = self._(
                "🔒 Your own numbers are better kept out of the group: send them to me in a private chat. "
                "Or go on here if you prefer."
            )
            rows = ((here,),)
        return Reply(text, choices=rows)

    # --- Q&A --------------------------------------------------------------------------

    def faq_reply(self) -> Reply:
        text = qa.index_text(self.texts, self.env.bot_username, private=self.chat_type == "private")
        rows = tuple((Choice(label, qa.callback_data(topic_id)),) for topic_id, label in qa.topics(self.texts))
        return Reply(text, choices=rows)

    def topic_reply(self, topic_id: str) -> Reply:
        link = self.link_choice(qa.ESTIMATE_PAYLOAD) if self.chat_type != "private" else None
        text = qa.answer(topic_id, self.texts, link.url if link is not None else None,
                         private=self.chat_type == "private") or ""
        button = link if link is not None else Choice(self._("🆕 New estimate"), "c:start")
        return Reply(text, choices=((button,),))

    # --- reminders ---------------------------------------------------------------------

    async def remind(self, estimate_id: str) -> list[Reply]:
        """⏰ Remind me: reminders before the rollover deadline of a kept estimate, and an .ics for the calendar."""
        from calculator import estimate

        stored = self.state["estimates"].get(estimate_id)
        if stored is None:
            return self.aside(
                [Reply(self._("That estimate is no longer kept. Start a new one?"), choices=self.start_choice())]
            )
        breakdown = estimate(OffsetInput.model_validate(stored), today=self.today)
        deadline = render.reminder_deadline(breakdown)
        # The day to pay the tax by (an estimated payment's, or the return's), which the breakdown names too.
        due = render.payment_due(breakdown, self.today)
        kind = breakdown.distribution_type
        if deadline is None and due is None and kind is DistributionType.DEEMED_DISTRIBUTION:
            return self.aside(
                [Reply(self._("A deemed distribution can't be rolled over, so there is no deadline to remind you of."))]
            )
        if deadline is None and due is None:  # the rollover's deadline has passed (an older message's button, or typed)
            return self.aside([Reply(self._("No deadline that could still avoid the tax is ahead, so there is "
                                            "nothing to remind you of."))])
        offers = []
        if deadline is not None:
            rollover = breakdown.rollover_eligible
            offer = await self.env.reminders.offer(
                self.env.key,
                deadline,
                # For missed payments what is owed to the plan is not known here, only the day.
                render.deposit_amount(breakdown) if rollover else None,
                self.locale,
                distribution_type=getattr(kind, "value", kind),
            )
            offers.append(offer)
        if due is not None:
            avoided_by = "rollover" if breakdown.rollover_eligible else "cure" if breakdown.cure_possible else None
            payment = await self.env.reminders.offer_payment(
                self.env.key, due.day, breakdown.federal_income_tax + breakdown.early_withdrawal_penalty, self.locale,
                alone=deadline is None, avoided_by=avoided_by, with_return=due.with_return,
            )
            offers.append(payment)
        # One message: both texts, and one calendar file with both dates.
        return self.aside([together(*offers, self.texts).reply if len(offers) == 2 else offers[0].reply])

    def _reminders_chat(self) -> int | None:
        # In a private chat all of the person's reminders; in a group only this group's.
        return None if self.chat_type == "private" else self.env.key.chat_id

    async def reminders_reply(self) -> Reply:
        return await self.env.reminders.list_reply(self.env.key.user_id, self.locale, chat_id=self._reminders_chat())

    async def cancel_reminders(self, target: int | str) -> list[Reply]:
        service, user_id = self.env.reminders, self.env.key.user_id
        if target == ALL:
            chat = self._reminders_chat()
            if chat is None:
                count = await service.cancel_all(user_id)
            else:
                count = 0
                for reminder in await service.list(user_id, chat):
                    count += await service.cancel(user_id, reminder.id)
            text = (
                self.texts.ngettext("✅ Cancelled {count} reminder.", "✅ Cancelled {count} reminders.", count).format(
                    count=count
                )
                if count
                else self._("Nothing left to cancel.")
            )
        else:
            done = await service.cancel(user_id, int(target))
            text = self._("✅ Reminder cancelled.") if done else self._("That reminder was already sent or cancelled.")
        listing = await self.reminders_reply()
        return self.aside([Reply(text + "\n\n" + listing.text, choices=listing.choices)])

    # --- privacy -----------------------------------------------------------------------

    async def forget(self, args: str) -> list[Reply]:
        """/forget asks first; /forget yes (or its button) deletes everything kept about the person, everywhere."""
        confirmed: bool | None = None
        if args.strip():
            try:
                confirmed = parse_yes_no(args)
            except ParseError:
                confirmed = None
        if confirmed is None:
            return [
                Reply(
                    self._(
                        "🗑 This deletes everything I keep about you, in every chat: your answers, estimates "
                        "and reminders. It can't be undone. Delete it all?"
                    ),
                    choices=(
                        (
                            Choice(self._("🗑 Yes, delete everything"), "c:forget:yes"),
                            Choice(self._("Keep it"), "c:forget:no"),
                        ),
                    ),
                )
            ]
        if not confirmed:
            return self.aside([Reply(self._("👌 Nothing was deleted."))])
        await forget_person(self.env.store, self.env.key.user_id)
        self.forgotten = True
        self.state = fresh_state()
        return [
            Reply(
                self._(
                    "🗑 Done: everything I kept about you is deleted, in every chat, reminders included. "
                    "Send /start whenever you want a new estimate."
                )
            )
        ]
