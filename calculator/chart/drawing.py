"""Drawing a chart spec (plain numbers and strings, worded already) as a PNG, with Pillow.

    png = draw_chart(ChartSpec(title, bars, legend, growth_title, growth_note, growth_bars))

Nothing here knows about breakdowns or languages (calculator/chart/__init__.py words a breakdown into a
`ChartSpec`), so the chat and the command line draw the same picture, each with its own labels.

Pillow rather than matplotlib: on the bench (bench/bench_chart.py) matplotlib took ~130 ms a chart and
added ~100 MB of RSS, Pillow ~7 ms of CPU and ~14 MB. Pillow is imported on the first chart (or by
`warm_up_chart`), never at start-up. The font is Open Sans (package ttf-opensans): Pillow's built-in
font has no accented letters. Thread-safe: each call draws on its own image, and each thread keeps its
own font objects (FreeType faces are not safe to share between threads), so renders may run in worker
threads. The image is a palette PNG: a third of the bytes of RGB and no row filters to choose, which
made encoding ~4x faster; text stays anti-aliased through palette ramps (see `_Palette`).

Colours are Okabe and Ito's palette, distinguishable with the common colour-vision deficiencies;
segments are also separated by white gaps and named in the table, so colour is never the only cue.
"""

from __future__ import annotations

import collections
import functools
import io
import threading
from dataclasses import dataclass
from typing import Any

__all__ = ["WIDTH", "ChartBar", "ChartSpec", "Segment", "draw_chart", "warm_up_chart"]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with protanopia, deuteranopia and tritanopia.
ORANGE, VERMILLION, REDDISH_PURPLE, BLUISH_GREEN = "#E69F00", "#D55E00", "#CC79A7", "#009E73"
SKY_BLUE, BLUE = "#56B4E9", "#0072B2"
INK, GREY, RULE, BACKGROUND = "#1A1A1A", "#555555", "#DDDDDD", "#FFFFFF"

WIDTH = 1000  # px: Telegram shows a photo across the phone's width; >= 800 keeps 28 px type readable.


@dataclass(frozen=True, slots=True)
class Segment:
    """One coloured piece of a bar: its size, colour, name and amount as written for the person."""

    value: float
    colour: str
    label: str
    amount: str
    ink: str = INK  # the colour of text written on it


@dataclass(frozen=True, slots=True)
class ChartBar:
    label: str
    segments: tuple[Segment, ...]
    #: Written inside the bar (e.g. the amount of a single-segment bar); "" for none.
    inside: str = ""


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """Everything the picture shows, worded and formatted already: what `draw_chart` draws."""

    title: str
    bars: tuple[ChartBar, ...]
    legend: tuple[Segment, ...]
    growth_title: str = ""
    growth_note: str = ""
    growth_bars: tuple[ChartBar, ...] = ()


# --- drawing ----------------------------------------------------------------------------------------------

PAD = 44
TITLE_SIZE, HEADING_SIZE, TEXT_SIZE, NOTE_SIZE, MIN_SIZE = 44, 36, 30, 26, 18
BAR_HEIGHT, GROWTH_BAR_HEIGHT, GAP = 72, 60, 3
LEGEND_ROW, SWATCH = 46, 30


