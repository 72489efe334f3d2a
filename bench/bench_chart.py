"""The breakdown chart (conversations/replies/chart.py): import cost, milliseconds per chart, RSS growth, and what
rendering in a worker thread does to the event loop.

Run: python bench/bench_chart.py [--charts N] [--matplotlib]

Goals (issue #24): at most 30 ms per chart at p99, and the process's RSS growing by at most 25 MB with charts on.

- import: Pillow, the font package and the chart module, in a process that has already imported the
  conversation layer (what the bot has loaded when the first chart is asked for); then the first chart,
  which opens the fonts.
- per chart: N charts (default 300) of varied breakdowns (bench_calculator's seeded people), English and
  Spanish in turn, wall clock and the thread's CPU time, p50/p99/max, after the first.
- RSS: /proc/self/statm before the import and after the N charts.
- event loop: the lag of a 5 ms timer on the loop, idle and while charts render back to back in
  `asyncio.to_thread` (two at a time): whatever the render holds the GIL for is what other people's
  replies wait.
- other people's replies: `ConversationEngine.handle` of an answer (memory store), ~20 a second, without
  charts and while charts are drawn back to back in the bot's own chart thread (bot/outgoing/pictures.py):
  the issue's "light-load reply latency of other people unchanged while charts render".
- --matplotlib: the same two panels drawn with matplotlib (Agg, Figure without pyplot), for comparison.

On a shared machine the wall clock varies from run to run; the CPU time is steadier.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_calculator import machine, varied  # noqa: E402

from calculator import OffsetInput, estimate  # noqa: E402
from conversations.i18n import texts_for  # noqa: E402

GOAL_P99_MS, GOAL_RSS_MB = 30.0, 25.0


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def breakdowns(count: int) -> list[tuple]:
    today = dt.date(2025, 12, 1)
    out = []
    for person in varied(count, seed=24):
        inputs = OffsetInput.model_validate(person)
        out.append((estimate(inputs, today=today), inputs.annual_return))
    return out


def measure_renders(cases: list[tuple], render, texts) -> tuple[list[float], list[float]]:  # noqa: ANN001
    wall, cpu = [], []
    for i, (b, rate) in enumerate(cases):
        start, start_cpu = time.perf_counter(), time.thread_time()
        render(b, texts[i % len(texts)], annual_return=rate)
        cpu.append(1000 * (time.thread_time() - start_cpu))
        wall.append(1000 * (time.perf_counter() - start))
    return wall, cpu


async def loop_lag(seconds: float, load=None) -> list[float]:  # noqa: ANN001
    """Lateness (ms) of a 5 ms timer over `seconds`, while `load()` (a coroutine factory) runs beside it."""
    stop = asyncio.Event()

    async def keep_loading() -> None:
        while not stop.is_set():
            await load()

    workers = [asyncio.create_task(keep_loading()) for _ in range(2 if load else 0)]
    lags = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        await asyncio.sleep(0.005)
        lags.append(1000 * (time.perf_counter() - start) - 5)
    stop.set()
    await asyncio.gather(*workers)
    return lags


def lag_line(name: str, lags: list[float]) -> str:
    return f"  {name:<26} p50 {percentile(lags, 0.5):5.2f} ms  p99 {percentile(lags, 0.99):5.2f} ms  ({len(lags)} ticks)"


async def reply_latencies(seconds: float, cases: list[tuple], texts: list, charts: bool) -> list[float]:  # noqa: ANN001
    """Milliseconds per `engine.handle` for other people answering a question (~20 a second, light load),
    while (with `charts`) charts are drawn back to back in the bot's chart thread (bot.outgoing.pictures)."""
    from bot.outgoing.pictures import in_chart_thread
    from conversations.api import ChatKey, Command, Text
    from conversations.engine import ConversationEngine
    from conversations.replies.chart import breakdown_chart
    from conversations.store import open_store

    store = open_store("memory://")
    await store.open()
    engine = ConversationEngine(store, clock=lambda: dt.datetime(2026, 3, 10, 12))
    stop = asyncio.Event()

    async def draw_charts() -> None:
        i = 0
        while not stop.is_set():
            b, rate = cases[i % len(cases)]
            await in_chart_thread(lambda: breakdown_chart(b, texts[i % 2], annual_return=rate))  # noqa: B023
            i += 1

    drawing = asyncio.create_task(draw_charts()) if charts else None
    latencies = []
    end, person = time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        person += 1
        key = ChatKey(person, person)
        await engine.handle(key, Command("start"))
        due = time.perf_counter() + 0.05  # the answer "arrives" then: waking up late counts as latency
        await asyncio.sleep(0.05)
        await engine.handle(key, Text("15000"))  # an answer, and the next question
        latencies.append(1000 * (time.perf_counter() - due))
    stop.set()
    if drawing is not None:
        await drawing
    await store.close()
    return latencies


