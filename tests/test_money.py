"""Money in figures and in words, against the rules of shared/domain-vn.md."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlpy.money import dong, figures, in_words

UNITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}


def parse(words: str) -> int:
    """An independent reader of Vietnamese number words, to check round trips."""
    tokens = words.lower().removesuffix(" đồng").split()
    sign = -1 if tokens[:1] == ["âm"] else 1
    tokens = tokens[1:] if sign < 0 else tokens
    if "tỷ" in tokens:
        last = len(tokens) - 1 - tokens[::-1].index("tỷ")
        high, low = tokens[:last], tokens[last + 1 :]
        return sign * (parse(" ".join(high)) * 10**9 + (parse(" ".join(low)) if low else 0))
    total, group, digit = 0, 0, None
    for token in tokens:
        if token in UNITS:
            if digit is not None:
                group += digit
            digit = UNITS[token]
        elif token == "trăm":
            group += digit * 100
            digit = None
        elif token == "mươi":
            group += digit * 10
            digit = None
        elif token == "mười":
            group += 10
        elif token in ("linh", "lẻ"):
            pass
        elif token in ("nghìn", "triệu"):
            group += digit or 0
            total += group * (1000 if token == "nghìn" else 10**6)
            group, digit = 0, None
        else:
            raise ValueError(token)
    return sign * (total + group + (digit or 0))


@pytest.mark.parametrize(
    "amount, words",
    [
        (11_700_000, "Mười một triệu bảy trăm nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (2_050_000, "Hai triệu không trăm năm mươi nghìn đồng"),
        (105, "Một trăm linh năm đồng"),
        (21, "Hai mươi mốt đồng"),
        (25, "Hai mươi lăm đồng"),
        (15, "Mười lăm đồng"),
        (11, "Mười một đồng"),
        (10, "Mười đồng"),
        (20, "Hai mươi đồng"),
        (50_000, "Năm mươi nghìn đồng"),
        (0, "Không đồng"),
    ],
)
def test_words_follow_the_rules(amount, words):
    assert in_words(amount) == words


def test_zero_tens_reading_is_a_setting():
    assert in_words(105, "lẻ") == "Một trăm lẻ năm đồng"
    assert in_words(1_005_000, "lẻ") == "Một triệu không trăm lẻ năm nghìn đồng"


def test_negative_amounts_keep_their_sign():
    assert in_words(-50_000) == "Âm năm mươi nghìn đồng"
    assert figures(-50_000) == "-50.000"


def test_figures_use_dots_between_thousands():
    assert figures(11_700_000) == "11.700.000"
    assert dong(500) == "500 đồng"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_words_read_back_to_the_same_amount(amount):
    words = in_words(amount)
    assert parse(words) == amount
    assert words[0].isupper() and words.endswith(" đồng")
    assert "ngàn" not in words
    assert not re.search(r"\bmươi một\b|\bmươi năm\b|\bmười năm\b|\bmột mươi\b", words)
