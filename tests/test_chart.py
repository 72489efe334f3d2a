"""The breakdown chart (calculator/chart/, worded by conversations/replies/chart.py): a valid PNG a phone can read, worded in the chat's
language, for every kind of breakdown, and safe to render from several threads at once."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import struct
import threading
from decimal import Decimal

import pytest

import calculator.chart as chart
from calculator import estimate
from calculator.models import OffsetInput
from conversations.i18n import Texts, texts_for
from conversations.replies.chart import breakdown_chart, chart_spec

TODAY = dt.date(2026, 3, 2)

#: The chart's labels in Spanish, as the catalog has them (a stand-in Texts, so the drawing is tested on its own).
SPANISH = {
    chart.TITLE: "A dónde van sus {amount}",
    chart.AS_IS: "Si no hace nada",
    chart.ROLLING_SOME: "Si reinvierte {amount}",
    chart.ROLLED_IN_TIME: "Si lo reinvierte todo a más tardar el {date}",
    chart.CURED_IN_TIME: "Si se pone al día con los pagos a más tardar el {date}",
    chart.FEDERAL: "Impuesto federal",
    chart.PENALTY: "Impuesto adicional del 10%",
    chart.STATE: "Impuesto estatal",
    chart.LEFT: "Queda después de impuestos",
    chart.GROWTH_TITLE: "Si siguiera invertido hasta la jubilación",
    chart.TODAY: "Hoy",
    chart.AT_RETIREMENT: "Al jubilarse",
}
SPANISH_PLURAL = {
    "{years} year at {rate} a year, an assumption, not a forecast": (
        "{years} año al {rate} anual, una suposición, no un pronóstico",
        "{years} años al {rate} anual, una suposición, no un pronóstico",
    ),
}


class _Spanish(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return SPANISH.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        one, many = SPANISH_PLURAL.get(singular, (singular, plural))
        return one if n == 1 else many


def spanish() -> Texts:
    return Texts("es", "es_US", _Spanish())


def breakdown(**answers):  # noqa: ANN201
    base = dict(balance=Decimal(15000), age=45, event="separation", offset_date=dt.date(2026, 3, 1),
                federal_rate=Decimal(22), state="CA", state_rate=Decimal("9.3"))
    answers = {**base, **answers}
    inputs = OffsetInput(**{k: v for k, v in answers.items() if v is not ...})  # ...: not given
    return estimate(inputs, today=TODAY), inputs


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def assert_valid_png(data: bytes) -> tuple[int, int]:
    from PIL import Image

    width, height = png_size(data)
    assert width >= 800, "narrower than a phone photo needs"
    assert 300 <= height <= 2000 and width + height <= 10_000 and max(width, height) / min(width, height) <= 20
    with Image.open(io.BytesIO(data)) as image:
        image.verify()  # the whole stream decodes: chunks, CRCs, zlib data
    assert len(data) < 10 * 2**20
    return width, height


def labels(spec: chart.ChartSpec) -> list[str]:
    return [spec.title, *(b.label for b in spec.bars), *(s.label for s in spec.legend),
            spec.growth_title, spec.growth_note, *(b.label for b in spec.growth_bars)]


def test_the_chart_is_a_png_a_phone_can_show() -> None:
    b, inputs = breakdown()
    data = breakdown_chart(b, texts_for("en"), annual_return=inputs.annual_return)
    width, _ = assert_valid_png(data)
    assert width == chart.WIDTH


def test_the_offset_is_split_into_its_taxes_and_what_is_left_next_to_rolling_it_over() -> None:
    b, inputs = breakdown()
    spec = chart_spec(b, texts_for("en"), annual_return=inputs.annual_return)
    assert spec.title == "Where your $15,000 goes"
    done_nothing, rolled = spec.bars
    assert done_nothing.label == "If you do nothing"
    assert [s.label for s in done_nothing.segments] == ["Federal tax", "10% additional tax", "State tax", "Left after tax"]
    assert [s.amount for s in spec.legend] == ["$3,300", "$1,500", "$1,770", "$8,430"]  # CA: 9.3% and its 2.5% on early distributions
    assert sum(s.value for s in done_nothing.segments) == pytest.approx(float(b.offset_amount))
    assert rolled.label == "If you roll it all over by October 15, 2027" and rolled.inside == "$15,000"
    # The growth panel shows the breakdown's own growth figure.
    assert spec.growth_title == "If it stayed invested until retirement"
    assert spec.growth_note == "22 years at 6% a year, an assumption, not a forecast"
    assert [s.amount for bar in spec.growth_bars for s in bar.segments] == ["$15,000", texts_for("en").money_whole(
        b.retirement_value_lost)]
    # The colours are Okabe-Ito's, one per part.
    assert len({s.colour for s in spec.legend}) == 4


def test_spanish_labels_amounts_and_dates() -> None:
    b, inputs = breakdown()
    texts = spanish()
    spec = chart_spec(b, texts, annual_return=inputs.annual_return)
    assert spec.title == "A dónde van sus $15,000"  # es_US writes dollars as US statements do
    assert spec.bars[0].label == "Si no hace nada"
    assert spec.bars[1].label == "Si lo reinvierte todo a más tardar el 15 de octubre de 2027"
    assert [s.label for s in spec.legend] == [
        "Impuesto federal", "Impuesto adicional del 10%", "Impuesto estatal", "Queda después de impuestos"]
    assert spec.growth_title == "Si siguiera invertido hasta la jubilación"
    assert spec.growth_note == "22 años al 6% anual, una suposición, no un pronóstico"
    assert [b.label for b in spec.growth_bars] == ["Hoy", "Al jubilarse"]
    english = set(labels(chart_spec(b, texts_for("en"), annual_return=inputs.annual_return)))
    assert not english & set(labels(spec)), "an English label in the Spanish chart"
    assert_valid_png(breakdown_chart(b, texts, annual_return=inputs.annual_return))


def test_every_label_goes_through_the_catalog() -> None:
    # The real Spanish Texts: whatever the catalog holds for the chart's msgids is what the chart shows.
    b, inputs = breakdown()
    texts = texts_for("es")
    spec = chart_spec(b, texts, annual_return=inputs.annual_return)
    assert spec.bars[0].label == texts.gettext(chart.AS_IS)
    assert [s.label for s in spec.legend][:2] == [texts.gettext(chart.FEDERAL), texts.gettext(chart.PENALTY)]
    assert "15 de octubre de 2027" in spec.bars[1].label


def test_no_10_percent_and_no_state() -> None:
    b, inputs = breakdown(age=60, state=None, state_rate=None)
    assert b.early_withdrawal_penalty == 0 and b.state_income_tax == 0
    spec = chart_spec(b, texts_for("en"), annual_return=inputs.annual_return)
    assert [s.label for s in spec.legend] == ["Federal tax", "Left after tax"]
    assert_valid_png(breakdown_chart(b, texts_for("en"), annual_return=inputs.annual_return))


def test_a_deemed_distribution_shows_making_up_the_payments() -> None:
    b, inputs = breakdown(event="default", offset_date=..., missed_payment_date=dt.date(2026, 2, 1))
    assert b.loan_still_owed and b.cure_possible and not b.rollover_eligible
    spec = chart_spec(b, texts_for("en"), annual_return=inputs.annual_return)
    assert spec.bars[1].label == f"If you make up the missed payments by {texts_for('en').long_date(b.cure_deadline)}"
    assert_valid_png(breakdown_chart(b, spanish(), annual_return=inputs.annual_return))


def test_a_passed_cure_period_has_no_way_out_bar() -> None:
    b, inputs = breakdown(event="default", offset_date=dt.date(2025, 9, 30), missed_payment_date=dt.date(2025, 8, 1))
    assert not b.cure_possible and not b.rollover_eligible
    spec = chart_spec(b, texts_for("en"), annual_return=inputs.annual_return)
    assert len(spec.bars) == 1 and spec.bars[0].label == ""  # no "if you do nothing": nothing is left to do
    assert_valid_png(breakdown_chart(b, texts_for("en")))


def test_a_partial_rollover_and_a_whole_one() -> None:
    b, inputs = breakdown(rollover=Decimal(5000))
    spec = chart_spec(b, texts_for("en"), annual_return=inputs.annual_return)
    assert spec.bars[0].label == "Rolling over $5,000"
    assert spec.growth_bars[0].segments[0].amount == "$10,000"  # what is taken out is what stops growing
    assert_valid_png(breakdown_chart(b, texts_for("en")))

    b, inputs = breakdown(rollover=Decimal(15000))
    spec = chart_spec(b, texts_for("en"), annual_return=inputs.annual_return)
    assert len(spec.bars) == 1 and not spec.growth_bars  # nothing taxed, nothing lost
    assert [s.label for s in spec.legend] == ["Left after tax"]
    assert_valid_png(breakdown_chart(b, texts_for("en")))


def test_at_retirement_age_there_is_no_growth_panel() -> None:
    b, inputs = breakdown(age=70)
    assert b.years_to_retirement == 0
    spec = chart_spec(b, texts_for("en"), annual_return=inputs.annual_return)
    assert not spec.growth_bars
    assert_valid_png(breakdown_chart(b, texts_for("en")))


def test_the_rate_is_read_back_from_the_breakdown_when_not_given() -> None:
    b, _ = breakdown(annual_return=Decimal("5.5"))
    assert chart_spec(b, texts_for("en")).growth_note.startswith("22 years at 5.5% a year")


def test_long_labels_are_shrunk_to_fit() -> None:
    b, inputs = breakdown()
    spec = chart_spec(b, texts_for("en"), annual_return=inputs.annual_return)
    long = chart.ChartBar("A label far too long for one line of the chart at its usual size, " * 2,
                          spec.bars[0].segments)
    assert_valid_png(chart.draw_chart(chart.ChartSpec(spec.title, (long,), spec.legend)))


def test_renders_from_several_threads_at_once_are_the_same_as_one_at_a_time() -> None:
    cases = [breakdown(balance=Decimal(1000 * (i + 1)), age=25 + 5 * i)[0] for i in range(6)]
    texts = [texts_for("en"), spanish()]
    expected = [breakdown_chart(b, texts[i % 2]) for i, b in enumerate(cases)]
    results: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def render(i: int) -> None:
        try:
            for _ in range(3):
                results[i] = breakdown_chart(cases[i], texts[i % 2])
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=render, args=(i,)) for i in range(len(cases))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert [results[i] for i in range(len(cases))] == expected
