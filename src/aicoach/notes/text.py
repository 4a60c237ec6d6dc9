"""Text normalisation that keeps character offsets: one output character per input character."""

from __future__ import annotations

import unicodedata


def normalise(text: str) -> str:
    """NFKC (full-width to ASCII) and lower case, character by character, same length.

    A character whose normal form is not a single character (a ligature, "İ") is kept as it
    is, so that offsets found in the result point into ``text`` unchanged.
    """
    out: list[str] = []
    for char in text:
        folded = unicodedata.normalize("NFKC", char).lower()
        if len(folded) != 1:
            folded = char.lower() if len(char.lower()) == 1 else char
        out.append("'" if folded == "\u2019" else folded)
    return "".join(out)


def is_chinese_char(char: str) -> bool:
    """A CJK unified ideograph (the basic block and extension A)."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def has_chinese(text: str) -> bool:
    return any(is_chinese_char(char) for char in text)
