"""Group Q&A: the /faq topics (faq_topics.py) as answers, their index, their buttons, and the topic a
typed question asks about.

Every answer ends by pointing to a private estimate — started with a deep link
(`payloads.estimate_link`) so that nobody posts their numbers in the group — and
to a tax professional. No Telegram here: the bot layer turns `topics()` into
commands and buttons, and `callback_data()` / `topic_from_callback()` into
button data.
"""

from __future__ import annotations

import re

from conversations.i18n import Texts
from conversations.reading.text import fold
from conversations.replies.faq_topics import TOPICS, Topic
from conversations.replies.payloads import clean_username

__all__ = [
    "ANSWER_LIMIT",
    "CALLBACK_PREFIX",
    "TOPICS",
    "Topic",
    "answer",
    "answer_body",
    "callback_data",
    "heading",
    "index_text",
    "sources",
    "topic_for_question",
    "topic_from_callback",
    "topics",
]

# The answer body (without its sources and closing line) stays under this many
# characters, so the whole message reads on a phone without scrolling far.
ANSWER_LIMIT = 700

# Button data for a topic is CALLBACK_PREFIX + id. The conversation machine
# already uses "a:", "w:" and "c:".
CALLBACK_PREFIX = "q:"

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
    folded = fold(text).replace("\u2019", "'").strip(" ¿¡")
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
    suffix = "@" + clean_username(bot_username) if bot_username else ""
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
