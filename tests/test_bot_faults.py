"""Faults of the Bot API, through the stand-in: nothing is lost, nothing crashes.

429 with retry_after is waited out by AIORateLimiter; 5xx, timeouts and dropped
connections on a send are retried (bot/throttle.py RetryPolicy, with short
delays here); giving up is logged and keeps the saved state; getUpdates
failures only make PTB's polling loop back off.
"""

from __future__ import annotations

import logging

from botapi_stub import TEST_TOKEN, BotAPIStub

ME = 6060


async def test_error_handler_tells_the_person(stub: BotAPIStub, running_bot, caplog) -> None:  # noqa: ANN001
    fault = stub.inject("sendMessage", status=400, description="Bad Request: something odd")
    with caplog.at_level(logging.INFO, logger="bot"):
        stub.send_command(ME, ME, "start")
        [sorry] = await stub.next_messages(ME, 1)
    assert fault.used == 1
    assert "Something went wrong" in sorry.text
    assert "error while handling update" in caplog.text and "(message)" in caplog.text
    assert TEST_TOKEN not in caplog.text
    # The state was saved before the reply failed: the conversation goes on.
    stub.send_text(ME, ME, "15000")
    [age] = await stub.next_messages(ME, 1)
    assert "What happened to the loan" in age.text


async def test_429_is_retried_by_the_rate_limiter(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    fault = stub.inject("sendMessage", status=429, retry_after=1)
    stub.send_command(ME, ME, "start")
    [welcome] = await stub.next_messages(ME, 1)
    assert "unpaid balance" in welcome.text
    assert fault.used == 1
    tries = stub.find("sendMessage")
    assert [c.status for c in tries] == [429, 200]


#: Fast retries for tests: the same four attempts as production, shorter waits, a short read timeout.
FAST = dict(delays=(0.05, 0.1, 0.2), read_timeout=0.5)


def fast_retry():  # noqa: ANN201
    from bot.throttle import RetryPolicy

    return RetryPolicy(**FAST)


async def _start_and_answer_balance(stub: BotAPIStub) -> None:
    stub.send_command(ME, ME, "start")
    [welcome] = await stub.next_messages(ME, 1)
    assert "unpaid balance" in welcome.text


async def test_502_on_send_is_retried(stub: BotAPIStub, start_bot) -> None:  # noqa: ANN001
    await start_bot(retry=fast_retry())
    fault = stub.inject("sendMessage", status=502, times=2)
    await _start_and_answer_balance(stub)
    assert fault.used == 2
    assert [c.status for c in stub.find("sendMessage")] == [502, 502, 200]
    stub.send_text(ME, ME, "15000")
    [age] = await stub.next_messages(ME, 1)
    assert "What happened to the loan" in age.text
    assert not any("Something went wrong" in m.text for m in stub.sent[ME])


async def test_dropped_connection_on_send_is_retried(stub: BotAPIStub, start_bot) -> None:  # noqa: ANN001
    await start_bot(retry=fast_retry())
    await _start_and_answer_balance(stub)
    fault = stub.inject("sendMessage", drop=True)
    stub.send_text(ME, ME, "15000")
    [age] = await stub.next_messages(ME, 1)
    assert "What happened to the loan" in age.text and fault.used == 1
    assert [c.status for c in stub.find("sendMessage")][-2:] == [-1, 200]
    stub.send_text(ME, ME, "left")
    [event] = await stub.next_messages(ME, 1)
    assert "When was the loan offset" in event.text


async def test_timeout_is_retried_at_least_once_delivery(stub: BotAPIStub, start_bot) -> None:  # noqa: ANN001
    await start_bot(retry=fast_retry())
    await _start_and_answer_balance(stub)
    # Telegram is slow: it answers after 1.5 s, the client gives up after 0.5 s and tries again.
    fault = stub.inject("sendMessage", status=200, delay=1.5)
    stub.send_text(ME, ME, "15000")
    [age] = await stub.next_messages(ME, 1)
    assert "What happened to the loan" in age.text and fault.used == 1
    # The slow attempt was delivered too (as on Telegram): at least once, so a duplicate.
    [duplicate] = await stub.next_messages(ME, 1)
    assert duplicate.text == age.text
    stub.send_text(ME, ME, "left")
    [event] = await stub.next_messages(ME, 1)
    assert "When was the loan offset" in event.text


async def test_giving_up_keeps_the_state_and_the_bot_running(stub: BotAPIStub, start_bot, caplog) -> None:  # noqa: ANN001
    running = await start_bot(retry=fast_retry())
    await _start_and_answer_balance(stub)
    mark = stub.mark()
    fault = stub.inject("sendMessage", status=503, times=4)  # every attempt fails
    with caplog.at_level(logging.INFO):
        stub.send_text(ME, ME, "15000")
        await stub.wait_for("sendMessage", lambda c: fault.used == 4 and c.status == 503, after=mark)
        # The answer was saved before sending: the next one continues from it.
        stub.send_text(ME, ME, "left")
        [event] = await stub.next_messages(ME, 1)
    assert "When was the loan offset" in event.text
    assert [c.status for c in stub.find("sendMessage", after=mark)] == [503, 503, 503, 503, 200]
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot"))
    assert "gave up sending the reply after 4 attempts" in ours
    assert "sendMessage failed (NetworkError, attempt 3 of 4); retrying in 0.2 s" in ours
    assert "15000" not in ours and TEST_TOKEN not in ours  # no text people typed, no token
    assert not any("Something went wrong" in m.text for m in stub.sent[ME])
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("bot"))
    assert running.application.running


async def test_get_updates_failures_do_not_stop_polling(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    await stub.wait_polling()
    # The long poll in flight answers normally; the next getUpdates gets a 502...
    bad_gateway = stub.inject("getUpdates", status=502)
    stub.send_command(ME, ME, "start")
    [welcome] = await stub.next_messages(ME, 1)
    assert "unpaid balance" in welcome.text
    await stub.wait_for("getUpdates", lambda c: c.status == 502)
    # ...and the one after that loses its connection, while a message waits.
    dropped = stub.inject("getUpdates", drop=True)
    stub.send_text(ME, ME, "15000")
    [age] = await stub.next_messages(ME, 1, timeout=20)  # PTB backs off 1 s, then 1.5 s
    assert "What happened to the loan" in age.text
    assert bad_gateway.used == 1 and dropped.used == 1
    assert stub.find("getUpdates", lambda c: c.status == -1)
    await stub.wait_confirmed()


async def test_unknown_method_and_wrong_token(stub: BotAPIStub) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        unknown = await client.post(f"{stub.base_url}{stub.token}/sendTelepathy", data={"chat_id": "1"})
        assert unknown.status_code == 404 and unknown.json()["ok"] is False
        wrong = await client.post(f"{stub.base_url}1:nope/getMe")
        assert wrong.status_code == 401
        me = await client.post(f"{stub.base_url}{stub.token}/getMe", json={})
        assert me.json()["result"]["username"] == stub.username
        # Keep-alive: several requests on one connection, JSON and form bodies.
        for _ in range(3):
            ok = await client.post(f"{stub.base_url}{stub.token}/sendChatAction", json={"chat_id": 1, "action": "typing"})
            assert ok.json() == {"ok": True, "result": True}
