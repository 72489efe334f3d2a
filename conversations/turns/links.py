"""Groups and deep links: someone's own numbers are better sent in a private chat, which a t.me link opens
already filled in."""

from __future__ import annotations

from conversations.api import Choice, Reply
from conversations.reading import QuickAnswers
from conversations.replies.payloads import ESTIMATE_PAYLOAD, estimate_link, make_estimate_payload
from conversations.turns.context import Turn

# Room left in callback data for "e:<payload>" once a group's "<user id>|" owner prefix is added.
_MAX_PAYLOAD_DATA = 50


def link_choice(turn: Turn, payload: str) -> Choice | None:
    """A "🔒 Continue in a private chat" deep-link button, if the bot's username is known."""
    if turn.env.bot_username is None:
        return None
    try:
        url = estimate_link(turn.env.bot_username, payload)
    except ValueError:
        url = estimate_link(turn.env.bot_username)
    # The data is what a front end without link buttons sends instead.
    return Choice(turn._("🔒 Continue in a private chat"), "c:start", url=url)


def private_suggestion(turn: Turn, quick: QuickAnswers | None) -> Reply:
    """In a group: suggest a private chat for someone's own numbers, and still offer to go on here."""
    payload = ESTIMATE_PAYLOAD
    here = Choice(turn._("Start here anyway"), "c:start")
    # A Form 1099-R without the offset's day: a link with the numbers would date it today, so none.
    if quick is not None and not (quick.form_1099r is not None and quick.offset_date is None):
        try:
            payload = make_estimate_payload(
                quick.balance, quick.age, quick.event, quick.rate, quick.state, quick.offset_date, quick.state_rate,
                quick.filing_status, quick.income,
            )
        except ValueError:
            payload = ESTIMATE_PAYLOAD
        else:
            if len("e:" + payload) <= _MAX_PAYLOAD_DATA:
                here = Choice(turn._("📊 Show it here anyway"), "e:" + payload)
    link = link_choice(turn, payload)
    if link is not None:
        text = turn._(
            "🔒 Your own numbers are better kept out of the group. Tap below to continue in a private "
            "chat with me: nothing more is posted here."
        )
        rows: tuple[tuple[Choice, ...], ...] = ((link,), (here,))
    else:
        text = turn._(
            "🔒 Your own numbers are better kept out of the group: send them to me in a private chat. "
            "Or go on here if you prefer."
        )
        rows = ((here,),)
    return Reply(text, choices=rows)
