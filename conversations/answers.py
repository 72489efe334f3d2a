"""Group Q&A: short, sourced answers to what people ask in money groups (issue #4).

Each topic has a stable id (a Telegram command name and the tail of its button
data), a button label, an answer that fits a phone screen, and the sources it
rests on, printed under it. Every answer ends by pointing to a private
estimate — started with a deep link (`estimate_link`) so that nobody posts
their numbers in the group — and to a tax professional.

No Telegram here: the bot layer turns `topics()` into commands and buttons,
`callback_data()` / `topic_from_callback()` into button data, and
`estimate_link()` into the "start a private estimate" button.

Strings are English, marked `N_` where they are defined and translated with
the person's `Texts` where they are shown (see conversations/i18n.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conversations.i18n import N_, Texts
from conversations.parsing import _fold

__all__ = [
    "ANSWER_LIMIT",
    "CALLBACK_PREFIX",
    "ESTIMATE_PAYLOAD",
    "TOPICS",
    "Topic",
    "answer",
    "answer_body",
    "callback_data",
    "estimate_link",
    "index_text",
    "is_valid_payload",
    "sources",
    "topic_from_callback",
    "topics",
]

# The answer body (without its sources and closing line) stays under this many
# characters, so the whole message reads on a phone without scrolling far.
ANSWER_LIMIT = 700

# Button data for a topic is CALLBACK_PREFIX + id. The conversation machine
# already uses "a:", "w:" and "c:".
CALLBACK_PREFIX = "q:"

# The /start payload of the "start a private estimate" deep link.
ESTIMATE_PAYLOAD = "estimate"

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
# https://core.telegram.org/api/links#bot-links: start parameter, up to 64 of A-Za-z0-9_-
_PAYLOAD_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Telegram usernames: 5-32 characters, letters, digits and underscores, starting with a letter.
_USERNAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    label: str  # N_-marked
    body: str  # N_-marked
    sources: tuple[str, ...]  # each N_-marked


TOPICS: tuple[Topic, ...] = (
    Topic(
        id="offset",
        label=N_("What is a loan offset?"),
        body=N_(
            "A loan offset happens when you leave your job (or the plan ends, or you take a payout) "
            "with a 401(k) loan unpaid: the plan takes the balance out of your account to pay the loan off.\n"
            "No cash reaches you, but the IRS treats the amount as paid to you. It is income for that year "
            "(for a Roth part, at most its earnings), plus 10% of the taxable part if you are under 59½ "
            "and no exception applies. Form 1099-R reports it; code M means a qualified plan loan offset.\n"
            "You can avoid the tax: before the offset, by paying the loan off if the plan lets you; after it, "
            "by putting the same amount of your own cash into an IRA or a new plan "
            "by the deadline (/deadline). Any part you put back is not taxed."
        ),
        sources=(
            N_("Treas. Reg. 1.72(p)-1 Q&A-13"),
            N_("IRC 402(c)(3)(C); Treas. Reg. 1.402(c)-3"),
            N_("IRC 72(t)(1)"),
            N_("Form 1099-R instructions (box 7)"),
        ),
    ),
    Topic(
        id="deemed",
        label=N_("Offset vs deemed distribution"),
        body=N_(
            "Offset: your account is reduced to pay off the loan, usually after you leave. "
            "The loan is gone, and you can roll the amount over to avoid the tax.\n"
            "Deemed distribution: typically while you still work there, you miss a payment and don't catch up "
            "within the plan's cure period (at most to the end of the next calendar quarter), "
            "or the loan broke the legal limits. The unpaid balance with accrued interest is taxed "
            "(plus 10% under 59½), it cannot be rolled over, and you still owe the loan. "
            "Later repayments become after-tax basis, so they are not taxed again. "
            "Form 1099-R code L."
        ),
        sources=(
            N_("IRC 72(p)"),
            N_("Treas. Reg. 1.72(p)-1 Q&A-4, Q&A-10–13, Q&A-19, Q&A-21"),
            N_("Treas. Reg. 1.402(c)-2 Q&A-4(d)"),
        ),
    ),
    Topic(
        id="deadline",
        label=N_("Rollover deadline"),
        body=N_(
            "Qualified plan loan offset (1099-R code M: the plan ended, or you left and the offset came "
            "within 12 months after, the loan still in good standing): until your tax return due date with extensions for the year of the "
            "offset — normally October 15 of the year after the offset, moved to the next business day "
            "if it falls on a weekend or D.C. holiday.\n"
            "Any other loan offset: 60 days, counted from the day after the offset "
            "(offset June 30 → day 60 is August 29). Don't count on a weekend extending it. "
            "A missed 60 days can sometimes be waived by self-certification.\n"
            "A deemed distribution can't be rolled over at all."
        ),
        sources=(
            N_("IRC 402(c)(3)(A), (C); Treas. Reg. 1.402(c)-3"),
            N_("IRC 7503; Treas. Reg. 301.7503-1"),
            N_("IRS Pub. 590-A"),
            N_("Rev. Proc. 2020-46"),
        ),
    ),
    Topic(
        id="rollover",
        label=N_("How to roll over an offset"),
        body=N_(
            "1. Take the offset amount from Form 1099-R or your final plan statement.\n"
            "2. Use a traditional IRA (or a new employer's plan that accepts rollovers). "
            "A Roth 401(k) part goes to a Roth IRA or Roth account.\n"
            "3. Before the deadline (/deadline), deposit that much of your own cash and tell the custodian "
            "it is a rollover contribution — not a yearly contribution, so no annual limit.\n"
            "4. On Form 1040 put the whole amount on line 5a, only what you did not roll over on 5b, "
            "and write \"Rollover\" next to it.\n"
            "Rolling over part is fine: only the rest is taxed, and the 10% applies only to that rest."
        ),
        sources=(
            N_("IRC 402(c)(1), (3); Treas. Reg. 1.402(c)-2 Q&A-9"),
            N_("Treas. Reg. 1.402(c)-3"),
            N_("Form 1040 instructions, lines 5a–5b"),
        ),
    ),
    Topic(
        id="form1099r",
        label=N_("Reading your Form 1099-R"),
        body=N_(
            "Box 1: what the plan treats as paid to you, the offset included; box 2a: the taxable part of it. "
            "Box 4: tax withheld, usually $0 for a pure offset.\n"
            "Box 7 has one or two codes:\n"
            "M: a qualified plan loan offset, which you can roll over until your return's due date with "
            "extensions (/deadline).\n"
            "L: a loan treated as a distribution (a deemed distribution): no rollover (/deemed).\n"
            "1: before 59½, no known exception, so the 10% may apply; 2: before 59½, an exception applies; "
            "7: normal (59½ or older).\n"
            "An offset coded 1, 2 or 7 without M is a plain one: 60 days to roll it over.\n"
            "In an estimate, send box 1 with the code, e.g. \"box 1 12000 code M1\"."
        ),
        sources=(
            N_("Instructions for Forms 1099-R and 5498, box 7 distribution codes"),
            N_("IRC 402(c)(3); Treas. Reg. 1.402(c)-3"),
        ),
    ),
    Topic(
        id="rule55",
        label=N_("Rule of 55"),
        body=N_(
            "No 10% additional tax on money from an employer's plan if you left that employer during or after "
            "the calendar year you turn 55 (50, or 25 years of service under the plan, for qualified public "
            "safety employees).\n"
            "Only the plan of the employer you separated from — never IRAs. Money rolled to an IRA loses it.\n"
            "Leaving in an earlier year doesn't qualify, even if the offset comes after you turn 55.\n"
            "Example: born in November 1970, left in March 2025 at 54 → qualifies, because you turn 55 in 2025.\n"
            "It removes only the 10%: the offset is still taxed as income."
        ),
        sources=(
            N_("IRC 72(t)(2)(A)(v), 72(t)(3)(A), 72(t)(10)"),
            N_("IRS Notice 87-13 Q&A-20"),
        ),
    ),
    Topic(
        id="penalty",
        label=N_("The 10% and its exceptions"),
        body=N_(
            "Before 59½ (59 years and 6 months after your birth date), an offset or deemed distribution costs "
            "10% of the taxable part on top of income tax; what you roll over is not taxable. "
            "California adds 2.5% (on $5,000: $500 federal + $125 California).\n"
            "Exceptions for 401(k)s: leaving in or after the year you turn 55 (/rule55), death, disability, "
            "terminal illness, IRS levy, reservist call-up, birth or adoption (up to $5,000), emergency "
            "(up to $1,000 a year), domestic abuse, disaster, medical costs above 7.5% of AGI. "
            "Whether the spending-based ones can cover an offset is unsettled. "
            "IRA-only ones (first home, education) don't apply."
        ),
        sources=(
            N_("IRC 72(t)(1), 72(t)(2), 72(t)(10)"),
            N_("Form 5329 instructions"),
            N_("Cal. Rev. & Tax. Code 17085; FTB Form 3805P"),
        ),
    ),
    Topic(
        id="withholding",
        label=N_("Why was nothing withheld?"),
        body=N_(
            "The 20% withholding can't be more than the cash (and property) actually paid to you. A pure offset "
            "pays no cash, so nothing is withheld, but the tax is still due. If cash was paid too, the 20% is "
            "figured on cash plus offset and taken from the cash.\n"
            "Set the money aside, raise your withholding (Form W-4; it counts as paid evenly through the year) "
            "or make an estimated payment (Form 1040-ES: due Apr 15, Jun 15, Sep 15, Jan 15; for an offset after "
            "August, by the annualized method, Jan 15 is in time). No underpayment penalty if you owe under $1,000, "
            "or paid 90% of this year's tax or 100% of last year's (110% above $150,000 AGI)."
        ),
        sources=(
            N_("IRC 3405(c), 3405(e)(8); Treas. Reg. 31.3405(c)-1 Q&A-11"),
            N_("IRC 6654(c)(2), (d), (e)(1), (g)"),
            N_("Form 2210 instructions"),
        ),
    ),
)

_BY_ID = {topic.id: topic for topic in TOPICS}


# A question typed instead of an answer ("what is a loan offset?", "¿qué plazo tengo?"): the topic that answers
# it, by its words, most specific first. Only what is asked as a question: "left my job" is an answer.
_QUESTION_START = re.compile(
    r"^(?:what|what's|whats|how|when|why|can|could|do|does|is|are|should|will|que|como|cuando|cual|por que|puedo|"
    r"debo|tengo que|hay)(?![a-z])"
)
_TOPIC_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (topic_id, re.compile(r"(?<![a-z0-9])(?:" + words + r")(?![a-z])"))
    for topic_id, words in (
        ("rule55", r"rule of 55|regla de (?:los )?55"),
        ("form1099r", r"1099(?:-?r)?"),
        ("deemed", r"deemed|presunta"),
        ("withholding", r"withh[eo]l\w*|retencion|retenido"),
        ("deadline", r"deadline|how long|how much time|plazo|fecha limite|cuanto tiempo"),
        ("rollover", r"roll(?:ed|ing)? (?:it )?over|rollover|reinverti\w*|reinversion"),
        ("penalty", r"penalty|10 ?%|early withdrawal|multa|penalizacion"),
        ("offset", r"(?:loan )?offset|compensacion"),
    )
)


def topic_for_question(text: str) -> str | None:
    """The topic that answers `text` when it is a question about the rules, else None."""
    folded = _fold(text).replace("\u2019", "'").strip(" ¿¡")
    if "?" not in folded and not _QUESTION_START.search(folded):
        return None
    return next((topic_id for topic_id, words in _TOPIC_WORDS if words.search(folded)), None)


def heading(topic_id: str, texts: Texts) -> str:
    """The topic's label as the first line of its answer to a typed question ("💡 What is a loan offset?")."""
    return "💡 " + texts.gettext(_BY_ID[topic_id].label)


