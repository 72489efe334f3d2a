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

Button data ("a:<step>:<value>", "w:<estimate>:<kind>[:<value>]", "c:<command>")
carries everything needed to act on it, so buttons of old messages keep working
after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import ValidationError

from calculator.models import Event, OffsetInput
from conversations import render, steps
from conversations.calc_errors import localized_error
from conversations.api import Button, ChatKey, Choice, Command, Incoming, Reply, StateStore, StoredState, Text
from conversations.i18n import Texts, texts_for
from conversations.parsing import ParseError, parse_percent, parse_quick

__all__ = ["ConversationEngine", "STATE_VERSION"]

log = logging.getLogger("conversations")

STATE_VERSION = 1
KEEP_ESTIMATES = 5
MAX_HISTORY = 40
_DONE = "done"
_WHATIF_RATE = "whatif_rate"
_CENT = Decimal("0.01")


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
    ) -> None:
        self._store = store
        self._clock = clock or dt.datetime.now
        # One lock per conversation, dropped when nobody waits on it, so the
        # dict stays as small as the number of people talking right now.
        self._locks: dict[ChatKey, tuple[asyncio.Lock, list[int]]] = {}

    @contextlib.asynccontextmanager
    async def _locked(self, key: ChatKey) -> AsyncIterator[None]:
        entry = self._locks.get(key)
        if entry is None:
            entry = self._locks[key] = (asyncio.Lock(), [0])
        lock, users = entry
        users[0] += 1
        try:
            async with lock:
                yield
        finally:
            users[0] -= 1
            if users[0] == 0:
                self._locks.pop(key, None)

    async def handle(
        self,
        key: ChatKey,
        incoming: Incoming,
        *,
        locale: str = "en",
        chat_type: str = "private",
    ) -> list[Reply]:
        texts = texts_for(locale)
        async with self._locked(key):
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
            try:
                turn = _Turn(copy.deepcopy(state), texts, locale, now.date(), chat_type)
                replies = turn.run(incoming)
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


