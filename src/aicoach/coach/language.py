"""Which language a message is written in (English or Chinese)."""

from __future__ import annotations

import re

from aicoach.domain.athlete import Language

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str, default: Language = Language.ENGLISH) -> Language:
    """Chinese when the text has more CJK characters than Latin words; else English.

    Text with neither (digits, emoji) keeps ``default``, e.g. the athlete's language.
    """
    cjk = len(CJK.findall(text))
    latin = len(LATIN_WORD.findall(text))
    if cjk == 0 and latin == 0:
        return default
    return Language.CHINESE if cjk > latin else Language.ENGLISH


def is_in_language(text: str, language: Language) -> bool:
    """Whether a reply sentence is written in ``language`` (no mixed-up script)."""
    has_cjk = bool(CJK.search(text))
    return has_cjk if language is Language.CHINESE else not has_cjk