def draw_chart(spec: ChartSpec) -> bytes:
    """`spec` as a PNG, `WIDTH` px wide (the height follows the content)."""
    from PIL import Image, ImageDraw  # on first use: the bot's start-up does not pay for Pillow

    height = _lay_out(spec, _Pen(None, None, None)) + PAD  # measured with the very fonts and steps that draw it
    palette = _Palette()
    for bar in spec.bars:
        if bar.inside and bar.segments:
            palette.ramp(bar.segments[0].colour, bar.segments[0].ink)
    image = Image.new("P", (WIDTH, height), 0)  # 0: the background, the start of the first ramp
    _lay_out(spec, _Pen(ImageDraw.Draw(image), palette, image))
    image.putpalette(palette.rgb)
    out = io.BytesIO()
    # A palette image is a third of the bytes of RGB and needs no PNG row filters: encoding it is ~4x faster.
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def _lay_out(spec: ChartSpec, pen: _Pen) -> int:
    """Draw `spec` with `pen` from the top; returns the y where it ends."""
    y = pen.line(spec.title, PAD, PAD, "bold", TITLE_SIZE) + 14
    total = max((sum(s.value for s in bar.segments) for bar in spec.bars), default=0.0)
    for bar in spec.bars:
        if bar.label:
            y = pen.line(bar.label, PAD, y, "regular", TEXT_SIZE, GREY) + 2
        else:
            y += 8
        pen.stacked_bar(bar, PAD, y, WIDTH - 2 * PAD, BAR_HEIGHT, total)
        y += BAR_HEIGHT + 20
    y += 4
    for segment in spec.legend:
        pen.legend_row(segment, y)
        y += LEGEND_ROW
    if spec.growth_bars:
        y += 18
        pen.rule(y)
        y = pen.line(spec.growth_title, PAD, y + 22, "bold", HEADING_SIZE)
        y = pen.line(spec.growth_note, PAD, y, "regular", NOTE_SIZE, GREY) + 12
        y = pen.growth_bars(spec.growth_bars, y)
    return y


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Palette:
    """The colours of a palette ("P") image, and ramps that let its text be anti-aliased.

    Pasting ink through a text's coverage on an 8-bit image blends each
    pixel's index towards the ink's, so text is smooth where the indices between its
    background and its ink hold the colours between them: a ramp. Index 0
    starts the ramp from the background to `INK`, which every grey text on it
    uses (greys lie on that line); a bar with text inside gets its own ramp
    and is filled with that ramp's first index.
    """

    STEPS = 32

    def __init__(self) -> None:
        self.rgb: list[int] = []
        self._flat: dict[str, int] = {}
        self._ramps: dict[str, tuple[int, tuple[int, int, int]]] = {}  # background -> (first index, ink)
        self.ramp(BACKGROUND, INK)

    def ramp(self, background: str, ink: str) -> None:
        if background in self._ramps or len(self.rgb) // 3 + self.STEPS > 192:  # keep room for flat colours
            return  # (text on it is then drawn without anti-aliasing)
        (r0, g0, b0), (r1, g1, b1) = _rgb(background), _rgb(ink)
        start = len(self.rgb) // 3
        for k in range(self.STEPS):
            t = k / (self.STEPS - 1)
            self.rgb += [round(r0 + (r1 - r0) * t), round(g0 + (g1 - g0) * t), round(b0 + (b1 - b0) * t)]
        self._ramps[background] = (start, _rgb(ink))

    def fill(self, colour: str) -> int:
        """The index to paint `colour` with (a ramp's first index when text goes on it)."""
        if colour in self._ramps:
            return self._ramps[colour][0]
        if colour not in self._flat:
            self._flat[colour] = len(self.rgb) // 3
            self.rgb += _rgb(colour)
        return self._flat[colour]

    def ink(self, background: str, ink: str) -> tuple[int, bool]:
        """(index, smooth) for text in `ink` on `background`: on its ramp when it lies on it, else plain."""
        found = _ramp_step(background, ink, *self._ramps.get(background, (0, None))[1:])
        if found is None:
            return self.fill(ink), False
        return self._ramps[background][0] + found, True


@functools.lru_cache(maxsize=64)
def _ramp_step(background: str, ink: str, end: tuple[int, int, int] | None) -> int | None:
    """The step of the ramp from `background` to `end` that is `ink`'s colour, if one is (within 4 levels)."""
    if end is None:
        return None
    base, want = _rgb(background), _rgb(ink)
    for k in range(_Palette.STEPS):
        t = k / (_Palette.STEPS - 1)
        if all(abs(base[c] + (end[c] - base[c]) * t - want[c]) < 4 for c in range(3)):
            return k
    return None


