"""A person flooding the bot gets about one reply a second, and nobody else waits for them.

The throttle (bot/throttle.py `ReplyThrottle`) runs on a fake clock here: time
only moves when the throttle sleeps, and a gate holds those sleeps while the
test looks at what happened so far. Every wait is bounded; nothing depends on
how fast the machine is.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from botapi_stub import BotAPIStub

A, B = 5001, 5002


class FakeTime:
    """A clock that advances only by the throttle's sleeps, which wait while the gate is closed."""

    def __init__(self) -> None:
        self.now = 0.0
        self.gate = asyncio.Event()
        self.gate.set()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.wait_for(self.gate.wait(), 20)
        self.now += seconds


class CountingEngine:
    """Wraps the real engine; counts the updates it has handled per person."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner = inner
        self.handled: Counter[int] = Counter()
        self._changed = asyncio.Event()

    async def handle(self, key, incoming, **kwargs):  # noqa: ANN001, ANN003, ANN201
        replies = await self.inner.handle(key, incoming, **kwargs)
        self.handled[key.user_id] += 1
        self._changed.set()
        return replies

    async def wait_handled(self, user_id: int, count: int, timeout: float = 20) -> None:
        async def until() -> None:
            while self.handled[user_id] < count:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(until(), timeout)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def flood_bot(start_bot, fake_time: FakeTime):  # noqa: ANN001, ANN201
    from bot.throttle import ReplyThrottle

    throttle = ReplyThrottle(1.0, clock=fake_time.clock, sleep=fake_time.sleep)
    running = await start_bot(throttle=throttle)
    handlers = running.application.bot_data["conversation_handlers"]
    counting = CountingEngine(handlers.engine)
    handlers.engine = counting
    yield running, throttle, counting
    fake_time.gate.set()  # never leave a flush waiting at teardown


async def test_a_flood_is_coalesced_and_does_not_delay_others(stub: BotAPIStub, flood_bot, fake_time: FakeTime) -> None:  # noqa: ANN001
    from conversations.api import ChatKey

    running, throttle, counting = flood_bot
    fake_time.gate.clear()  # hold A's throttled replies until the test has looked

    # A sends 30 messages at once: /start, three valid answers, then 26 that are not an answer.
    stub.send_command(A, A, "start")
    stub.send_text(A, A, "15000")
    stub.send_text(A, A, "left")
    stub.send_text(A, A, "today")
    for _ in range(26):
        stub.send_text(A, A, "banana")
    # B sends one, after all of A's.
    stub.send_command(B, B, "start")

    [b_welcome] = await stub.next_messages(B, 1)
    assert "unpaid balance" in b_welcome.text
    # B was answered while A's backlog was still waiting: A has had one reply at most.
    assert len(stub.sent.get(A, [])) <= 1

    # Every one of A's messages went through the engine, in order, and was saved.
    await counting.wait_handled(A, 30)
    assert throttle.busy((A, A))
    state = await running.store.load(ChatKey(A, A))
    assert state.data["step"] == "age"
    assert state.data["answers"]["balance"] == "15000.00"
    assert state.data["answers"]["event"] == "separation"

    fake_time.gate.set()
    welcome, flushed = await stub.next_messages(A, 2)
    assert "unpaid balance" in welcome.text
    # The other 29 became one reply: where A stands now, saying all were read.
    assert "I got 29 messages in a row and read them all, in order" in flushed.text
    assert "How old are you?" in flushed.text
    assert throttle.coalesced == 28
    # At most one reply per second of (fake) time, plus the first.
    assert len(stub.sent[A]) <= fake_time.now / 1.0 + 1
    assert fake_time.now == pytest.approx(1.0)

    # A's conversation goes on from the consistent state; B's too.
    stub.send_text(A, A, "45")
    [when] = await stub.next_messages(A, 1)
    assert "When did you leave?" in when.text and "messages in a row" not in when.text
    assert len(stub.sent[A]) <= fake_time.now / 1.0 + 1
    stub.send_text(B, B, "15000")
    [b_offset] = await stub.next_messages(B, 1)
    assert "What happened to the loan?" in b_offset.text
    assert len(stub.sent[B]) == 2  # B never got a coalesced reply


async def test_the_throttle_on_its_own(fake_time: FakeTime) -> None:
    from bot.throttle import ReplyThrottle

    throttle: ReplyThrottle[int] = ReplyThrottle(1.0, clock=fake_time.clock, sleep=fake_time.sleep)
    sent: list[tuple[str, list[int]]] = []

    def sender(key: str):  # noqa: ANN202
        async def send(items: list[int]) -> None:
            sent.append((key, items))

        return send

    assert await throttle.submit("a", 1, sender("a")) is True
    fake_time.gate.clear()
    for i in range(2, 6):
        assert await throttle.submit("a", i, sender("a")) is False  # queued, returns at once
    assert await throttle.submit("b", 1, sender("b")) is True  # another key is not held up
    assert sent == [("a", [1]), ("b", [1])]
    fake_time.gate.set()
    await asyncio.wait_for(throttle.drain(), 10)
    assert sent[-1] == ("a", [2, 3, 4, 5]) and fake_time.now == pytest.approx(1.0)
    # After the window, sending is immediate again and idle lanes are forgotten.
    fake_time.now += 5
    assert await throttle.submit("c", 1, sender("c")) is True
    assert len(throttle) == 1
    # interval 0: no throttling at all.
    off: ReplyThrottle[int] = ReplyThrottle(0)
    for i in range(3):
        assert await off.submit("a", i, sender("off")) is True


def test_coalescing_keeps_an_estimate_and_notes_the_count() -> None:
    from bot.outgoing.coalescing import PendingTurn, coalesce
    from conversations.api import Choice, Reply

    estimate = Reply("Total: $4,800.00", choices=((Choice("If I roll over", "w:1:o:all"),),))
    question = Reply("Which state?", expects_answer=True)
    turns = [
        PendingTurn([Reply("✔️ 22%")], "en", None, None),
        PendingTurn([estimate], "en", None, None),
        PendingTurn([question], "en", None, None),
    ]
    merged = coalesce(turns)
    assert merged.replies[0] is estimate
    assert merged.replies[1].text.startswith("⏳ I got 3 messages in a row")
    assert merged.replies[1].text.endswith("Which state?") and merged.replies[1].expects_answer
    spanish = coalesce([PendingTurn([question], "es", None, None)] * 2)
    assert spanish.replies[0].text.startswith("⏳ Recibí 2 mensajes seguidos")
    assert coalesce(turns[-1:]).replies == [question]


async def test_handlers_run_at_most_the_active_limit_and_one_persons_queue_holds_one_slot() -> None:
    # The processor's bound on handlers at once is taken after the person's lock: ten updates queued by one
    # person hold one slot, so someone else's update runs beside them, and never more than the limit at once.
    from telegram import Chat, Message, Update, User

    from bot.update_processor import PerConversationUpdateProcessor

    processor = PerConversationUpdateProcessor(256, active=2)
    running: list[int] = []
    peak = 0
    release = asyncio.Event()
    finished: list[int] = []

    def update(update_id: int, person: int) -> Update:
        user = User(person, "x", is_bot=False)
        return Update(update_id, message=Message(update_id, None, Chat(person, "private"), from_user=user))

    async def handle(update_id: int) -> None:
        nonlocal peak
        running.append(update_id)
        peak = max(peak, len(running))
        await release.wait()
        running.remove(update_id)
        finished.append(update_id)

    flood = [asyncio.create_task(processor.process_update(update(i, 1), handle(i))) for i in range(10)]
    other = asyncio.create_task(processor.process_update(update(100, 2), handle(100)))
    third = asyncio.create_task(processor.process_update(update(200, 3), handle(200)))
    for _ in range(20):
        await asyncio.sleep(0)
    assert sorted(running) == [0, 100] and peak == 2  # the flooder's first, and the next person's; the third waits
    release.set()
    await asyncio.gather(*flood, other, third)
    assert peak == 2 and [u for u in finished if u < 100] == list(range(10))  # one person's still in order