class _Turn:
    """One incoming event applied to a copy of the state."""

    def __init__(self, state: dict[str, Any], texts: Texts, locale: str, today: dt.date, chat_type: str) -> None:
        self.state = state
        self.texts = texts
        self.locale = locale
        self.today = today
        self.chat_type = chat_type

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
            placeholder=step.placeholder,
        )

    def current_question(self, before: str = "") -> list[Reply]:
        if self.in_conversation():
            return [self.question(self.step, before=before)]
        return [Reply(before)] if before else []

    def start_choice(self) -> tuple[tuple[Choice, ...], ...]:
        return ((Choice(self._("🆕 New estimate"), "c:start"),),)

    # --- dispatch --------------------------------------------------------------

    def run(self, incoming: Incoming) -> list[Reply]:
        if isinstance(incoming, Command):
            return self.command(incoming.name.lower(), incoming.args)
        if isinstance(incoming, Button):
            return self.button(incoming.data)
        if isinstance(incoming, Text):
            return self.text(incoming.text)
        raise TypeError(f"not an Incoming: {type(incoming).__name__}")

    def command(self, name: str, args: str) -> list[Reply]:
        if name == "start":
            return self.start(args)
        if name == "help":
            return [Reply(self.help_text())] + self.current_question()
        if name == "back":
            return self.back()
        if name == "cancel":
            return self.cancel()
        shown = name[:32]
        return self.current_question(
            self._("🤷 I don't know the command /{name}. I understand /start, /back, /cancel and /help.").format(
                name=shown
            )
        ) or [Reply(self._("🤷 I don't know the command /{name}. Send /start to begin, or /help.").format(name=shown))]

    def help_text(self) -> str:
        text = self._(
            "ℹ️ I estimate what a 401(k) loan offset will cost you in tax, and how to avoid it, "
            "in about five questions.\n\n"
            "Answer by tapping a button or typing (e.g. 15000, 45, \"left my job\", 22%). "
            "You can also send it all at once: 15000 45 left 22%\n\n"
            "/back - go to the previous question\n"
            "/cancel - stop\n"
            "/start - start over\n"
            "/help - this message\n\n"
            "This is an estimate, not tax advice."
        )
        if self.chat_type != "private":
            text += "\n\n" + self._("In a group, reply to my question so I can see your answer.")
        return text

    # --- commands --------------------------------------------------------------

    def start(self, args: str = "") -> list[Reply]:
        self.state.update(fresh_state(self.state))
        self.state["step"] = "balance"
        welcome = self._(
            "👋 I'll work out what your 401(k) loan offset costs in tax, and how to avoid it. "
            "About five quick questions; /back goes back, /cancel stops."
        )
        if self.chat_type != "private":
            welcome += " " + self._("Reply to my questions so I can see your answers.")
        payload = args.replace("_", " ").strip()
        if payload:
            filled = self.quick_fill(payload)
            if filled is not None:
                return filled
        return [self.question("balance", before=welcome)]

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
            welcome = self.start()
            try:
                steps.BY_NAME["balance"].parse(text, self.ctx())
            except ParseError:
                if self.quick_answers(text) is None:
                    return welcome
            return self.answer("balance", text)
        if self.step == _DONE:
            return self.text_after_estimate(text)
        if self.step == _WHATIF_RATE:
            try:
                rate = parse_percent(text, locale=self.locale)
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

    def text_after_estimate(self, text: str) -> list[Reply]:
        last = self.last_estimate_id()
        if last is not None and "%" in text:
            try:
                rate = parse_percent(text, locale=self.locale)
            except ParseError:
                pass
            else:
                return self.whatif(last, "r", str(rate))
        return [
            Reply(
                self._("Your estimate is above. Tap a what-if button under it, or start a new estimate."),
                choices=self.start_choice(),
            )
        ]

    def last_estimate_id(self) -> str | None:
        ids = sorted(self.state["estimates"], key=int)
        return ids[-1] if ids else None

    # --- answering a step ------------------------------------------------------

    def quick_answers(self, text: str) -> list[tuple[str, str]] | None:
        """Several answers in one line, as (step, canonical answer) pairs; None unless it gave two or more."""
        try:
            quick = parse_quick(text, locale=self.locale)
        except ParseError:
            return None
        if quick.balance is None or quick.count() < 2:
            return None
        pairs = [("balance", str(quick.balance))]
        if quick.age is not None:
            pairs.append(("age", str(quick.age)))
        if quick.event is not None:
            pairs.append(("event", quick.event.value))
        if quick.rate is not None:
            pairs.append(("rate", str(quick.rate)))
        if quick.state is not None:
            pairs.append(("state", quick.state))
        return pairs

    def quick_fill(self, text: str) -> list[Reply] | None:
        pairs = self.quick_answers(text)
        if pairs is None:
            return None
        acks = []
        for step_name, value in pairs:
            step = steps.BY_NAME[step_name]
            if steps.answered(self.answers, step_name) or not steps.is_relevant(self.answers, step_name, self.today):
                continue
            try:
                updates = step.parse(value, self.ctx())
            except ParseError:
                continue  # asked normally later, with its own message
            self.push_history(step_name)
            self.state["answers"] = steps.record(self.answers, step_name, updates)
            acks.append(step.ack(updates, self.ctx()))
        return self.advance(" · ".join(a for a in acks if a))

    def answer(self, step_name: str, text: str, *, from_button: bool = False) -> list[Reply]:
        step = steps.BY_NAME[step_name]
        if step_name == "balance" and not from_button and len(text.split()) > 1:
            filled = self.quick_fill(text)
            if filled is not None:
                return filled
        try:
            updates = step.parse(text, self.ctx())
        except ParseError as err:
            self.state["step"] = step_name
            return [self.question(step_name, before="🤔 " + self.error_text(err))]
        self.push_history(step_name)
        self.state["answers"] = steps.record(self.answers, step_name, updates)
        return self.advance(step.ack(updates, self.ctx()))

    def push_history(self, step_name: str) -> None:
        history = self.state["history"]
        history.append({"step": step_name, "answers": copy.deepcopy(self.answers)})
        del history[:-MAX_HISTORY]

    def advance(self, ack: str) -> list[Reply]:
        before = "✔️ " + ack if ack else ""
        nxt = steps.next_step(self.answers, self.today)
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
        return [render.breakdown_reply(self.texts, breakdown, inputs, estimate_id, title=title)]

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

    def button(self, data: str) -> list[Reply]:
        kind, _, rest = data.partition(":")
        if kind == "a":
            step_name, _, value = rest.partition(":")
            if step_name in steps.BY_NAME:
                return self.answer_button(step_name, value)
        elif kind == "w":
            estimate_id, _, what = rest.partition(":")
            what, _, value = what.partition(":")
            return self.whatif(estimate_id, what, value)
        elif kind == "c" and rest in ("start", "back", "cancel", "help"):
            return self.command(rest, "")
        return self.current_question(self._("🤷 That button no longer works.")) or [
            Reply(self._("🤷 That button no longer works. Send /start for a new estimate."), choices=self.start_choice())
        ]

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
        if what in ("all", "half", "none") and inputs.event is Event.DEFAULT:
            return [Reply(self._("A deemed distribution can't be rolled over, so that what-if doesn't apply."))]
        if what == "all":
            changes, title = {"rollover": inputs.balance}, self._("🔁 What if you roll over all of it:")
        elif what == "half":
            changes, title = {"rollover": half}, self._("🔁 What if you roll over half:")
        elif what == "none":
            changes, title = {"rollover": Decimal(0)}, self._("↩️ Without a rollover:")
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
        elif what == "why":
            from calculator import estimate

            return [Reply(render.rules_text(self.texts, estimate(inputs, today=self.today)))]
        elif what == "r":
            try:
                rate = parse_percent(value, locale=self.locale)
            except ParseError as err:
                return [Reply("🤔 " + self.error_text(err))]
            changes = {"federal_rate": rate, "filing_status": None, "income": None}
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

