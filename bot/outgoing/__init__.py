"""What goes out to Telegram: the engine's `Reply` objects as Bot API messages.

- `keyboards`: inline keyboards, with the owner's id in each button's data in groups
- `plan`: the messages one `Reply` becomes (split at Telegram's length limits, ForceReply in groups)
- `coalescing`: turns waiting for the per-person throttle, and what several of them send at once
- `pictures`: drawing a reply's picture (the breakdown's chart) in a thread of its own
- `send`: sending them, in order, with retries; a drawn picture as a photo
"""
