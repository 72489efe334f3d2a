"""Light use of the stub's fault injection: errors reach the error handler, 429s are retried."""

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
    assert "How old" in age.text


async def test_429_is_retried_by_the_rate_limiter(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    fault = stub.inject("sendMessage", status=429, retry_after=1)
    stub.send_command(ME, ME, "start")
    [welcome] = await stub.next_messages(ME, 1)
    assert "unpaid balance" in welcome.text
    assert fault.used == 1
    tries = stub.find("sendMessage")
    assert [c.status for c in tries] == [429, 200]


async def test_dropped_connection_and_5xx(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    stub.inject("sendMessage", drop=True)
    stub.send_command(ME, ME, "start")
    [sorry] = await stub.next_messages(ME, 1)  # the question was lost; the apology got through
    assert "Something went wrong" in sorry.text
    stub.inject("sendMessage", status=502, times=1)
    stub.send_command(ME, ME, "help")
    [sorry] = await stub.next_messages(ME, 1)
    assert "Something went wrong" in sorry.text


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
