"""Fuzzing the conversation engine (issue #5): whatever people send, the bot answers sensibly.

Hypothesis drives whole conversations through the real `ConversationEngine`
over a real store (a `MemoryStore`, and in a smaller run the SQLite store in a
temporary directory), for several people at once: valid answers for the step
each one is at (so runs reach the breakdown and the what-ifs), random unicode
(RTL marks, zero-width joiners, emoji, NUL), 5,000-character messages,
HTML/Markdown-looking text, odd numbers ("1e309", "NaN", "١٥٠٠٠", "９"*400...),
known and unknown commands with random arguments (/start deep-link payloads,
/estimate, /faq, /reminders, /forget...), forged button data ("a:", "w:", "c:",
"q:", "rm:", "rmd:x:", "e:" with garbage, real-looking data for other steps and
estimates that don't exist, reminder ids past 64 bits), stale
buttons of old messages, two updates for one person at the same moment,
corrupted stored state, and garbage locales.

After every update it checks:

- `handle()` raises nothing and answers: at least one Reply with visible text;
- the engine did not hit its own "something went wrong" path (no exception
  logged by the "conversations" logger) and did not reset a state it wrote itself;
- every Reply's text fits one Telegram message (4096 UTF-16 units), every
  button has a label and data of at most 64 bytes (UTF-8);
- the stored state is absent or has the version the engine writes, a step it
  knows (`flow.BY_NAME`, "done", "whatif_rate" or None) and passes the
  engine's own reading (`ConversationState.from_json`);
- no Reply repeats a 300+ character stretch of what the person sent;
- a Text that leaves the conversation at the same question loses nothing: every
  stored answer keeps its value, the history only grows, estimates stay, and the
  reply says what was wrong (🤔 or ⚠️). Part of a one-liner may still be taken
  ("2000000 45" keeps the age and names the balance as too big).

Fast and deterministic by default (derandomized, no example database; about
20 s here). For a longer local hunt raise the counts with environment
variables, e.g.

    FUZZ_EXAMPLES=2000 FUZZ_STEPS=80 .venv/bin/python -m pytest tests/test_fuzz_conversation.py

FUZZ_EXAMPLES is the number of conversations for the MemoryStore machine (the
SQLite one runs a quarter of it), FUZZ_STEPS the updates per conversation.
FUZZ_SEED=1 (or any value) turns derandomization off, so every run explores
new cases.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import itertools
import logging
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from conversations import Button, ChatKey, Command, ConversationEngine, Reply, StoredState, Text, flow
from conversations.questions.question import button_data
from conversations.state.answers import Answers
from conversations.state.conversation import MAX_HISTORY, STATE_VERSION, ConversationState
from conversations.store import MemoryStore, open_store

TODAY = dt.datetime(2026, 3, 10, 12, 0)
KEYS = (ChatKey(10, 1), ChatKey(10, 2), ChatKey(-100, 1))  # two people, and one of them in a group too
KNOWN_STEPS = frozenset(flow.BY_NAME) | {"done", "whatif_rate", None}
TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
ECHO_LIMIT = 300

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
STEPS = int(os.environ.get("FUZZ_STEPS", "40"))
DERANDOMIZE = not os.environ.get("FUZZ_SEED")


def _settings(examples: int, steps_per_run: int) -> settings:
    return settings(
        max_examples=examples,
        stateful_step_count=steps_per_run,
        deadline=None,
        derandomize=DERANDOMIZE,
        database=None,
        print_blob=False,
        suppress_health_check=list(HealthCheck),
    )


# --- what people send -------------------------------------------------------------

# All of unicode but lone surrogates (Telegram only carries valid UTF-8/UTF-16).
any_char = st.characters(exclude_categories=("Cs",))
SPECIALS = [
    "\u200f", "\u200e", "\u202e", "\u202d", "\u2066", "\u200d", "\u200b", "\ufeff", "\x00", "\u00a0", "\u3000",
    "\u0301", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇺🇸", "💵", "\n", "\t", "\r\n", "%", "$", "/", ":", "_",
]  # fmt: skip
# Answers the steps understand, the later questions' included (Social Security, Georgia, 457(b), loose times).
ANSWER_WORDS = [
    "15000", "45", "22%", "CA", "left", "skip", "2025-06-30", "64", "GA", "not sure", "1900 a month", "none",
    "roll over 5000", "deposit 99999999999", "what if 24%", "reinvertir 1.000", "1M", "code L1", "my employer closed",
    "why?", "remind me", "thanks", "new estimate",
    "I got laid off last month", "in October", "15000 64 left 457b", "jointly", "40000 plus social security",
    "help", "?", "born 5/14/1969", "dob 1/1/1900", "September 2025", "9/2025", "March 2025", "SC",
    "15000 born 5/14/1969 left 22%", "12k on my 401k, laid off in September 2025, 24%",
    # Session 11: local taxes, dates without a year, cities for the state.
    "MD", "4.75% + 3.2%", "6 plus 3.876", "3% +", "+3%", "NYC", "Yonkers", "Baltimore", "October 3", "May 14", "2/29",
    "15000 45 left 22% MD 4.75% + 3.2%", "15000 63 left single 95k income",
]  # fmt: skip
special_text = st.lists(st.one_of(st.sampled_from(SPECIALS), st.sampled_from(ANSWER_WORDS)), max_size=8).map("".join)
random_text = st.one_of(st.text(any_char, max_size=40), special_text, st.text(st.sampled_from("0123456789.,$%-k "), max_size=15))

ODD_NUMBERS = [
    "1e309", "-1e309", "1e-309", "NaN", "nan", "-nan", "sNaN", "Infinity", "-inf", "∞", "-0", "+0", "0", "00", "0.00",
    "0x10", "0b101", "0o17", "1_000", "1__0", "9" * 400, "9" * 80, "9" * 79, "9" * 40, "9" * 29, "9" * 28, "0." + "0" * 70 + "1",
    "١٥٠٠٠", "۱۵۰۰۰", "१५०००", "１５０００", "１５，０００", "15,000.000.1", "15.000,50", "15,000.50", "1,5", "12,5 %",
    "$-5", "-$5", "($5)", "+15000", "15000-", "1.5m", "1.5mm", "15k%", "%", "%%", "22%%", "-22%", "100.0001%", "1e2%",
    "15 000", "15\u202f000", "15\u00a0000", "١٥%", "٤٥", "４５", "45.0", "45,5", "120", "121", "13", "2**64",
    str(2**64), str(-(2**63)), "1/3", "⅓", "½", "²", "𝟏𝟓𝟎𝟎𝟎", "Ⅻ", "〇", "15000" * 16, "2026-02-30", "0000-01-01",
    "9999-12-31", "99/99/9999", "2/29/2025", "1/1/1", "31.12.1949", "2000000 45", "5000000 45 left 22%", "15000 45 left 50%",
    "15000 45 left 0%", "15000 13 left", "150000000 45", "15000 45 45", "15000 45 22% 24%",
]  # fmt: skip
odd_number = st.one_of(
    st.sampled_from(ODD_NUMBERS),
    st.builds(lambda n, s: n + s, st.sampled_from(ODD_NUMBERS), st.sampled_from(["", "k", "m", " USD", "%", " years", " 45"])),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**60), max_value=10**60).map(str),
    st.floats().map(repr),
)

MARKUP = [
    "<b>15000</b>", "<i>45</i>", "<script>alert(1)</script>", "</pre>", "&lt;b&gt;", "&amp;", "*22%*", "_left_", "**CA**",
    "`15000`", "```\n15000\n```", "[CA](http://example.com)", "![x](javascript:alert(1))", "<a href='tg://user?id=1'>x</a>",
    "||spoiler||", "~~45~~", "> quote", "# 15000", "{balance}", "{0}", "{}", "%s", "%(x)s", "${x}", "\\", "\\n",
]  # fmt: skip
markup_text = st.one_of(st.sampled_from(MARKUP), st.lists(st.sampled_from(MARKUP), min_size=2, max_size=5).map(" ".join))

# Long messages are built by repetition: drawing 5,000 characters one by one is slow and overflows Hypothesis' buffer.
long_text = st.builds(
    lambda unit, size: (unit * (size // len(unit) + 1))[:size],
    st.one_of(st.text(any_char, min_size=1, max_size=12), st.sampled_from(["15000 ", "9", "a", "🙂", "\u200f١", "<b>x</b>"])),
    st.sampled_from([81, 201, 299, 300, 301, 1000, 4096, 4097, 5000]),
)

TOPICS = ["offset", "deemed", "deadline", "rollover", "rule55", "penalty", "withholding"]
KNOWN_COMMANDS = ["start", "help", "back", "cancel", "estimate", "faq", "reminders", "privacy", "forget", *TOPICS]
command_name = st.one_of(
    st.sampled_from(KNOWN_COMMANDS + ["START", "Start", "Forget", "settings", "stop", "remind", "x" * 40]),
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789_"), min_size=1, max_size=40),
    st.text(any_char, min_size=1, max_size=40),
)
start_payload = st.one_of(
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"), max_size=64),
    st.sampled_from(["estimate", "15000_45_left_22%", "15000_45_left_22", "15k_45_plan_ended_24_CA", "9" * 64, "_" * 64,
                     "15000_45_15000_45", "2000000_45_left", "0_45_left_22", "e_15000_45_left_22", "e_15000p50_59_terminated_24_CA",
                     "e_20000_40", "e_", "e__", "e_x_x_x_x_x", "e_9999999_999_x_999p999_ZZ", "e_0_0_default_0",
                     "e_15000_45_laid-off_22", "e_" + "9" * 62, "e_1_14_" + "a" * 31 + "_1p1", "E_15000_45"]),  # fmt: skip
    st.text(st.sampled_from("0123456789pxX_-abcdefghijklmnopqrstuvwxyzCA"), max_size=62).map(lambda t: "e_" + t),
)
command_args = st.one_of(
    st.just(""), start_payload, random_text, odd_number, long_text,
    st.sampled_from(["yes", "no", "YES!", "sí", "si", "y", "n", "maybe", "15000 45 left 22%", "2000000 45 left 50%",
                     "15000 45 15000", "22% 24%", "CA", "45", "left", "15000 45 left 22% CA 5%"]),
)  # fmt: skip

STEP_NAMES = list(flow.BY_NAME)
WHATIF_KINDS = ["all", "half", "none", "rate", "why", "r", "R", "", "all:1", "x", "ps", "457", "457:1"]


def _fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT


forged_button = st.one_of(
    st.text(any_char, max_size=64).filter(_fits),
    st.builds(
        lambda prefix, tail: prefix + tail,
        st.sampled_from(["a:", "w:", "c:", "q:", "rmd:", "rmd:x:", "a::", "w::", "a:a:", "w:1:", "w:1:r:", ":"]),
        st.one_of(random_text, odd_number, st.sampled_from(STEP_NAMES + WHATIF_KINDS)),
    ).map(lambda data: data.encode("utf-8")[:64].decode("utf-8", "ignore")),
    # Real-looking answers for any step, right or wrong for where the person is.
    st.builds(
        button_data,
        st.sampled_from(STEP_NAMES + ["done", "whatif_rate", "Balance", ""]),
        st.one_of(st.sampled_from(["15000", "45", "separation", "plan_termination", "deemed", "recent", "-", "unsure",
                                   "22", "0", "38", "single", "married_joint", "CA", "5", "30", "1966-08-20", "nope"]),
                  odd_number.filter(lambda s: len(s) < 40)),  # fmt: skip
    ),
    # What-ifs for estimates that exist, did exist, or never will.
    st.builds(
        lambda estimate, kind, value: f"w:{estimate}:{kind}" + (f":{value}" if value else ""),
        st.one_of(st.integers(-2, 12).map(str), st.sampled_from(["", "abc", "1e3", "٣", "01", " 1", "1.0", "9" * 40])),
        st.sampled_from(WHATIF_KINDS),
        st.one_of(st.just(""), st.sampled_from(["24", "0", "100", "101", "-5", "NaN", "22.5", "1e309", "٢٤", "37%"])),
    ).filter(_fits),
    st.sampled_from(["c:start", "c:back", "c:cancel", "c:help", "c:stop", "c:", "c:start:1", "c:estimate", "c:faq",
                     "c:reminders", "c:privacy", "c:forget", "c:forget:no", "c:forget:yes", "c:forget:maybe",
                     "q:offset", "q:nope", "q:", "rmd:x:1", "rmd:x:all", "rmd:x:", "rmd:x:-1", "rmd:x:0",
                     "rmd:x:" + "9" * 19, "rmd:x:" + "9" * 20, "rmd:x:١٢", "rm:1", "rm:", "rm:x", "rm:-1",
                     "e:e_15000_45_left_22", "e:15000_45", "e:e_", "e:e_x", "a:birthday:-", "a:rate:unsure",
                     "a:state:-", "a:state_rate:-"]),  # fmt: skip
    st.builds(
        lambda n: f"rmd:x:{n}",
        st.one_of(st.integers(-(2**70), 2**70), st.sampled_from([2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**19 - 1])),
    ),
    st.builds(lambda n: f"rm:{n}", st.integers(-3, 12)),
    start_payload.map(lambda p: "e:" + p).filter(_fits),
)

LOCALES = ["en", "es", "es-419", "ES", "es_MX", "en-US", "pt-br", "", "xx", "zz_ZZ", "en_", "-", "_", "\x00", "a" * 100,
           "es-ES-x-private", "und", "root", "C", "en@euro", "../../etc", "es\n"]  # fmt: skip
locales = st.one_of(st.sampled_from(["en", "en", "es", "es"]), st.sampled_from(LOCALES), st.text(any_char, max_size=12))
chat_types = st.sampled_from(["private", "private", "group", "supergroup", "channel", ""])
usernames = st.sampled_from([None, None, "LoanOffsetBot", "@LoanOffsetBot", "x", "", "bad name!", "a" * 40, "Bot_🙂"])
keys = st.sampled_from(KEYS)

# Answers that a step accepts (in English and Spanish), so conversations go deep.
VALID: dict[str | None, list[str]] = {
    None: ["15000", "$15,000", "15000 45 left 22%", "how much tax on a 20k 401k loan?", "I borrowed 20k and left",
           "what is a loan offset?"],
    "balance": ["15000", "$15,000", "15k", "8000", "250000", "15000 45 left 22%", "15000 45 plan ended",
                "$20k 52 laid off 24% CA", "12000 59 missed payments 22%", "40000 55 left", "12-15k",
                "I still owe 8,250.37 incl interest", "20000 58 retired married 150k", "borrowed 20k, 12k left",
                "15k, 45yo, quit, 22pct", "15000 age 45 left job rate 22", "my 1099-R says 12,000 code M1",
                "1099-R box 1: $9,400", "12,000 code L1", "code M", "1099-R 12000 45 left 22% code M",
                "my 401k is 50k", "¿de 20 mil?"],
    "offset": ["today", "not yet", "hoy", "2025-11-03", "11/3/2025", "2026-02-01", "2024-06-01", "2025",
               "what's the deadline?", "¿qué plazo tengo?",
               "I left in March", "on 2/20/2026", "still waiting"],
    "missed": ["not sure", "2026-02-01", "1/15/2026", "2025-11-20", "skip", "no se", "yesterday", "January 2026",
               "last month", "in November", "diciembre de 2025", "12/2027", "since July", "I stopped paying in August",
               "the payment was due on 9/1/2026"],
    "age": ["45", "59", "55", "56", "30", "70", "58 years", "64"],
    "event": ["left my job", "plan ended", "missed payments", "laid off", "deje mi trabajo", "retired",
              "my employer closed", "la empresa quebró", "code M1", "L"],
    "left_when": ["recent", "within", "2025-06-30", "2025-06-30 to 2026-02-01", "2024-12-01", "2026-01-15"],
    "birthday": ["I was born in May 1967", "I was born on May 14, 1967", "skip"],
    "left_date": ["2025-12-15", "2026-01-20", "skip"],
    "plan_left": ["still working there", "2026-01-10", "sigo trabajando"],
    "public_safety": ["yes", "no", "si"],
    "spouse": ["yes", "no", "67", "si", "64", "she's 66", "born 1962", "born 1960"],
    "rate": ["22%", "12", "37%", "not sure", "24 %", "no se", "single", "married", "12 or 22"],
    "filing": ["single", "jointly", "head of household", "mfs", "soltero"],
    "income": ["60000", "0", "$45,000", "120k", "none", "5k a month"],
    "state": ["CA", "TX", "New York", "skip", "NY", "florida", "PA", "Nueva York", "I moved from CA to TX",
              "Texas, no income tax", "no state tax", "Kansas City"],
    "state_rate": ["5%", "9.3%", "5-6%", "I think 4.5%", "skip", "4"],
    "done": ["24%", "12%", "11/3/2025", "2026-01-15", "is there a 10% penalty?", "what if 10%?"],
    "whatif_rate": ["24%", "10%", "35 %"],
}  # fmt: skip


def _birthday_answers(answers: dict[str, Any]) -> list[str]:
    """A birth date that matches the stated age on the day of the offset (1 January of the right year)."""
    if "age" not in answers:
        return []
    on = Answers.from_json(answers).offset_day(TODAY.date())  # the end of the cure period, for missed payments
    return [f"{on.year - int(answers['age'])}-01-01"]


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _echoes(sent: str, reply: str) -> bool:
    """Whether `reply` contains a stretch of ECHO_LIMIT characters of `sent`.

    Any such stretch contains a whole aligned chunk of half that length: look
    for those first, then confirm with the full-size windows around a hit.
    """
    if len(sent) < ECHO_LIMIT:
        return False
    half = ECHO_LIMIT // 2
    for start in range(0, len(sent) - half + 1, half):
        if sent[start : start + half] in reply:
            for begin in range(max(0, start - half), min(start + 1, len(sent) - ECHO_LIMIT + 1)):
                if sent[begin : begin + ECHO_LIMIT] in reply:
                    return True
    return False


class _Problems(logging.Handler):
    """Collects what the engine logs at WARNING and above: a caught exception or a reset of its own state."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


