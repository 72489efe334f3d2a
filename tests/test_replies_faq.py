"""Group Q&A content (conversations/replies/faq.py, faq_topics.py, payloads.py): shape, limits, sources, key facts,
deep links."""

from __future__ import annotations

import gettext
import re

import pytest

from conversations.i18n import Texts, texts_for
from conversations.replies import faq, faq_topics
from conversations.replies.faq import (
    ANSWER_LIMIT,
    CALLBACK_PREFIX,
    TOPICS,
    answer,
    answer_body,
    callback_data,
    index_text,
    sources,
    topic_from_callback,
    topics,
)
from conversations.replies.payloads import estimate_link, is_valid_payload

EN = texts_for("en")
IDS = [topic.id for topic in TOPICS]


class Marking(gettext.NullTranslations):
    """Wraps every translated string, to prove each piece goes through the translation object."""

    def gettext(self, message: str) -> str:
        return "«" + message + "»"


MARKED = Texts("xx", "en_US", Marking())


def body(topic_id: str) -> str:
    text = answer_body(topic_id, EN)
    assert text is not None
    return text


# --- the registry --------------------------------------------------------------


def test_the_issue_topics_are_all_there():
    assert {"offset", "deemed", "deadline", "rule55", "penalty", "withholding"} <= set(IDS)
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("topic_id", IDS)
def test_topic_has_label_answer_and_sources(topic_id):
    labels = dict(topics(EN))
    assert labels[topic_id].strip()
    assert len(labels[topic_id]) <= 40  # a button label, not a sentence
    assert body(topic_id).strip()
    assert sources(topic_id, EN)
    assert all(source.strip() for source in sources(topic_id, EN))


@pytest.mark.parametrize("topic_id", IDS)
def test_answer_fits_a_phone_screen(topic_id):
    assert len(body(topic_id)) <= ANSWER_LIMIT
    assert body(topic_id).count("\n") <= 8
    # with sources and the closing line, still one short message (Telegram allows 4096)
    full = answer(topic_id, EN, estimate_link("LoanOffsetBot"))
    assert len(full) <= 1100


@pytest.mark.parametrize("topic_id", IDS)
def test_answer_prints_sources_and_ends_with_estimate_and_professional(topic_id):
    text = answer(topic_id, EN)
    assert text.startswith(body(topic_id))
    for source in sources(topic_id, EN):
        assert source in text
    sources_at = text.index("Sources:")
    assert sources_at > len(body(topic_id))
    closing = text[sources_at:].split("\n\n", 1)[1]
    assert "private estimate" in closing
    assert "tax professional" in closing


def test_answer_carries_the_deep_link_when_given():
    link = estimate_link("LoanOffsetBot")
    text = answer("deadline", EN, link)
    assert text.rstrip().endswith("Then confirm with a tax professional.")
    assert link in text


@pytest.mark.parametrize("topic_id", IDS)
def test_every_shown_string_goes_through_the_translation_object(topic_id):
    text = answer(topic_id, MARKED)
    assert text.startswith("«")  # the body
    assert "«📚 Sources: {sources}»" not in text  # translated, then formatted
    for source in next(t for t in TOPICS if t.id == topic_id).sources:
        assert "«" + source + "»" in text
    assert dict(topics(MARKED))[topic_id].startswith("«")
    for line in index_text(MARKED).splitlines():
        assert not line or line.startswith("«")


def test_unknown_topic():
    assert answer("nope", EN) is None
    assert answer_body("nope", EN) is None
    assert sources("nope", EN) is None
    with pytest.raises(KeyError):
        callback_data("nope")


def test_no_fstrings_or_formatting_before_translation():
    source = "".join(open(module.__file__, encoding="utf-8").read() for module in (faq, faq_topics))
    assert not re.search(r"\bN_\(\s*f[\"']", source)
    assert not re.search(r"gettext\(\s*f[\"']", source)
    assert "import builtins" not in source and "install(" not in source


# --- commands and buttons -------------------------------------------------------


@pytest.mark.parametrize("topic_id", IDS)
def test_ids_are_telegram_command_names_and_fit_callback_data(topic_id):
    assert re.fullmatch(r"[a-z0-9_]{1,32}", topic_id)
    data = callback_data(topic_id)
    assert data.startswith(CALLBACK_PREFIX)
    assert len(data.encode("utf-8")) <= 64
    assert topic_from_callback(data) == topic_id


def test_callback_prefix_doesnt_clash_with_the_conversation_machine():
    # conversations/turns/dispatch.py uses "a:", "w:" and "c:"
    assert CALLBACK_PREFIX not in ("a:", "w:", "c:")
    assert topic_from_callback("a:balance:100") is None
    assert topic_from_callback(CALLBACK_PREFIX + "nope") is None
    assert topic_from_callback("") is None


def test_ids_dont_shadow_the_conversation_commands():
    assert not {"start", "help", "back", "cancel", "faq"} & set(IDS)


def test_index_lists_every_topic_with_its_command():
    text = index_text(EN)
    labels = dict(topics(EN))
    for topic_id in IDS:
        assert any(line.startswith("/" + topic_id + " ") and labels[topic_id] in line for line in text.splitlines())
    assert "private estimate" in text
    with_bot = index_text(EN, "@LoanOffsetBot")
    for topic_id in IDS:
        assert "/" + topic_id + "@LoanOffsetBot " in with_bot


# --- deep links -----------------------------------------------------------------


