"""Counted nouns as the command line prints them: "1 indicator", "2 indicators"."""

from __future__ import annotations


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 fact', '2 facts'; `plural` when the word does not just take an -s ('entity', 'entities')."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
