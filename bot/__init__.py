"""The Telegram front end of the loan offset conversation (python-telegram-bot 22).

- `bot.settings`: configuration from the environment
- `bot.logging_setup`: logging with tokens masked
- `bot.app`: `build_application(settings, engine)`, the composition root
- `bot.handlers`: thin adapters from updates to `conversations.ConversationEngine`
- `python -m bot`: run it (the terminal chat when no token is set)
"""
