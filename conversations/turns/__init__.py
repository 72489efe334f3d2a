"""One turn: an incoming event applied to a copy of a conversation's state.

Each concern is a module of functions taking the `Turn` (the state, the person's language, the chat):
dispatch (where an event goes), answering (a question, /back, /cancel), progress (the next question or
the breakdown), one_line (several answers in a line, prefilled estimates), commands, whatif (after the
breakdown), faq, reminders, links (groups and deep links).
"""

from conversations.turns.context import Env, Turn
from conversations.turns.dispatch import run

__all__ = ["Env", "Turn", "run"]
