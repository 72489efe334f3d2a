"""The Telegram front end of the loan offset conversation (python-telegram-bot 22).

- `bot.settings`: configuration from the environment
- `bot.logging_setup`: logging with tokens masked
- `bot.app`: `build_application(settings, engine)`, the composition root
- `bot.handlers`: thin adapters from updates to `conversations.ConversationEngine`
- `python -m bot`: run it (the terminal chat when no token is set)
"""

import os

# python-telegram-bot 22.2+ warns, on every RetryAfter it builds, that `retry_after` becomes a timedelta in
# its next major version, unless one opts in now. Our code reads either (bot/webhook.py), so opt in: one
# behaviour now and after the upgrade, and no warning per 429.
os.environ.setdefault("PTB_TIMEDELTA", "1")