# --- the machine -----------------------------------------------------------------------


class ConversationFuzzer(RuleBasedStateMachine):
    """Several people talking to one engine at once; every update is checked (see the module docstring)."""

    store_url: str | None = None  # None: a MemoryStore

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.store = MemoryStore() if self.store_url is None else open_store(self.store_url)
        self.loop.run_until_complete(self.store.open())
        self.engine = ConversationEngine(self.store, clock=lambda: TODAY)
        self.last_buttons: dict[ChatKey, list[str]] = {k: [] for k in KEYS}
        self.old_buttons: dict[ChatKey, list[str]] = {k: [] for k in KEYS}
        self.corrupted: set[ChatKey] = set()
        self.updates = 0
        self.problems = _Problems()
        self.log = logging.getLogger("conversations")
        self.log.addHandler(self.problems)

    def teardown(self) -> None:
        self.log.removeHandler(self.problems)
        try:
            self.loop.run_until_complete(self.store.close())
        finally:
            self.loop.close()

    # --- sending and checking -------------------------------------------------------

    def _stored(self, key: ChatKey) -> dict[str, Any] | None:
        saved = self.loop.run_until_complete(self.store.load(key))
        return None if saved is None else copy.deepcopy(saved.data)

    def send(
        self,
        key: ChatKey,
        incoming: Text | Command | Button,
        locale: str = "en",
        chat_type: str = "private",
        username: str | None = None,
    ) -> list[Reply]:
        before = self._stored(key)
        self.problems.records.clear()
        replies = self.loop.run_until_complete(
            self.engine.handle(key, incoming, locale=locale, chat_type=chat_type, bot_username=username)
        )
        self.updates += 1
        self.check_replies(incoming, replies)
        self.check_logs(key)
        after = self._stored(key)
        event(f"reached step {None if after is None else after.get('step')}")
        self.check_state(after)
        if isinstance(incoming, Text) and before is not None and key not in self.corrupted:
            self.check_nothing_lost(incoming, before, after, replies)
        self.corrupted.discard(key)
        data = [c.data for r in replies for row in r.choices for c in row if c.data]
        self.last_buttons[key] = data
        self.old_buttons[key] = (self.old_buttons[key] + data)[-60:]
        return replies

    def check_replies(self, incoming: Any, replies: list[Reply]) -> None:
        assert isinstance(replies, list) and replies, f"no answer to {incoming!r}"
        assert all(isinstance(r, Reply) for r in replies), replies
        assert any(r.text.strip() for r in replies), f"only empty replies to {incoming!r}: {replies!r}"
        sent = getattr(incoming, "text", None) or getattr(incoming, "args", None) or getattr(incoming, "data", "")
        for reply in replies:
            assert reply.text.strip() or reply.attachment is not None, f"an empty message among {replies!r}"
            assert _utf16_len(reply.text) <= TELEGRAM_TEXT_LIMIT, (
                f"a {_utf16_len(reply.text)}-unit message for {incoming!r:.200}: {reply.text[:300]!r}"
            )
            assert not _echoes(sent, reply.text), f"the reply repeats the input back: {reply.text[:400]!r}"
            for row in reply.choices:
                assert row, f"an empty row of buttons in {reply!r}"
                for choice in row:
                    assert choice.label.strip(), f"a button without a label: {choice!r}"
                    assert len(choice.data.encode("utf-8")) <= CALLBACK_DATA_LIMIT, f"callback data too long: {choice!r}"
                    url = getattr(choice, "url", None)
                    if url:
                        assert url.startswith("https://t.me/") and len(url) <= 200, f"an odd link: {choice!r}"
                    else:
                        assert choice.data, f"a button without data or link: {choice!r}"

    def check_logs(self, key: ChatKey) -> None:
        for record in self.problems.records:
            if key in self.corrupted and "unreadable conversation state" in record.getMessage():
                continue
            detail = logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
            raise AssertionError(f"the engine logged {record.levelname}: {record.getMessage()}\n{detail}")

    def check_state(self, data: dict[str, Any] | None) -> None:
        if data is None:
            return
        assert data.get("v") == STATE_VERSION, f"stored version {data.get('v')!r}"
        assert data.get("step") in KNOWN_STEPS, f"unknown step {data.get('step')!r}"
        assert ConversationState.from_json(data) is not None, f"the engine would not read back its own state: {data!r}"
        if data["step"] == "whatif_rate":
            assert data.get("whatif") in data["estimates"], f"a what-if rate for a missing estimate: {data!r}"

    def check_nothing_lost(self, incoming: Text, before: dict[str, Any], after: dict[str, Any] | None, replies: list[Reply]) -> None:
        """A Text that leaves the person at the same question keeps every answer and says what was wrong.

        (Part of a one-liner may still be taken: "2000000 45" keeps the age and refuses the balance.)
        """
        assert after is not None, f"{incoming!r} deleted the conversation"
        step = before["step"]
        if after["step"] != step or (step not in flow.BY_NAME and step != "whatif_rate"):
            return
        said = f"{incoming.text[:200]!r} at {step!r}"
        old, new = before["answers"], after["answers"]
        # "left_hint" is not an answer but words kept for "When did you leave?": said again at the offset's
        # question ("I left in March"), the later words replace them. "form_1099r" is what is known of the form
        # ("M1" typed at "What happened?" notes code M, which narrows that question): noted, not an answer lost.
        kept_notes = ("asked", "left_hint", "form_1099r")
        lost = sorted(k for k in old if k not in kept_notes and (k not in new or new[k] != old[k]))
        assert not lost, f"{said} lost the answers {lost}:\n{old}\n->\n{new}"
        assert set(old.get("asked", ())) <= set(new.get("asked", ())), f"{said} forgot which questions were answered"
        if len(after["history"]) < MAX_HISTORY:
            assert after["history"][: len(before["history"])] == before["history"], f"{said} changed the history"
        assert after["estimates"] == before["estimates"], f"{said} lost estimates"
        # The person learns what was wrong (or, for "?" or "not sure", what the question means; or, 📝, that an
        # answer to a later question was kept), not just the same question again.
        assert any(mark in r.text for r in replies for mark in ("🤔", "⚠️", "💡", "📝")), (
            f"{said} was refused without saying why: {replies[0].text[:300]!r}"
        )

    # --- rules ------------------------------------------------------------------------------

    @initialize(key=keys)
    def begin(self, key: ChatKey) -> None:
        self.send(key, Command("start"))

    @rule(key=keys, data=st.data(), count=st.integers(1, 8), locale=st.sampled_from(["en", "en", "es"]), chat_type=chat_types)
    def answer_well(self, key: ChatKey, data: st.DataObject, count: int, locale: str, chat_type: str) -> None:
        """Valid answers, one after another, for whatever step the person is at (so runs reach the end)."""
        for _ in range(count):
            state = None if key in self.corrupted else self._stored(key)
            step = None if state is None else state["step"]
            options = list(VALID.get(step, ["15000"]))
            if step == "birthday":
                options += _birthday_answers(state["answers"])
            buttons = [b for b in self.last_buttons[key] if not b.startswith("c:")]
            if buttons and data.draw(st.booleans(), label="tap"):
                self.send(key, Button(data.draw(st.sampled_from(buttons), label="button")), locale, chat_type)
            else:
                self.send(key, Text(data.draw(st.sampled_from(options), label="answer")), locale, chat_type)

    @rule(key=keys, data=st.data(), locale=locales, chat_type=chat_types, username=usernames)
    def tap_a_button(self, key: ChatKey, data: st.DataObject, locale: str, chat_type: str, username: str | None) -> None:
        """A button of the latest message, or of any earlier one (stale buttons must keep working or say so)."""
        pool = self.last_buttons[key] + self.old_buttons[key] or ["c:start"]
        self.send(key, Button(data.draw(st.sampled_from(pool), label="button")), locale, chat_type, username)

    @rule(key=keys, text=random_text, locale=locales, chat_type=chat_types)
    def type_anything(self, key: ChatKey, text: str, locale: str, chat_type: str) -> None:
        self.send(key, Text(text), locale, chat_type)

    @rule(key=keys, text=long_text, locale=locales)
    def type_a_lot(self, key: ChatKey, text: str, locale: str) -> None:
        self.send(key, Text(text), locale)

    @rule(key=keys, text=st.one_of(odd_number, markup_text), locale=locales)
    def type_odd_numbers_or_markup(self, key: ChatKey, text: str, locale: str) -> None:
        self.send(key, Text(text), locale)

    @rule(key=keys, name=command_name, args=command_args, locale=locales, chat_type=chat_types, username=usernames)
    def command(self, key: ChatKey, name: str, args: str, locale: str, chat_type: str, username: str | None) -> None:
        self.send(key, Command(name, args), locale, chat_type, username)

    @rule(key=keys, data=forged_button, locale=locales, chat_type=chat_types, username=usernames)
    def forge_a_button(self, key: ChatKey, data: str, locale: str, chat_type: str, username: str | None) -> None:
        self.send(key, Button(data), locale, chat_type, username)

    @rule(
        key=keys,
        incoming=st.one_of(
            st.builds(
                lambda n: Button(f"rmd:x:{n}"),
                st.one_of(st.integers(0, 30), st.sampled_from([2**31, 2**53 + 1, 2**63 - 1, 2**63, 10**19 - 1])),
            ),
            st.builds(lambda n: Button(f"rm:{n}"), st.integers(-1, 12)),
            st.sampled_from([Button("rmd:x:all"), Command("reminders"), Command("privacy"), Command("forget"),
                             Command("forget", "no"), Button("c:forget:yes")]),  # fmt: skip
        ),
        chat_type=chat_types,
    )
    def reminders_and_privacy(self, key: ChatKey, incoming: Button | Command, chat_type: str) -> None:
        """What reaches the store beyond the conversation row: reminder ids from button data, /forget."""
        self.send(key, incoming, "en", chat_type)

    @rule(key=keys, first=st.one_of(st.sampled_from(["15000", "45", "22%", "CA", "skip"]), random_text), second=forged_button)
    def two_updates_at_once(self, key: ChatKey, first: str, second: str) -> None:
        """A person double-taps while a message is on its way: both get answers, the state stays readable."""

        async def both() -> list[list[Reply]]:
            return list(
                await asyncio.gather(
                    self.engine.handle(key, Text(first)), self.engine.handle(key, Button(second)), self.engine.handle(key, Text(first))
                )
            )

        self.problems.records.clear()
        for incoming, replies in zip((Text(first), Button(second), Text(first)), self.loop.run_until_complete(both()), strict=True):
            self.check_replies(incoming, replies)
        self.check_logs(key)
        self.check_state(self._stored(key))
        self.last_buttons[key] = []

    @rule(
        key=keys,
        bad=st.sampled_from(
            [
                {"v": 999},
                {"v": 1, "step": "nope", "answers": {}, "history": [], "estimates": {}, "next_id": 1, "whatif": None},
                {"v": 1, "step": "age", "answers": [], "history": [], "estimates": {}, "next_id": 1, "whatif": None},
                {"v": 1, "step": "age", "answers": {}, "history": [{"step": "zzz", "answers": {}}], "estimates": {},
                 "next_id": 1, "whatif": None},
                {"v": 1, "step": "done", "answers": {}, "history": [], "estimates": {"1": "x"}, "next_id": 1, "whatif": None},
                {"v": 1, "step": "rate", "answers": {}, "history": [], "estimates": {}, "next_id": "1", "whatif": None},
                {"v": True},
                {},
            ]  # fmt: skip
        ),
    )
    def corrupt_the_stored_state(self, key: ChatKey, bad: dict[str, Any]) -> None:
        """A row left by a future version or a bad deploy: the next update starts afresh instead of crashing."""
        self.loop.run_until_complete(self.store.save(key, StoredState(data=copy.deepcopy(bad))))
        self.corrupted.add(key)
        self.last_buttons[key] = []

    @invariant()
    def every_stored_state_is_known(self) -> None:
        for key in KEYS:
            if key not in self.corrupted:
                self.check_state(self._stored(key))


def test_fuzz_conversations_memory_store() -> None:
    run_state_machine_as_test(ConversationFuzzer, settings=_settings(EXAMPLES, STEPS))


_sqlite_runs = itertools.count()


def test_fuzz_conversations_sqlite_store(tmp_path: Path) -> None:
    class SQLiteFuzzer(ConversationFuzzer):
        def __init__(self) -> None:
            type(self).store_url = f"sqlite:///{tmp_path / f'fuzz{next(_sqlite_runs)}.sqlite3'}"
            super().__init__()

    run_state_machine_as_test(SQLiteFuzzer, settings=_settings(max(5, EXAMPLES // 4), max(10, STEPS // 2)))