def test_estimate_link_default():
    assert estimate_link("LoanOffsetBot") == "https://t.me/LoanOffsetBot?start=estimate"
    assert estimate_link("@LoanOffsetBot") == "https://t.me/LoanOffsetBot?start=estimate"


@pytest.mark.parametrize("payload", ["estimate", "a", "A-z_0-9", "x" * 64, "15000_45_left"])
def test_valid_payloads(payload):
    assert is_valid_payload(payload)
    assert estimate_link("LoanOffsetBot", payload).endswith("?start=" + payload)


@pytest.mark.parametrize("payload", ["", "x" * 65, "has space", "22%", "a&b=c", "é", "a/b", "a.b", None])
def test_invalid_payloads(payload):
    assert not is_valid_payload(payload)
    with pytest.raises(ValueError):
        estimate_link("LoanOffsetBot", payload)


@pytest.mark.parametrize("username", ["", "bot", "1LoanBot", "loan bot", "loan-offset-bot", "a" * 33, "t.me/x", None])
def test_invalid_usernames(username):
    with pytest.raises(ValueError):
        estimate_link(username)


# --- key facts in the right answers ------------------------------------------------


def test_offset_facts():
    text = body("offset")
    assert "no cash" in text.lower()
    assert "59½" in text and "10%" in text
    assert "code M" in text
    assert "/deadline" in text
    assert "before the offset, by paying the loan off" in text  # the cheapest way out, while there is time


def test_deemed_facts():
    text = body("deemed")
    assert "cannot be rolled over" in text
    assert "still owe the loan" in text
    assert "calendar quarter" in text
    assert "after-tax basis" in text
    assert "code L" in text
    assert any("1.72(p)-1" in s for s in sources("deemed", EN))


def test_deadline_facts():
    text = body("deadline")
    assert "60 days" in text
    assert "October 15" in text
    assert "12 months" in text
    assert "weekend" in text and "D.C. holiday" in text
    assert "extensions" in text
    assert "can't be rolled over" in text
    cited = " ".join(sources("deadline", EN))
    assert "402(c)(3)" in cited and "1.402(c)-3" in cited and "7503" in cited


def test_form1099r_facts():
    # The box 7 codes of the Instructions for Forms 1099-R and 5498, as a loan offset uses them.
    text = body("form1099r")
    assert "M: a qualified plan loan offset" in text and "L: a loan treated as a distribution" in text
    assert "1: before 59½, no known exception" in text and "2: before 59½, an exception applies" in text
    assert "7: normal (59½ or older)" in text
    assert "without M is a plain one: 60 days" in text
    assert "/deadline" in text and "/deemed" in text
    assert "Box 4: tax withheld, usually $0" in text
    cited = " ".join(sources("form1099r", EN))
    assert "box 7" in cited and "1.402(c)-3" in cited


def test_rollover_facts():
    text = body("rollover")
    assert "own cash" in text
    assert "IRA" in text
    assert "5a" in text and "5b" in text
    assert "/deadline" in text


def test_rule55_facts():
    text = body("rule55")
    assert "55" in text
    assert "calendar year" in text
    assert "never IRAs" in text
    assert "earlier year" in text
    assert "still taxed" in text
    cited = " ".join(sources("rule55", EN))
    assert "72(t)(2)(A)(v)" in cited and "87-13" in cited


def test_penalty_facts():
    text = body("penalty")
    assert "59½" in text
    assert "10% of the taxable part" in text
    assert "2.5%" in text and "California" in text
    assert "$500" in text and "$125" in text  # DOMAIN worked example 4
    assert "/rule55" in text
    assert "Form 5329 instructions" in sources("penalty", EN)


def test_withholding_facts():
    text = body("withholding")
    assert "20%" in text
    assert "nothing is withheld" in text
    assert "$1,000" in text and "90%" in text and "100%" in text and "110%" in text and "$150,000" in text
    assert "set the money aside" in text.lower()
    assert any("3405(e)(8)" in s for s in sources("withholding", EN))
    assert "Form 2210 instructions" in sources("withholding", EN)


def test_answers_link_to_topics_that_exist():
    for topic_id in IDS:
        for command in re.findall(r"/([a-z0-9_]+)", body(topic_id)):
            assert command in IDS, (topic_id, command)


def test_the_withholding_answer_gives_the_estimated_payment_dates():
    # IRC 6654(c)(2): April 15, June 15, September 15 and January 15; an offset after August, by the annualized
    # income installment method (6654(d)(2)), needs only the January one.
    text = answer_body("withholding", EN)
    assert "Form 1040-ES: due Apr 15, Jun 15, Sep 15, Jan 15" in text and "Jan 15 is in time" in text


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("what is a loan offset?", "offset"),
        ("What's the deadline to roll it over?", "deadline"),
        ("¿Qué plazo tengo?", "deadline"),
        ("how does the rule of 55 work", "rule55"),
        ("why was nothing withheld?", "withholding"),
        ("is there a 10% penalty?", "penalty"),
        ("what does code M on my 1099-R mean?", "form1099r"),
        ("can I roll over the offset?", "rollover"),
        ("¿qué es una distribución presunta?", "deemed"),
        ("I left my job", None),  # an answer, not a question
        ("15000 45 left 22%", None),
        ("what?", None),  # a question, but about none of the topics: the step's own help
        ("left my job?", None),
    ],
)
def test_a_typed_question_finds_the_topic_that_answers_it(text: str, topic: str | None) -> None:
    from conversations.replies.faq import topic_for_question

    assert topic_for_question(text) == topic
