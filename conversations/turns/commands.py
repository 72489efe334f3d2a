"""The commands: /start (and the deep links it carries), /help, /back, /cancel, /estimate, /faq and its
topics, /reminders, /privacy and /forget."""

from __future__ import annotations

from conversations import flow
from conversations.api import Choice, Reply
from conversations.privacy import forget as forget_person
from conversations.privacy import privacy_text
from conversations.reading import ParseError, parse_quick, parse_yes_no
from conversations.replies.faq import answer_body
from conversations.replies.payloads import ESTIMATE_PAYLOAD, is_estimate_payload, parse_estimate_payload
from conversations.replies.quick_texts import EXAMPLE_BRACKETS
from conversations.state.conversation import ConversationState
from conversations.turns.answering import back, cancel
from conversations.turns.context import Turn
from conversations.turns.faq import faq_reply, topic_reply, typed_question
from conversations.turns.links import link_choice, private_suggestion
from conversations.turns.one_line import prefilled, quick_fill
from conversations.turns.reminders import reminders_reply


async def command(turn: Turn, name: str, args: str) -> list[Reply]:
    if name == "start":
        return start(turn, args)
    if name == "help":
        step = flow.BY_NAME.get(turn.step) if turn.in_conversation() else None
        hint = step.help(turn.ctx()) if step is not None and step.help is not None else ""
        return [Reply(help_text(turn))] + turn.current_question(hint)
    if name == "back":
        return back(turn)
    if name == "cancel":
        return cancel(turn)
    if name == "estimate":
        return estimate_command(turn, args)
    if name == "faq":
        return turn.aside([faq_reply(turn)])
    if answer_body(name, turn.texts) is not None:
        return turn.aside([topic_reply(turn, name)])
    if name == "reminders":
        return turn.aside([await reminders_reply(turn)])
    if name == "privacy":
        return turn.aside([Reply(privacy_text(turn.texts, turn.env.retention))])
    if name == "forget":
        return await forget(turn, args)
    shown = name[:32]
    return turn.current_question(
        turn._("🤷 I don't know the command /{name}. /help lists the commands I understand.").format(name=shown)
    ) or [Reply(turn._("🤷 I don't know the command /{name}. Send /start to begin, or /help.").format(name=shown))]


def help_text(turn: Turn) -> str:
    text = turn._(
        "ℹ️ I estimate what a 401(k) loan offset will cost you in tax, and how to avoid it, "
        "in about six questions.\n\n"
        "Answer by tapping a button or typing (e.g. 15000, 45, \"left my job\", 22%). "
        "You can also send it all at once: 15000 45 left 22%\n"
        "Not sure what a question asks? Send ? to see what it means and where to find the answer.\n\n"
        "/start - start a new estimate\n"
        "/estimate - a quick estimate in one line, e.g. /estimate 15000 45 left 22%\n"
        "/back - go to the previous question\n"
        "/cancel - stop\n"
        "/faq - short answers about loan offsets, with sources\n"
        "/reminders - your deadline and tax payment reminders\n"
        "/privacy - what I keep about you, and for how long\n"
        "/forget - delete everything I keep about you\n"
        "/help - this message\n\n"
        "This is an estimate, not tax advice."
    )
    if not turn.private:
        text += "\n\n" + turn._("In a group, reply to my question so I can see your answer.")
    return text


def start(turn: Turn, args: str = "") -> list[Reply]:
    payload = args.strip()
    if payload == ESTIMATE_PAYLOAD or is_estimate_payload(payload):
        # A deep link ("estimate", or "e_15000_45_left_22" with the numbers).
        quick = parse_estimate_payload(payload)
        if not turn.private:
            return [private_suggestion(turn, quick)]
        if quick is not None:
            return prefilled(turn, quick)
        args = ""
    turn.state.restart()
    turn.state.step = "balance"
    welcome = welcome_line(turn)
    payload = args.replace("_", " ").strip()
    if payload:
        filled = quick_fill(turn, payload)
        if filled is not None:
            return filled
    return [turn.question("balance", before=welcome)]


