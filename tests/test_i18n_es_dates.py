"""Dates in Spanish (issue 24): written out in replies, and the day/month trap of typed dates.

"3/1/2026" typed in Spanish is read day first (3 January), but US forms and plan notices print month first
(1 March): where both orders are days, the date questions ask which, with both written out as buttons, and
every typed date is said back in words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conversations import Button, ChatKey, Command, ConversationEngine, Reply, Text
from conversations.i18n import texts_for
from conversations.reading import AmbiguousDate, parse_birth_date, parse_date
from conversations.reading.dates import reads_one_way, unmistakable_day

ME = ChatKey(chat_id=24, user_id=24)


class Chat:
    def __init__(self, engine: ConversationEngine, locale: str = "es", key: ChatKey = ME) -> None:
        self.engine, self.locale, self.key = engine, locale, key
        self.last: list[Reply] = []

    async def send(self, what: str | Command | Button) -> str:
        incoming = Text(what) if isinstance(what, str) else what
        self.last = await self.engine.handle(self.key, incoming, locale=self.locale)
        return "\n".join(r.text for r in self.last)

    def rows(self) -> list[list[str]]:
        return [[choice.label for choice in row] for reply in self.last for row in reply.choices]

    def labels(self) -> list[str]:
        return [label for row in self.rows() for label in row]

    async def tap(self, label: str) -> str:
        for reply in reversed(self.last):
            for row in reply.choices:
                for choice in row:
                    if choice.label == label:
                        return await self.send(Button(choice.data))
        raise AssertionError(f"no button {label!r} in {self.labels()}")


# --- written out ----------------------------------------------------------------------


def test_spanish_dates_are_written_out_and_english_ones_are_not() -> None:
    es, en = texts_for("es"), texts_for("en")
    assert es.date(dt.date(2027, 10, 15)) == "15 de octubre de 2027"
    assert en.date(dt.date(2027, 10, 15)) == "Oct 15, 2027"
    assert es.date(dt.datetime(2027, 10, 15, 9)) == "15 de octubre de 2027"


def test_a_list_of_dates_repeats_the_article_and_names_a_shared_year_once() -> None:
    es, en = texts_for("es"), texts_for("en")
    days = [dt.date(2027, 9, 15), dt.date(2027, 10, 8)]
    assert es.date_list(days) == "15 de septiembre y el 8 de octubre de 2027"  # after "el {dates}"
    assert en.date_list(days) == "Sep 15, 2027 and Oct 8, 2027"
    across = [dt.date(2027, 12, 20), dt.date(2028, 1, 8)]
    assert es.date_list(across) == "20 de diciembre de 2027 y el 8 de enero de 2028"
    assert es.date_list(days[:1]) == "15 de septiembre de 2027"


# --- the reader -----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["3/1/2026", "03/01/2026", "3/1/26", "3.1.2026", "3-1-2026"])
def test_a_date_whose_two_orders_are_days_is_ambiguous_in_spanish(typed: str) -> None:
    with pytest.raises(AmbiguousDate) as caught:
        parse_date(typed, locale="es", ask_order=True)
    assert caught.value.readings == (dt.date(2026, 1, 3), dt.date(2026, 3, 1))  # the typist's order first


@pytest.mark.parametrize(
    ("typed", "locale", "day"),
    [
        ("15/3/2026", "es", dt.date(2026, 3, 15)),  # no 15th month
        ("3/15/2026", "es", dt.date(2026, 3, 15)),
        ("3/3/2026", "es", dt.date(2026, 3, 3)),  # both orders the same day
        ("2026-03-01", "es", dt.date(2026, 3, 1)),  # what a button answers with
        ("1 de marzo de 2026", "es", dt.date(2026, 3, 1)),
        ("3/1/2026", "en", dt.date(2026, 3, 1)),  # English reads month first, as US forms print
    ],
)
def test_dates_with_one_reading_are_not_asked_about(typed: str, locale: str, day: dt.date) -> None:
    assert parse_date(typed, locale=locale, ask_order=True) == day


def test_without_asking_the_reader_keeps_the_languages_order() -> None:
    assert parse_date("3/1/2026", locale="es") == dt.date(2026, 1, 3)
    assert parse_birth_date("nací el 3/1/1980", locale="es") == dt.date(1980, 1, 3)
    with pytest.raises(AmbiguousDate):
        parse_birth_date("nací el 3/1/1980", locale="es", ask_order=True)


def test_examples_are_days_whose_numbers_read_one_way() -> None:
    assert not reads_one_way(dt.date(1966, 12, 10), "es") and reads_one_way(dt.date(1966, 12, 10), "en")
    assert unmistakable_day(dt.date(1966, 12, 10), "es") == dt.date(1966, 12, 13)
    assert unmistakable_day(dt.date(1966, 12, 10), "en") == dt.date(1966, 12, 10)
    assert unmistakable_day(dt.date(2026, 1, 20), "es") == dt.date(2026, 1, 20)


# --- the date questions -----------------------------------------------------------------


async def _at_the_offset_question(chat: Chat, left: str = "dejé el trabajo") -> None:
    await chat.send(Command("start"))
    await chat.send("15000")
    await chat.send(left)


@pytest.mark.parametrize(("tapped", "said"), [("1 de marzo de 2026", "1 de marzo de 2026"),
                                              ("3 de enero de 2026", "3 de enero de 2026")])
async def test_the_offset_date_asks_which_order_with_two_buttons(engine: ConversationEngine, tapped, said) -> None:
    chat = Chat(engine)
    await _at_the_offset_question(chat)
    text = await chat.send("03/01/2026")  # copied from a plan notice
    assert "🤔" in text and "3 de enero de 2026" in text and "1 de marzo de 2026" in text
    assert chat.rows()[0] == ["3 de enero de 2026", "1 de marzo de 2026"]  # above the question's own button
    assert "Hoy, o todavía no" in chat.labels()
    text = await chat.tap(tapped)
    assert f"✔️ Compensación el {said}" in text
    assert f"¿Qué edad tenía el {said}, el día de la compensación?" in text


async def test_an_unambiguous_typed_date_is_said_back_in_words(engine: ConversationEngine) -> None:
    for n, (typed, said) in enumerate([("15/1/2026", "15 de enero de 2026"), ("1/15/2026", "15 de enero de 2026"),
                                       ("2/2/2026", "2 de febrero de 2026")]):
        chat = Chat(engine, key=ChatKey(300 + n, 300 + n))
        await _at_the_offset_question(chat)
        text = await chat.send(typed)
        assert f"✔️ Compensación el {said}" in text, text
        assert "🤔" not in text


async def test_english_reads_month_first_and_does_not_ask(engine: ConversationEngine) -> None:
    chat = Chat(engine, locale="en")
    await _at_the_offset_question(chat, left="I left my job")
    text = await chat.send("3/1/2026")
    assert "✔️ Offset on Mar 1, 2026" in text and "🤔" not in text


async def test_the_spanish_example_can_be_typed_as_shown(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    await _at_the_offset_question(chat)
    text = chat.last[-1].text
    assert "p. ej., 13/1/2026 o 13 de enero de 2026" in text  # not 10/1/2026, which reads two ways
    assert "✔️ Compensación el 13 de enero de 2026" in await chat.send("13/1/2026")


async def test_a_birth_date_at_the_age_question_asks_which_order(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    await _at_the_offset_question(chat)
    await chat.send("hoy")
    await chat.send("nací el 3/1/1980")
    assert chat.rows()[0] == ["3 de enero de 1980", "1 de marzo de 1980"]
    assert "46 (nació el 1 de marzo de 1980)" in await chat.tap("1 de marzo de 1980")


async def test_the_first_missed_payment_asks_which_order(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    await _at_the_offset_question(chat, left="dejé de pagar")
    await chat.send("2/1/2026")
    assert chat.rows()[:2] == [["2 de enero de 2026"], ["1 de febrero de 2026"]]  # 38 characters: one a row
    text = await chat.tap("1 de febrero de 2026")
    assert "✔️ Primer pago atrasado: vencía el 1 de febrero de 2026" in text
    assert "30 de junio de 2026" in text  # the cure period's end, written out


async def test_the_day_they_left_asks_only_when_both_orders_can_be_it(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    await chat.send("15000 45 dejé el trabajo 22%")
    await chat.send("hoy")
    # 12 September or 9 December 2025: both before today. Written out, they would be cut side by side.
    await chat.send("12/9/2025")
    assert chat.rows()[:2] == [["12 de septiembre de 2025"], ["9 de diciembre de 2025"]]
    assert "✔️ Se fue el 9 de diciembre de 2025" in await chat.tap("9 de diciembre de 2025")
    # 5 February or 2 May 2026: May is still to come (today is 10 March 2026), so it was February.
    chat = Chat(engine, key=ChatKey(301, 301))
    await chat.send("15000 45 dejé el trabajo 22%")
    await chat.send("hoy")
    text = await chat.send("5/2/2026")
    assert "✔️ Se fue el 5 de febrero de 2026" in text and "🤔" not in text


async def test_the_day_they_left_and_the_offsets_day_each_asked_in_turn(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    await chat.send("15000 45 dejé el trabajo 22%")
    await chat.send("hoy")
    await chat.send("3/1/2025 y 2/2/2026")  # the day they left, then the offset's day
    assert chat.rows()[0] == ["3 de enero de 2025", "1 de marzo de 2025"]
    text = await chat.tap("3 de enero de 2025")
    assert "✔️ Se fue el 3 de enero de 2025; compensación el 2 de febrero de 2026" in text
