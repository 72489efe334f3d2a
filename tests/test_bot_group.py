"""Two people in one group at once: ForceReply questions, quoting, and buttons only their owner may press."""

from __future__ import annotations

import asyncio

from botapi_stub import BotAPIStub

GROUP = -1001234567890
ANN, BOB = 11, 22
KIND = "supergroup"


async def test_two_people_in_one_group_do_not_mix(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    # Both start at the same moment.
    ann_start = stub.send_command(GROUP, ANN, "start", chat_type=KIND, to=stub.username)
    bob_start = stub.send_command(GROUP, BOB, "start", chat_type=KIND)
    [ann_q] = await stub.next_messages(GROUP, 1, replying_to=ann_start)
    [bob_q] = await stub.next_messages(GROUP, 1, replying_to=bob_start)
    for question in (ann_q, bob_q):
        assert "unpaid balance" in question.text
        assert question.force_reply == {"force_reply": True, "selective": True, "input_field_placeholder": "15000"}
        assert question.call.json("reply_parameters")["allow_sending_without_reply"] is True

    # They answer by replying to their own question, both at once, with different numbers.
    ann_msg = stub.send_text(GROUP, ANN, "15000", KIND, reply_to=ann_q.message_id)
    bob_msg = stub.send_text(GROUP, BOB, "30000", KIND, reply_to=bob_q.message_id)
    [ann_event] = await stub.next_messages(GROUP, 1, replying_to=ann_msg)
    [bob_event] = await stub.next_messages(GROUP, 1, replying_to=bob_msg)
    assert "$15,000.00" in ann_event.text and "What happened to the loan?" in ann_event.text
    assert "$30,000.00" in bob_event.text
    assert all(data.startswith(f"{ANN}|") for _, data in ann_event.buttons)
    assert all(len(data.encode()) <= 64 for _, data in ann_event.buttons)

    # Bob presses Ann's button: refused with an alert, nothing sent, Ann's conversation untouched.
    mark = stub.mark()
    query = stub.press_button(GROUP, BOB, ann_event.message_id, ann_event.button("I left my job"))
    refusal = await stub.wait_for("answerCallbackQuery", lambda c: c.params["callback_query_id"] == query)
    assert refusal.params["show_alert"] == "true"
    assert refusal.params["text"] == "This estimate belongs to someone else — send /start to run your own"

    # Ann presses it: the next question quotes her message (so the selective ForceReply is hers).
    query = stub.press_button(GROUP, ANN, ann_event.message_id, ann_event.button("I left my job"))
    answered = await stub.wait_for("answerCallbackQuery", lambda c: c.params["callback_query_id"] == query)
    assert "show_alert" not in answered.params
    ann_offset, ann_offset_hint = await stub.next_messages(GROUP, 2, replying_to=ann_msg)
    # A question with buttons *and* a typed answer: buttons first, then the ForceReply hint.
    assert "When was the loan offset" in ann_offset.text and ann_offset.buttons and ann_offset.force_reply is None
    assert ann_offset_hint.text.startswith("✏️") and ann_offset_hint.force_reply["selective"] is True
    assert ann_offset_hint.force_reply["input_field_placeholder"] == "2026-01-10"  # two months before today
    assert not [c for c in stub.find("sendMessage", after=mark) if "Bob" in c.params.get("text", "")]
    stub.press_button(GROUP, BOB, bob_event.message_id, bob_event.button("I left my job"))
    bob_offset, _ = await stub.next_messages(GROUP, 2, replying_to=bob_msg)

    # Ann types her answer to the hint; Bob taps the button.
    ann_msg = stub.send_text(GROUP, ANN, "today", KIND, reply_to=ann_offset_hint.message_id)
    [ann_age] = await stub.next_messages(GROUP, 1, replying_to=ann_msg)
    stub.press_button(GROUP, BOB, bob_offset.message_id, bob_offset.button("Today"))
    [bob_age] = await stub.next_messages(GROUP, 1, replying_to=bob_msg)
    assert "How old" in ann_age.text and "How old" in bob_age.text

    # A plain message that is not a reply to the bot is not for us (privacy mode would not even deliver it).
    stub.send_text(GROUP, ANN, "45", KIND)
    ann_msg = stub.send_text(GROUP, ANN, "45", KIND, reply_to=ann_age.message_id)
    when, hint = await stub.next_messages(GROUP, 2, replying_to=ann_msg)
    assert "When did you leave?" in when.text and when.buttons and when.force_reply is None
    assert hint.text.startswith("✏️") and hint.force_reply and hint.force_reply["selective"] is True
    assert hint.force_reply["input_field_placeholder"] == "2025-11-10"  # four months before the offset
    assert not stub.unread(GROUP)  # nothing answered the non-reply "45"

    # Bob carries on meanwhile; his answers never leak into Ann's conversation.
    bob_msg = stub.send_text(GROUP, BOB, "48", KIND, reply_to=bob_age.message_id)
    bob_when, _ = await stub.next_messages(GROUP, 2, replying_to=bob_msg)
    assert "$30,000.00" not in bob_when.text and "✔️ 48" in bob_when.text

    # Ann finishes with buttons and a typed answer to a ForceReply.
    stub.press_button(GROUP, ANN, when.message_id, when.button("Within the last 12 months"))
    [rate] = await stub.next_messages(GROUP, 1, replying_to=ann_msg)
    assert "federal income tax rate" in rate.text
    ann_rate = stub.send_text(GROUP, ANN, "22%", KIND, reply_to=rate.message_id)
    state, state_hint = await stub.next_messages(GROUP, 2, replying_to=ann_rate)
    assert "Which state" in state.text and state_hint.force_reply
    ann_state = stub.send_text(GROUP, ANN, "skip", KIND, reply_to=state_hint.message_id)
    [breakdown] = await stub.next_messages(GROUP, 1, replying_to=ann_state)
    assert "Federal income tax: $3,300.00" in breakdown.text
    assert "10% early withdrawal tax: $1,500.00" in breakdown.text

    # Bob's estimate is his own: $30,000 at 48.
    stub.press_button(GROUP, BOB, bob_when.message_id, bob_when.button("Within"))
    [bob_rate] = await stub.next_messages(GROUP, 1, replying_to=bob_msg)
    stub.press_button(GROUP, BOB, bob_rate.message_id, bob_rate.button("22%"))
    bob_state, _ = await stub.next_messages(GROUP, 2, replying_to=bob_msg)
    stub.press_button(GROUP, BOB, bob_state.message_id, bob_state.button("Skip"))
    [bob_breakdown] = await stub.next_messages(GROUP, 1, replying_to=bob_msg)
    assert "Federal income tax: $6,600.00" in bob_breakdown.text
    assert "10% early withdrawal tax: $3,000.00" in bob_breakdown.text


async def test_group_commands_for_other_bots_are_ignored(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    stub.send_command(GROUP, ANN, "start", chat_type=KIND, to="WeatherBot")
    stub.send_command(GROUP, ANN, "weather", chat_type=KIND)  # unknown, not addressed to us: someone else's
    stub.send_command(GROUP, ANN, "frobnicate", chat_type=KIND, to=stub.username)  # unknown, to us: answered
    help_ = stub.send_command(GROUP, ANN, "help", chat_type=KIND)
    # One person's updates are handled in order, so once /help is answered the others were handled.
    [unknown, answer] = await stub.next_messages(GROUP, 2)
    assert "don't know the command /frobnicate" in unknown.text
    assert "/cancel - stop" in answer.text and answer.reply_to_message_id == help_["message_id"]
    assert "reply to my question" in answer.text
    assert not stub.unread(GROUP)


async def test_cancel_in_a_group_after_dismissing_force_reply(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    start = stub.send_command(GROUP, ANN, "start", chat_type=KIND)
    await stub.next_messages(GROUP, 1, replying_to=start)
    cancel = stub.send_command(GROUP, ANN, "cancel", chat_type=KIND)
    [cancelled] = await stub.next_messages(GROUP, 1, replying_to=cancel)
    assert "Cancelled" in cancelled.text
    stub.press_button(GROUP, BOB, cancelled.message_id, cancelled.button("New estimate"))
    refused = await stub.wait_for("answerCallbackQuery", lambda c: c.params.get("show_alert") == "true")
    assert "someone else" in refused.params["text"]
    stub.press_button(GROUP, ANN, cancelled.message_id, cancelled.button("New estimate"))
    [again] = await stub.next_messages(GROUP, 1, replying_to=cancel)
    assert "unpaid balance" in again.text and again.force_reply


async def test_many_people_at_once_each_get_their_own_answer(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    people = range(100, 130)
    sent = {p: stub.send_text(p, p, f"{p * 100} 45 left 22%") for p in people}
    results = await asyncio.gather(*(stub.next_messages(p, 1) for p in people))
    for p, [reply] in zip(people, results, strict=True):
        assert f"${p * 100:,}.00" in reply.text, reply.text
        assert sent[p]["chat"]["id"] == p
