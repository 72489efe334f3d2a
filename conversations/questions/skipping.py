"""Answers any question may get instead of its own: skip it, or not sure (the words are reading's)."""

from __future__ import annotations

from conversations.reading.shortcuts import SKIP_WORDS, UNSURE_WORDS, is_one_of

__all__ = ["skips", "unsure"]


def skips(text: str) -> bool:
    return is_one_of(text, SKIP_WORDS)


def unsure(text: str) -> bool:
    return is_one_of(text, UNSURE_WORDS)
