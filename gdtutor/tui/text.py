"""Lesson text for display: ``$…$`` math as Unicode. Cheap to import (the picker uses it at start-up)."""

from __future__ import annotations


def unicode_math(text: str) -> str:
    """``$\\theta_1^2$`` -> ``θ₁²``; text without math comes back as it is."""
    if "$" not in text:
        return text
    from gdtutor.lessons.mathtext import to_unicode

    return to_unicode(text)
