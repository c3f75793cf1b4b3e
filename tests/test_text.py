"""Dates, names and text normalisation as Vietnamese offices use them."""

import unicodedata
from datetime import date

from xlpy.dates import long_date, parse_day_first, short_date
from xlpy.names import sort_key
from xlpy.text import fold


def test_long_dates_take_leading_zeros_for_days_below_10_and_months_1_2():
    assert long_date(date(2020, 1, 5)) == "ngày 05 tháng 01 năm 2020"
    assert long_date(date(2019, 6, 29)) == "ngày 29 tháng 6 năm 2019"
    assert long_date(date(2022, 4, 20)) == "ngày 20 tháng 4 năm 2022"
    assert long_date(date(2021, 2, 8)) == "ngày 08 tháng 02 năm 2021"
    assert short_date(date(2022, 4, 20)) == "20/4/2022"


def test_dates_typed_as_text_read_day_first():
    assert parse_day_first("20/4/2022") == date(2022, 4, 20)
    assert parse_day_first("05/01/2020") == date(2020, 1, 5)
    assert parse_day_first("4/20/2022") is None  # month 20 does not exist: never read month first
    assert parse_day_first("hôm qua") is None


def test_labels_compare_after_nfc_trim_and_case_fold():
    nfd = unicodedata.normalize("NFD", "Họ và tên")
    assert fold(nfd) == fold(" họ và  tên ") == fold("HỌ VÀ TÊN")


def test_names_sort_by_given_name_in_the_vietnamese_alphabet():
    names = ["Phạm Đức", "Hoàng Dũng", "Lê Văn Ân", "Võ Thị Ơn", "Trần An", "Lý Ôn", "Bùi Ư", "Hồ U", "Đỗ Ăn", "Lê Ba"]
    expected = [
        "Trần An",
        "Đỗ Ăn",
        "Lê Văn Ân",
        "Lê Ba",
        "Hoàng Dũng",
        "Phạm Đức",
        "Lý Ôn",
        "Võ Thị Ơn",
        "Hồ U",
        "Bùi Ư",
    ]
    assert sorted(names, key=sort_key) == expected
    assert sorted(names) != expected  # plain sorting gets ă, â, đ, ơ, ư wrong


def test_tone_marks_only_break_ties():
    assert sorted(["Lê Lán", "Lê Lan", "Lê Làn", "Lê Lạn"], key=sort_key) == ["Lê Lan", "Lê Làn", "Lê Lán", "Lê Lạn"]
    assert sorted(["Lê Lám", "Lê Lan"], key=sort_key) == ["Lê Lám", "Lê Lan"]  # letters before tones
    assert sorted(["Trần Văn Hòa", "Nguyễn Văn Hòa"], key=sort_key)[0] == "Nguyễn Văn Hòa"