class _Pen:
    """Text and bars on one palette image, with fonts shrunk to fit the width; measures only without an image."""

    def __init__(self, draw: Any, palette: _Palette | None, image: Any) -> None:
        self.draw, self.palette, self.image = draw, palette, image

    def text(self, xy: tuple[int, int], text: str, font: Any, ink: str, on: str = BACKGROUND, anchor: str = "la") -> None:
        index, smooth = self.palette.ink(on, ink)
        if not smooth:  # no ramp to blend on: plain pixels (Pillow's own choice for palette images)
            self.draw.fontmode = "1"
            self.draw.text(xy, text, font=font, fill=index, anchor=anchor)
            return
        mask, left, top = _text_mask(text, font, anchor)
        # Pasting the ink through the text's coverage blends indices as ImageDraw.text does with fontmode "L".
        self.image.paste(index, (xy[0] + left, xy[1] + top), mask)

    def box(self, x0: float, y0: int, x1: float, y1: int, colour: str) -> None:
        self.draw.rectangle((round(x0), y0, round(x1), y1), fill=self.palette.fill(colour))

    def line(self, text: str, x: int, y: int, weight: str, size: int, ink: str = INK, width: int = 0) -> int:
        """Write `text` at (x, y) within `width` (default: to the right margin); returns the y below it."""
        font = _fitting(text, weight, size, width or WIDTH - PAD - x)
        if self.draw is not None:
            self.text((x, y), text, font, ink)
        ascent, descent = font.getmetrics()
        return y + ascent + descent

    def rule(self, y: int) -> None:
        if self.draw is not None:
            self.box(PAD, y, WIDTH - PAD, y + 1, RULE)

    def stacked_bar(self, bar: ChartBar, x: int, y: int, width: int, height: int, total: float) -> None:
        if self.draw is None:
            return
        left = float(x)
        for segment in bar.segments:
            right = left + width * segment.value / total if total > 0 else left
            if right - left >= 1:
                self.box(left, y, right - 1, y + height - 1, segment.colour)
                self.box(right - GAP, y, right - 1, y + height - 1, BACKGROUND)  # a gap: not colour alone
            left = right
        if bar.inside and bar.segments:
            first = bar.segments[0]
            font = _fitting(bar.inside, "bold", TEXT_SIZE, width - 32)
            self.text((x + 16, y + height // 2), bar.inside, font, first.ink, on=first.colour, anchor="lm")

    def legend_row(self, segment: Segment, y: int) -> None:
        if self.draw is None:
            return
        self.box(PAD, y + 6, PAD + SWATCH, y + 6 + SWATCH, segment.colour)
        amount = _font("bold", TEXT_SIZE)
        self.text((WIDTH - PAD, y), segment.amount, amount, INK, anchor="ra")
        label_x = PAD + SWATCH + 16
        room = WIDTH - PAD - int(amount.getlength(segment.amount)) - 24 - label_x
        self.line(segment.label, label_x, y, "regular", TEXT_SIZE, width=room)

    def growth_bars(self, bars: tuple[ChartBar, ...], y: int) -> int:
        """The growth panel's bars, on one scale, labels on the left and amounts past each bar's end."""
        if self.draw is None:
            return y + len(bars) * (GROWTH_BAR_HEIGHT + 16)
        labels = [_fitting(bar.label, "regular", TEXT_SIZE, WIDTH // 3) for bar in bars]
        x0 = PAD + max(int(font.getlength(bar.label)) for font, bar in zip(labels, bars)) + 20
        amounts = _font("bold", TEXT_SIZE)
        room = WIDTH - PAD - x0 - max(int(amounts.getlength(s.amount)) for bar in bars for s in bar.segments) - 16
        biggest = max(s.value for bar in bars for s in bar.segments)
        for font, bar in zip(labels, bars):
            segment = bar.segments[0]
            middle = y + GROWTH_BAR_HEIGHT // 2
            self.text((PAD, middle), bar.label, font, INK, anchor="lm")
            end = x0 + max(4, round(room * segment.value / biggest))
            self.box(x0, y, end, y + GROWTH_BAR_HEIGHT - 1, segment.colour)
            self.text((end + 12, middle), segment.amount, amounts, INK, anchor="lm")
            y += GROWTH_BAR_HEIGHT + 16
        return y


# --- fonts ----------------------------------------------------------------------------------------------

_fonts = threading.local()
MASKS_KEPT = 64
#: FreeType's library object is shared by every face Pillow opens: faces are created one at a time.
_opening = threading.Lock()


def _font(weight: str, size: int) -> Any:
    """Open Sans at `size` px ("regular" or "bold"), kept per thread: FreeType faces are not thread-safe."""
    cache = getattr(_fonts, "cache", None)
    if cache is None:
        cache = _fonts.cache = {}
    font = cache.get((weight, size))
    if font is None:
        from PIL import ImageFont
        from ttf_opensans import OPENSANS_BOLD, OPENSANS_REGULAR

        path = (OPENSANS_BOLD if weight == "bold" else OPENSANS_REGULAR).path
        with _opening:
            font = cache[(weight, size)] = ImageFont.truetype(str(path), size)
    return font


def _text_mask(text: str, font: Any, anchor: str) -> tuple[Any, int, int]:
    """`text`'s coverage in `font` (an "L" image) and its offset from the anchor point, kept per thread.

    Rasterizing is half of a chart's time, and most of the words (the parts' names, the headings) are the
    same in every chart of a language: the last `MASKS_KEPT` are kept (~20 KB each).
    """
    masks = getattr(_fonts, "masks", None)
    if masks is None:
        masks = _fonts.masks = collections.OrderedDict()
    key = (text, font, anchor)
    found = masks.get(key)
    if found is not None:
        masks.move_to_end(key)
        return found
    from PIL import Image, ImageDraw

    left, top, right, bottom = font.getbbox(text, anchor=anchor)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=255, anchor=anchor)
    found = masks[key] = (mask, left, top)
    if len(masks) > MASKS_KEPT:
        masks.popitem(last=False)
    return found


def _fitting(text: str, weight: str, size: int, width: int) -> Any:
    """The largest font up to `size` in which `text` fits `width` px (no smaller than MIN_SIZE)."""
    font = _font(weight, size)
    while size > MIN_SIZE and font.getlength(text) > width:
        size -= 2
        font = _font(weight, size)
    return font


def warm_up_chart() -> None:
    """Import Pillow and open the fonts the chart uses, off the first person's reply (a few tens of ms)."""
    for weight, size in (("bold", TITLE_SIZE), ("bold", HEADING_SIZE), ("bold", TEXT_SIZE),
                         ("regular", TEXT_SIZE), ("regular", NOTE_SIZE)):
        _font(weight, size)
    from PIL import Image, ImageDraw  # noqa: F401 - imported for its side effect: loaded before it is needed
