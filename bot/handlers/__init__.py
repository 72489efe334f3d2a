"""Telegram handlers, grouped by feature. Each module has `register(application, ...)`.

- `conversation`: commands, typed answers and button presses, handed to the
  `ConversationEngine` and its replies sent back.

Inline mode, /estimate and the like go in their own modules next to it.
"""

from bot.handlers import conversation

__all__ = ["conversation"]