def topics(texts: Texts) -> list[tuple[str, str]]:
    """(id, translated button label) for every topic, in display order."""
    return [(topic.id, texts.gettext(topic.label)) for topic in TOPICS]


def answer_body(topic_id: str, texts: Texts) -> str | None:
    """The translated answer alone, without sources or closing line."""
    topic = _BY_ID.get(topic_id)
    return texts.gettext(topic.body) if topic else None


def sources(topic_id: str, texts: Texts) -> list[str] | None:
    topic = _BY_ID.get(topic_id)
    return [texts.gettext(source) for source in topic.sources] if topic else None


def _closing(texts: Texts, estimate_url: str | None, private: bool) -> str:
    if private:  # already where the numbers belong: no group to keep them out of
        return texts.gettext("📊 Your own numbers: tap New estimate below. Then confirm with a tax professional.")
    if estimate_url:
        return texts.gettext(
            "🔒 Your own numbers: start a private estimate with me, so nothing is posted here: {url}\n"
            "Then confirm with a tax professional."
        ).format(url=estimate_url)
    return texts.gettext(
        "🔒 Your own numbers: start a private estimate with me (button below), so nothing is posted here. "
        "Then confirm with a tax professional."
    )


def answer(
    topic_id: str, texts: Texts, estimate_url: str | None = None, *, private: bool = False, closing: bool = True
) -> str | None:
    """The full answer message: answer, sources, and the pointer to a private estimate.

    None for an unknown topic. With `estimate_url` (see `estimate_link`) the
    closing line carries the link; without, it refers to a button below. In a
    private chat (`private`) it points to the estimate button, with nothing
    about keeping numbers out of a group. Without `closing` (asked in the middle
    of an estimate) there is no pointer at all.
    """
    topic = _BY_ID.get(topic_id)
    if topic is None:
        return None
    cited = "; ".join(texts.gettext(source) for source in topic.sources)
    parts = [texts.gettext(topic.body), texts.gettext("📚 Sources: {sources}").format(sources=cited)]
    if closing:
        parts.append(_closing(texts, estimate_url, private))
    return "\n\n".join(parts)


