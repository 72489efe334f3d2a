"""Load everything a first conversation needs before the first person arrives.

The first answer after a start would otherwise pay for loading babel's locale
data, the gettext catalogs, the calculator's tax tables and this year's D.C.
holidays: a few hundred milliseconds for one unlucky person. `warm_up` runs a
short conversation per language through a throwaway engine over a
`MemoryStore`, so nothing is written to the real store and no one is
answered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from conversations.api import ChatKey, Command, Text
from conversations.i18n import available_languages
from conversations.store.memory import MemoryStore

_KEY = ChatKey(chat_id=1, user_id=1)
# Step answers and a one-liner: the parsers, formatting, an estimate with its notes.
_SCRIPT = (Command(name="start", args=""), Text("15000"), Text("45"), Command(name="estimate", args="15000 45 left 22%"))


async def warm_up(clock: Callable[[], dt.datetime] | None = None) -> int:
    """Run the warm-up conversation in English and each translated language; returns the turns run."""
    from calculator.rules.deadlines import preload
    from conversations.engine import ConversationEngine  # the engine imports most of the package

    # Offsets from last year to next: their due dates and D.C. holidays (~0.1 s a year).
    this_year = (clock or dt.datetime.now)().year
    preload(range(this_year - 2, this_year + 2))
    turns = 0
    store = MemoryStore()
    await store.open()
    try:
        engine = ConversationEngine(store, clock=clock)
        for number, locale in enumerate(("en", *sorted(available_languages() - {"en"}))):
            key = ChatKey(chat_id=_KEY.chat_id + number, user_id=_KEY.user_id + number)
            for incoming in _SCRIPT:
                await engine.handle(key, incoming, locale=locale, chat_type="private")
                turns += 1
    finally:
        await store.close()
    return turns