def welcome_line(turn: Turn) -> str:
    welcome = turn._(
        "👋 I'll work out what your 401(k) loan offset costs in tax, and how to avoid it. "
        "About six quick questions; ? explains one, /back goes back, /cancel stops."
    )
    if not turn.private:
        welcome += " " + turn._("Reply to my questions so I can see your answers.")
    return welcome


def estimate_command(turn: Turn, args: str) -> list[Reply]:
    """/estimate 15000 45 left 22%: the breakdown at once, or the questions for what is missing."""
    if not args.strip():
        return turn.aside([estimate_howto(turn)])
    line = turn.read_line(args)
    if (isinstance(line, ParseError) or line.balance is None) and (asked := typed_question(turn, args)):
        return turn.aside(asked)  # "/estimate what is a loan offset?": a question, not numbers
    try:
        quick = parse_quick(args, locale=turn.locale, today=turn.today)
    except ParseError as err:
        return turn.aside([estimate_howto(turn, "🤔 " + turn.error_text(err))])
    if not quick.count():
        return turn.aside(
            [estimate_howto(turn, "🤔 " + turn._("I couldn't find a loan balance, an age or a tax rate in that."))]
        )
    if not turn.private:
        return [private_suggestion(turn, quick)]
    return prefilled(turn, quick)


def estimate_howto(turn: Turn, before: str = "") -> Reply:
    text = turn._(
        "🧮 Quick estimate: send /estimate with the unpaid loan balance, your age, what happened "
        "and your federal tax rate, in any order. For example:\n"
        "{example}\n"
        "What happened: left (quit, fired, laid off, retired), plan ended, or missed payments. "
        "If the offset was not today, add its date, e.g. 2025-11-03. "
        "Anything missing, I'll ask."
    ).format(example=turn._("/estimate 15000 45 left 22%"))
    # The same two extras the inline how-to gives (conversations.replies.quick_texts), with /estimate in front.
    text += "\n" + turn._(
        "Not sure of your rate? Give your filing status and income instead, and I'll work it out by the "
        "brackets: {example}"
    ).format(example="/estimate " + turn._(EXAMPLE_BRACKETS))
    text += "\n" + turn._("For state tax, add your state and its rate: {example} CA 9.3%").format(
        example=turn._("/estimate 15000 45 left 22%")
    )
    if before:
        text = before + "\n\n" + text
    rows: tuple[tuple[Choice, ...], ...] = ()
    if not turn.private:
        text += "\n\n" + turn._("🔒 Your numbers are better kept out of the group: send them to me in a private chat.")
        link = link_choice(turn, ESTIMATE_PAYLOAD)
        rows = ((link,),) if link is not None else ()
    return Reply(text, choices=rows)


async def forget(turn: Turn, args: str) -> list[Reply]:
    """/forget asks first; /forget yes (or its button) deletes everything kept about the person, everywhere."""
    confirmed: bool | None = None
    if args.strip():
        try:
            confirmed = parse_yes_no(args)
        except ParseError:
            confirmed = None
    if confirmed is None:
        return [
            Reply(
                turn._(
                    "🗑 This deletes everything I keep about you, in every chat: your answers, estimates "
                    "and reminders. It can't be undone. Delete it all?"
                ),
                choices=(
                    (
                        Choice(turn._("🗑 Yes, delete everything"), "c:forget:yes"),
                        Choice(turn._("Keep it"), "c:forget:no"),
                    ),
                ),
            )
        ]
    if not confirmed:
        return turn.aside([Reply(turn._("👌 Nothing was deleted."))])
    await forget_person(turn.env.store, turn.env.key.user_id)
    turn.forgotten = True
    turn.state = ConversationState()
    return [
        Reply(
            turn._(
                "🗑 Done: everything I kept about you is deleted, in every chat, reminders included. "
                "Send /start whenever you want a new estimate."
            )
        )
    ]
