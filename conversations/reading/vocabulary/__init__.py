"""Every word and phrase people type, one module per language: `en` (English) and `es` (Spanish).

Words are folded (lower case, no accents, straight apostrophes), as `conversations.reading.text.fold` leaves
the text they are looked for in. The readers build their patterns from both languages, so an answer may mix
them ("debo 15k"). A name ending in _PATTERN is a regex fragment: grammar with optional words that a list
would only spell out.
"""