def index_text(texts: Texts, bot_username: str | None = None, *, private: bool = False) -> str:
    """The /faq overview: one line per topic with its command.

    With `bot_username`, commands are written /offset@bot so that in a group
    with several bots the right one answers.
    """
    suffix = "@" + _clean_username(bot_username) if bot_username else ""
    lines = [texts.gettext("❓ Short answers, with sources. Tap a command or a button:")]
    lines += [
        texts.gettext("/{command} — {label}").format(command=topic.id + suffix, label=texts.gettext(topic.label))
        for topic in TOPICS
    ]
    lines.append("")
    lines.append(
        texts.gettext("📊 For your own numbers, tap /start.") if private else
        texts.gettext("🔒 For your own numbers, start a private estimate with me: nothing is posted in the group.")
    )
    return "\n".join(lines)


def callback_data(topic_id: str) -> str:
    if topic_id not in _BY_ID:
        raise KeyError(topic_id)
    return CALLBACK_PREFIX + topic_id


def topic_from_callback(data: str) -> str | None:
    """The topic id in button data made by `callback_data`, or None if it isn't one of ours."""
    if not data.startswith(CALLBACK_PREFIX):
        return None
    topic_id = data[len(CALLBACK_PREFIX) :]
    return topic_id if topic_id in _BY_ID else None


def is_valid_payload(payload: str) -> bool:
    """A deep-link start parameter Telegram accepts: 1-64 characters of A-Za-z0-9_-."""
    return isinstance(payload, str) and _PAYLOAD_RE.fullmatch(payload) is not None


def _clean_username(bot_username: str) -> str:
    name = bot_username.strip().removeprefix("@") if isinstance(bot_username, str) else ""
    if not _USERNAME_RE.fullmatch(name):
        raise ValueError(f"not a Telegram username: {bot_username!r}")
    return name


def estimate_link(bot_username: str, payload: str = ESTIMATE_PAYLOAD) -> str:
    """https://t.me/<bot>?start=<payload>: opens a private chat with the bot and starts an estimate there.

    Raises ValueError for a username Telegram wouldn't accept or a payload
    longer than 64 characters or outside A-Za-z0-9_-. On arrival the bot sees
    `/start <payload>`.
    """
    name = _clean_username(bot_username)
    if not is_valid_payload(payload):
        raise ValueError(f"deep-link payload must be 1-64 characters of A-Za-z0-9_-: {payload!r}")
    return f"https://t.me/{name}?start={payload}"
