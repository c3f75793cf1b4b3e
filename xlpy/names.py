"""Vietnamese name order: by given name (the last word), then the rest.

Letters rank in the Vietnamese alphabet (a ă â b c d đ e ê …); tone marks only
break ties. Plain `sorted` puts ă, â, đ, ơ, ư after z, and ICU needs a
compiler to install, so the collation key is built here from Unicode data.
"""

from __future__ import annotations

import unicodedata

ALPHABET = [
    *("a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m"),
    *("n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"),
]
# f, j, w, z are not Vietnamese letters but occur in borrowed names.
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters_and_tones(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", word.casefold()):
        base, *marks = list(unicodedata.normalize("NFD", char))
        tone = next((_TONES[m] for m in marks if m in _TONES), 0)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in _TONES))
        letters.append(_LETTER_RANK.get(letter, len(ALPHABET) + ord(letter[0])))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def sort_key(full_name: str) -> tuple:
    """Key for `sorted(names, key=sort_key)`: given name first, tones last."""
    words = full_name.split()
    ordered = words[-1:] + words[:-1]
    keyed = [_letters_and_tones(word) for word in ordered]
    return tuple(k[0] for k in keyed), tuple(k[1] for k in keyed)
