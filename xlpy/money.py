"""Money in đồng: figures with `.` between thousands, and words for vouchers.

The words follow the rules in shared/domain-vn.md; num2words and
vietnam-number were measured to break them, so the rules are coded here.
"""

from __future__ import annotations

from typing import Literal

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
ZeroTens = Literal["linh", "lẻ"]


def figures(amount: int) -> str:
    """`11.700.000`: whole đồng, `.` as the thousands separator."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


def dong(amount: int) -> str:
    """`11.700.000 đồng`."""
    return f"{figures(amount)} đồng"


def _triad(number: int, full: bool, zero_tens: ZeroTens) -> list[str]:
    """Words for 0-999; `full` reads a zero hundreds digit (`không trăm`)."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append(zero_tens)
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _words(number: int, full: bool, zero_tens: ZeroTens) -> list[str]:
    """Words for a positive number; `full` when something was already said."""
    if number >= 1_000_000_000:
        billions, rest = divmod(number, 1_000_000_000)
        return [*_words(billions, full, zero_tens), "tỷ", *(_words(rest, True, zero_tens) if rest else [])]
    words: list[str] = []
    for index, unit in ((2, "triệu"), (1, "nghìn"), (0, "")):
        group = number // 1000**index % 1000
        if group:
            words += _triad(group, full or bool(words), zero_tens)
            words += [unit] if unit else []
    return words


def in_words(amount: int, zero_tens: ZeroTens = "linh") -> str:
    """`Mười một triệu bảy trăm nghìn đồng`: capitalised, ending in `đồng`."""
    amount = int(amount)
    words = _words(abs(amount), False, zero_tens) if amount else ["không"]
    if amount < 0:
        words.insert(0, "âm")
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]