def matplotlib_render(b, texts, annual_return=None) -> bytes:  # noqa: ANN001
    """The two panels with matplotlib's object-oriented API (no pyplot), at the same 1000 px width."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 9), dpi=100)
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1, height_ratios=[3, 1])
    parts = [float(b.federal_income_tax), float(b.early_withdrawal_penalty),
             float(b.state_income_tax + b.state_additional_tax), float(max(0, b.offset_amount - b.total_tax))]
    colours = ["#E69F00", "#D55E00", "#CC79A7", "#009E73"]
    left = 0.0
    for value, colour in zip(parts, colours):
        top.barh([1], [value], left=left, color=colour, label=texts.money_whole(value))
        left += value
    top.barh([0], [float(b.offset_amount)], color="#009E73")
    top.legend(fontsize=18, loc="lower right")
    top.set_title(texts.money_whole(b.offset_amount), fontsize=24)
    bottom.barh([1, 0], [float(b.offset_amount - b.rolled_over), float(b.retirement_value_lost)],
                color=["#56B4E9", "#0072B2"])
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def main(args: argparse.Namespace) -> None:
    print(f"bench_chart, {dt.datetime.now():%Y-%m-%d %H:%M}; {machine()}")
    cases = breakdowns(args.charts)
    texts = [texts_for("en"), texts_for("es")]
    before = rss_mb()
    start = time.perf_counter()
    if args.matplotlib:
        import matplotlib.backends.backend_agg  # noqa: F401
        import matplotlib.figure  # noqa: F401

        render, name = matplotlib_render, "matplotlib (Agg, Figure)"
    else:
        import PIL.Image  # noqa: E401, F401

        from conversations.replies.chart import breakdown_chart

        render, name = breakdown_chart, "Pillow (conversations/replies/chart.py)"
    imported = time.perf_counter()
    render(*cases[0][:1], texts[0], annual_return=cases[0][1])
    first = time.perf_counter()
    print(f"{name}: import {1000 * (imported - start):.0f} ms, first chart {1000 * (first - imported):.0f} ms "
          f"(fonts), RSS +{rss_mb() - before:.1f} MB after them")
    wall, cpu = measure_renders(cases, render, texts)
    growth = rss_mb() - before
    p99 = percentile(wall, 0.99)
    print(f"{len(cases)} charts: wall p50 {percentile(wall, 0.5):.1f} ms, p99 {p99:.1f} ms, max {max(wall):.1f} ms; "
          f"CPU p50 {percentile(cpu, 0.5):.1f} ms, p99 {percentile(cpu, 0.99):.1f} ms; mean {statistics.mean(wall):.1f} ms")
    size = len(render(cases[0][0], texts[0], annual_return=cases[0][1]))
    print(f"RSS growth {growth:.1f} MB (from {before:.0f} MB); a chart is {size / 1024:.0f} KiB")
    print(f"goals: p99 <= {GOAL_P99_MS:.0f} ms {'met' if p99 <= GOAL_P99_MS else 'MISSED'}; "
          f"RSS <= {GOAL_RSS_MB:.0f} MB {'met' if growth <= GOAL_RSS_MB else 'MISSED'}")

    async def lags() -> None:
        idle = await loop_lag(args.lag_seconds)
        at = iter(range(10**9))

        async def one_chart() -> None:
            i = next(at) % len(cases)
            await asyncio.to_thread(render, cases[i][0], texts[i % 2], annual_return=cases[i][1])

        busy = await loop_lag(args.lag_seconds, one_chart)
        print("event loop, 5 ms timer lateness:")
        print(lag_line("idle", idle))
        print(lag_line("charts in 2 threads", busy))
        if args.matplotlib:
            return
        quiet = await reply_latencies(args.lag_seconds, cases, texts, charts=False)
        loaded = await reply_latencies(args.lag_seconds, cases, texts, charts=True)
        print("other people's replies (engine.handle of an answer, ~20/s):")
        print(lag_line("no charts", quiet).replace("ticks", "replies"))
        print(lag_line("charts back to back", loaded).replace("ticks", "replies"))

    asyncio.run(lags())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--charts", type=int, default=300)
    parser.add_argument("--lag-seconds", type=float, default=3.0)
    parser.add_argument("--matplotlib", action="store_true", help="measure matplotlib instead, for comparison")
    main(parser.parse_args())
