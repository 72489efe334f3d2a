"""The Telegram front end of the loan offset conversation (python-telegram-bot 22).

- `bot.settings`: configuration from the environment
- `bot.logging_setup`: logging with tokens masked
- `bot.app`: `build_application(settings, engine)`, the composition root
- `bot.lifecycle`: start-up and shutdown (store, command menu, background jobs, warm-up)
- `bot.update_processor`: updates concurrent across people, in order for each person
- `bot.handlers`: thin adapters from updates to `conversations.ConversationEngine`
- `bot.outgoing`: the engine's replies as Telegram messages (keyboards, splitting, sending)
- `bot.throttle`: retries of failed sends, and at most one reply a second per person
- `bot.errors`: the error handler (log, apologise)
- `bot.jobs`: reminders and the retention purge, in the background
- `bot.webhook`: webhook mode (a tornado server with /healthz)
- `python -m bot`: run it (the terminal chat when no token is set)
"""

import os

# python-telegram-bot 22.2+ warns, on every RetryAfter it builds, that `retry_after` becomes a timedelta in
# its next major version, unless one opts in now. Our code reads either (bot/webhook.py), so opt in: one
# behaviour now and after the upgrade, and no warning per 429.
os.environ.setdefault("PTB_TIMEDELTA", "1")
