"""Phiếu thu / phiếu chi: numbering that never moves, the numbers stored in the workbook, the documents."""

from __future__ import annotations

import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import SAMPLE, docx_text, run_cli, sha256
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from xlpy import package, vouchers
from xlpy.book import open_book
from xlpy.fund import load
from xlpy.problems import Severity


def set_setting(book, label: str, value) -> None:
    sheet = book["Cài đặt"]
    row = next((r for r in sheet.iter_rows() if r[0].value == label), None)
    if row is None:
        sheet.append([label, value])
    else:
        row[1].value = value


def numbers(path, kind: str) -> list[tuple[date, int | None]]:
    """(date, stored number or None) of every voucher of a kind."""
    found = vouchers.numbered(load(path), lambda v: v.kind == kind)
    return [(v.date, v.number if v.stored else None) for v in found]


# --- numbering, the pure function ---------------------------------------------------------


def test_next_numbers_follow_the_last_used_of_the_year_and_kind():
    used = [("thu", 2022, 4), ("thu", 2022, 9), ("chi", 2022, 2), ("thu", 2021, 30)]
    new = [("thu", date(2022, 3, 1)), ("chi", date(2022, 1, 5)), ("thu", date(2022, 1, 2)), ("thu", date(2023, 1, 1))]
    assert vouchers.next_numbers(used, new) == [11, 3, 10, 1]


def test_an_earlier_date_numbered_late_gets_the_next_number_not_a_gap():
    assert vouchers.next_numbers([("chi", 2022, 1), ("chi", 2022, 2)], [("chi", date(2022, 1, 1))]) == [3]


def test_same_day_vouchers_keep_their_sheet_order():
    day = date(2022, 5, 5)
    assert vouchers.next_numbers([], [("thu", day), ("thu", day - timedelta(1)), ("thu", day)]) == [2, 1, 3]


KIND = st.sampled_from(["thu", "chi"])
DAY = st.dates(date(2020, 1, 1), date(2022, 12, 31))


@settings(max_examples=60, deadline=None)
@given(
    used=st.lists(st.tuples(KIND, st.integers(2020, 2022), st.integers(1, 50)), max_size=12),
    new=st.lists(st.tuples(KIND, DAY), max_size=15),
)
def test_numbering_properties(used, new):
    given_numbers = vouchers.next_numbers(used, new)
    assert len(given_numbers) == len(new)
    keyed = [(kind, day.year, n) for (kind, day), n in zip(new, given_numbers, strict=True)]
    # never a number used before, never twice, and above every number of the same year and kind
    assert len(set(keyed)) == len(keyed) and not set(keyed) & set(used)
    for kind, year, n in keyed:
        assert all(n > m for k, y, m in used if (k, y) == (kind, year))
    # in date order within a year and kind, and without gaps after the last used
    for kind, year in {(k, y) for k, y, _ in keyed}:
        mine = sorted((day, i) for i, (k, day) in enumerate(new) if (k, day.year) == (kind, year))
        got = [given_numbers[i] for _, i in mine]
        start = max([m for k, y, m in used if (k, y) == (kind, year)], default=0)
        assert got == list(range(start + 1, start + 1 + len(got)))
    # once given, numbers are used: nothing is left to number, and earlier numbers never change
    assert vouchers.next_numbers(used + keyed, []) == []


# --- the fund's vouchers -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_fund():
    return load(SAMPLE)


def test_payments_are_the_rows_paid_from_the_fund_for_that_amount(sample_fund):
    fund = sample_fund
    paid = fund.spending[fund.spending["from_fund"].fillna(0) > 0]
    found = vouchers.payments(fund)
    assert [v.amount for v in found] == [int(x) for x in paid["from_fund"]]
    assert [v.cells[0][1] for v in found] == list(paid["_row"])


def test_receipts_one_per_paid_row_by_default(sample_fund):
    fund = sample_fund
    paid = fund.contributions[fund.contributions["amount"].fillna(0) > 0]
    found = vouchers.receipts(fund)
    assert len(found) == len(paid) and sum(v.amount for v in found) == int(paid["amount"].sum())


def test_adding_an_earlier_payment_late_gives_it_the_next_number_and_moves_nothing(small):
    path = small()
    assert run_cli("vouchers", path, "-o", path.parent / "out").returncode == 0
    before = numbers(path, "chi")
    assert before == [(date(2022, 2, 15), 1), (date(2022, 3, 20), 2)]
    receipts_before = numbers(path, "thu")
    assert [n for _, n in receipts_before] == list(range(1, 9))

    def add_row(book):
        book["Chi quỹ"].append([date(2022, 1, 20), "Thăm hỏi ốm đau", "Khác", None, 30_000, 30_000])

    openpyxl_edit(path, add_row)
    assert numbers(path, "chi")[0] == (date(2022, 1, 20), None)  # not numbered until printed
    assert run_cli("vouchers", path, "-o", path.parent / "out").returncode == 0
    assert numbers(path, "chi") == [(date(2022, 1, 20), 3), *before]
    assert numbers(path, "thu") == receipts_before


def openpyxl_edit(path, edit) -> None:
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)


def test_a_number_used_twice_in_a_year_is_an_error_at_its_cells(small):
    def edit(book):
        book["Chi quỹ"]["H4"] = 7
        book["Chi quỹ"]["H5"] = 7  # same year (2022)
        book["T01-2022"]["F4"] = 3
        book["T02-2022"]["F5"] = 3  # another monthly sheet, same year

    problems = {p.where: p for p in load(small(edit)).problems}
    for cell in ("'Chi quỹ'!H4", "'Chi quỹ'!H5", "'T01-2022'!F4", "'T02-2022'!F5"):
        assert problems[cell].severity is Severity.ERROR and "Số phiếu" in problems[cell].message


def test_numbers_repeat_across_years_and_kinds_and_rows_of_one_month_share_one(small):
    def edit(book):
        book["Chi quỹ"]["H4"] = 1
        book["T01-2022"]["F4"] = 1
        book["T01-2022"]["F5"] = 1  # the same receipt: one for two rows of January

    path = small(edit)
    assert load(path).problems == []
    january = [v for v in vouchers.receipts(load(path)) if v.number == 1]
    assert len(january) == 1 and january[0].amount == 100_000 and len(january[0].cells) == 2


def test_one_receipt_per_month_when_the_setting_says_so(small):
    path = small(lambda book: set_setting(book, "Lập phiếu thu", "Theo tháng"))
    fund = load(path)
    assert fund.problems == []
    found = vouchers.for_period(fund)
    receipts = [v for v in found if v.kind == "thu"]
    assert [v.number for v in receipts] == [1, 2, 3] and [v.amount for v in receipts] == [100_000, 150_000, 150_000]
    assert receipts[0].person == "Chi bộ" and receipts[0].attached == "01"
    assert run_cli("vouchers", path, "-o", path.parent).returncode == 0
    sheet = openpyxl.load_workbook(path)["T02-2022"]
    assert [sheet[f"F{r}"].value for r in (4, 5, 6)] == [2, 2, 2]

    def late(book):  # a payment typed into February after its receipt was printed
        book["T02-2022"]["A7"], book["T02-2022"]["C7"] = "TV03", 50_000
        book["T02-2022"]["D7"] = date(2022, 2, 28)

    openpyxl_edit(path, late)
    receipts = [v for v in vouchers.for_period(load(path)) if v.kind == "thu"]
    assert [(v.number, v.amount) for v in receipts] == [(1, 100_000), (2, 150_000), (4, 50_000), (3, 150_000)]


def test_a_monthly_receipt_adds_its_payments_exactly():
    """Whole đồng summed as integers: past 2**53 a float sum would be off by a few đồng."""
    from xlpy.fund import Fund
    from xlpy.settings import Settings

    n, amount = 9_100, 999_999_999_993.0
    rows = pd.DataFrame(
        {
            "amount": [amount] * n, "paid_on": [pd.Timestamp(2022, 2, 3)] * n, "voucher": [float("nan")] * n,
            "_sheet": ["T02-2022"] * n, "_row": range(4, 4 + n), "_month": [pd.Timestamp(2022, 2, 1)] * n,
            "_key": ["TV01"] * n, "_roster_name": ["An"] * n, "name": ["An"] * n, "note": [None] * n,
        }
    )  # fmt: skip
    members = pd.DataFrame({"_key": ["TV01"], "position": [None]})
    fund = Fund(Path("so.xlsx"), members, rows, pd.DataFrame(), Settings(receipt_mode="Theo tháng"), [])
    assert [v.amount for v in vouchers.receipts(fund)] == [n * int(amount)]


def test_an_unknown_receipt_mode_is_an_error(small):
    problems = load(small(lambda book: set_setting(book, "Lập phiếu thu", "mỗi quý"))).problems
    assert [p.severity for p in problems] == [Severity.ERROR] and "Lập phiếu thu" in problems[0].message


# --- storing the numbers -------------------------------------------------------------------


def test_store_numbers_touches_only_the_sheets_it_numbers_and_a_second_run_writes_nothing(small, tmp_path):
    path = small()
    original = tmp_path / "original.xlsx"
    original.write_bytes(path.read_bytes())
    chosen = vouchers.for_period(load(path), date(2022, 2, 1), date(2022, 2, 28))
    cells = vouchers.cells_to_store(open_book(path), chosen)
    assert cells == {"T02-2022": {"F4": 1, "F5": 2, "F6": 3}, "Chi quỹ": {"H4": 1}}
    assert package.write_cells(path, cells) is not None
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(path) as b:
        assert a.namelist() == b.namelist()
        with package.Package(path) as opened:
            parts = {sheet.name: sheet.part for sheet in opened.sheets()}
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
    assert changed == {parts["T02-2022"], parts["Chi quỹ"]}
    book = openpyxl.load_workbook(path)  # a second, independent reader
    assert book["Chi quỹ"]["H4"].value == 1 and book["Chi quỹ"]["H5"].value is None
    assert [book["T02-2022"][f"F{r}"].value for r in (4, 5, 6)] == [1, 2, 3]
    again = vouchers.for_period(load(path), date(2022, 2, 1), date(2022, 2, 28))
    assert [v.number for v in again] == [v.number for v in chosen] and all(v.stored for v in again)
    digest = sha256(path)
    assert vouchers.cells_to_store(open_book(path), again) == {}
    assert package.write_cells(path, cells) is None and sha256(path) == digest


def test_a_sheet_without_the_column_gets_its_header(small):
    def drop(book):
        book["Chi quỹ"]["H3"] = None  # no Số phiếu column: it is optional
        book["Chi quỹ"]["I3"] = None

    path = small(drop)
    chosen = [v for v in vouchers.for_period(load(path)) if v.kind == "chi"]
    cells = vouchers.cells_to_store(open_book(path), chosen)
    assert cells == {"Chi quỹ": {"H3": "Số phiếu", "H4": 1, "H5": 2}}
    package.write_cells(path, cells)
    sheet = openpyxl.load_workbook(path)["Chi quỹ"]
    assert [sheet[c].value for c in ("H3", "H4", "H5")] == ["Số phiếu", 1, 2]
    assert sheet["H3"].font.b  # styled as the header beside it
    assert [v.number for v in vouchers.payments(load(path))] == [1, 2]


def test_a_workbook_open_in_excel_is_not_written_and_nothing_is_printed(small):
    path = small()
    (path.parent / f"~${path.name}").write_text("")
    digest = sha256(path)
    result = run_cli("vouchers", path, "-o", path.parent / "out")
    assert result.returncode == 1 and "đang mở trong Excel" in result.stderr
    assert sha256(path) == digest and not (path.parent / "out").exists()


# --- the command and the documents ---------------------------------------------------------


def test_json_lists_each_voucher_and_writes_nothing(sample_copy):
    digest = sha256(sample_copy)
    result = run_cli("vouchers", sample_copy, "--from", "2018-12-01", "--to", "31/12/2018", "--json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert {tuple(sorted(v)) for v in listed} == {
        ("amount", "amount_words", "date", "kind", "number", "person", "purpose")
    }
    payment = next(v for v in listed if v["kind"] == "chi")
    assert payment == {
        "kind": "chi",
        "number": 1,
        "date": "2018-12-27",
        "person": "Đinh Thị Hồng Nhung",
        "purpose": payment["purpose"],
        "amount": 2_550_000,
        "amount_words": "Hai triệu năm trăm năm mươi nghìn đồng",
    }
    assert payment["purpose"].startswith("Phối hợp với Chi bộ HĐND") and "8.550.000 đồng" in payment["purpose"]
    receipts = [v for v in listed if v["kind"] == "thu"]
    assert [v["number"] for v in receipts] == list(range(1, len(receipts) + 1))
    assert all(v["date"].startswith("2018-12") for v in receipts)
    assert sha256(sample_copy) == digest and not list(sample_copy.parent.glob("*.docx"))


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vouchers")
    path = folder / SAMPLE.name
    path.write_bytes(SAMPLE.read_bytes())
    result = run_cli("vouchers", path, "--from", "2018-12-01", "--to", "2019-03-31", "-o", folder / "out")
    assert result.returncode == 0, result.stderr
    return path, folder / "out"


def _page_texts(docx) -> list[str]:
    """The text of each page: the template breaks the page between vouchers."""
    from docx.oxml.ns import qn

    pages, current = [], []
    for block in Document(str(docx)).element.body.iter(qn("w:t"), qn("w:br")):
        if block.tag == qn("w:br") and block.get(qn("w:type")) == "page":
            pages.append(" ".join(current))
            current = []
        elif block.tag == qn("w:t"):
            current.append(block.text or "")
    return [" ".join(p.split()) for p in [*pages, " ".join(current)]]


def test_a_receipt_shows_every_field_of_form_c40(printed):
    path, out = printed
    fund = load(path)
    (docx,) = out.glob("phieu-thu-2018-12-05-2019-03-*.docx")
    pages = _page_texts(docx)
    receipts = [v for v in vouchers.for_period(fund, date(2018, 12, 1), date(2019, 3, 31)) if v.kind == "thu"]
    assert len(pages) == len(receipts) and all(v.stored for v in receipts)
    march = next(i for i, v in enumerate(receipts) if v.amount == 150_000)  # TV04 pays the quarter
    page, voucher = pages[march], receipts[march]
    s = fund.settings
    expected = [
        "Đơn vị: HỘI ĐỒNG NHÂN DÂN HUYỆN MINH LONG",
        f"Địa chỉ: {s.unit_address}",
        "Mẫu số C40-BB",
        "(Ban hành kèm theo Thông tư số 107/2017/TT-BTC ngày 10/10/2017 của Bộ Tài chính)",
        "PHIẾU THU",
        f"Ngày {voucher.date.day:02d} tháng 3 năm 2019",
        "Quyển số: 01",
        f"Số: {voucher.number}",
        "Nợ:",
        "Có:",
        "Họ và tên người nộp tiền: Đinh Thị Hồng Nhung",
        "Địa chỉ: Chuyên viên tổng hợp Văn phòng",
        "Lý do nộp: Nộp quỹ tháng 03/2019 (Nộp 3 tháng)",
        "Số tiền: 150.000 đồng",
        "Viết bằng chữ: Một trăm năm mươi nghìn đồng",
        "Kèm theo: …… chứng từ gốc.",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "KẾ TOÁN TRƯỞNG",
        "NGƯỜI NỘP TIỀN",
        "NGƯỜI LẬP",
        "THỦ QUỸ",
        s.head_of_unit,
        s.chief_accountant,
        s.preparer,
        s.treasurer,
    ]
    for text in expected:
        assert text in page, text
    assert page.count("Đinh Thị Hồng Nhung") == 3  # payer, payer's signature, treasurer
    of_2019 = sorted(v.date for v in receipts if v.date.year == 2019)
    assert voucher.number == of_2019.index(voucher.date) + 1  # numbered in date order within 2019
    assert "Ngày 05 tháng 12 năm 2018" in pages[0] and "Số: " in pages[0]


def test_a_payment_shows_every_field_of_form_c41(printed):
    path, out = printed
    s = load(path).settings
    (page,) = _page_texts(out / "phieu-chi-2018-12-27-2018-12-27.docx")
    for text in (
        "Đơn vị: HỘI ĐỒNG NHÂN DÂN HUYỆN MINH LONG",
        f"Địa chỉ: {s.unit_address}",
        "Mẫu số C41-BB",
        "(Ban hành kèm theo Thông tư số 107/2017/TT-BTC ngày 10/10/2017 của Bộ Tài chính)",
        "PHIẾU CHI",
        "Ngày 27 tháng 12 năm 2018",
        "Quyển số: 01",
        "Số: 1",
        "Họ và tên người nhận tiền: Đinh Thị Hồng Nhung",
        "Địa chỉ: Chuyên viên tổng hợp Văn phòng",
        "Lý do chi: Phối hợp với Chi bộ HĐND, Chi bộ Văn phòng thăm và tặng 34 suất quà với tổng số tiền "
        "8.550.000 đồng cho 25 hộ nghèo",
        "Số tiền: 2.550.000 đồng",
        "Viết bằng chữ: Hai triệu năm trăm năm mươi nghìn đồng",
        "Kèm theo: …… chứng từ gốc.",
        "NGƯỜI NHẬN TIỀN",
        s.head_of_unit,
        s.chief_accountant,
        s.preparer,
    ):
        assert text in page, text
    assert openpyxl.load_workbook(path)["Chi quỹ"]["H4"].value == 1  # the number the page shows, kept


def test_documents_are_a4_times_new_roman(printed):
    _, out = printed
    document = Document(str(next(out.glob("phieu-chi-*.docx"))))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_printing_again_never_overwrites_and_keeps_the_numbers(printed, tmp_path):
    path, out = printed
    first = docx_text(out / "phieu-chi-2018-12-27-2018-12-27.docx")
    result = run_cli("vouchers", path, "--from", "2018-12-27", "--to", "2018-12-27", "-o", out)
    assert result.returncode == 0 and "cấp số" not in result.stdout
    again = out / "phieu-chi-2018-12-27-2018-12-27 (2).docx"
    assert again.exists() and docx_text(again) == first


def test_refused_while_the_data_has_errors(small):
    path = small({("T02-2022", "C5"): "50.000"})
    digest = sha256(path)
    result = run_cli("vouchers", path, "-o", path.parent / "out")
    assert result.returncode == 1 and "chưa in phiếu" in result.stderr
    assert sha256(path) == digest and not (path.parent / "out").exists()


def test_cell_text_is_inert_in_the_documents(small, tmp_path):
    hostile = "{{ 7*7 }} {% if 1 %}x{% endif %} <w:p>&amp; ]]>"
    path = small({("Chi quỹ", "I4"): hostile, ("Chi quỹ", "B4"): "Chi {{ unit }}"})
    result = run_cli("vouchers", path, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = docx_text(next((tmp_path / "out").glob("phieu-chi-*.docx")))
    assert f"Họ và tên người nhận tiền: {hostile}" in text and "Lý do chi: Chi {{ unit }}" in text
    assert "49" not in text


def test_file_names_stay_in_their_folder():
    from xlpy.report import file_name

    name = file_name(["phieu-thu", "../../etc", "a/b\\c:"], "phieu-thu")
    assert name.startswith("phieu-thu-") and name.endswith("etc-a-b-c.docx")
    assert not [bad for bad in ("/", "\\", ":", "..") if bad in name]
    assert file_name(["..", "/"], "phieu") == "phieu.docx"


def test_the_committed_templates_are_what_their_script_builds(tmp_path):
    from conftest import ROOT, run_script

    run_script(ROOT / "templates" / "build_phieu.py", tmp_path)
    for kind in vouchers.KINDS:
        fresh, committed = tmp_path / vouchers.TEMPLATES[kind], vouchers.template(kind)
        with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(committed) as b:
            for part in ("word/document.xml", "word/styles.xml"):
                assert a.read(part) == b.read(part), (kind, part)


def test_a_clerks_cell_right_of_the_table_is_never_overwritten(small):
    def drop(book):
        book["Chi quỹ"]["H3"] = None  # no Số phiếu column
        book["Chi quỹ"]["I3"] = None
        book["Chi quỹ"]["H5"] = "ghi chú của văn thư"  # a note under no header, in the column after the table

    path = small(drop)
    chosen = [v for v in vouchers.for_period(load(path)) if v.kind == "chi"]
    cells = vouchers.cells_to_store(open_book(path), chosen)
    assert cells == {"Chi quỹ": {"I3": "Số phiếu", "I4": 1, "I5": 2}}
    package.write_cells(path, cells)
    sheet = openpyxl.load_workbook(path)["Chi quỹ"]
    assert sheet["H5"].value == "ghi chú của văn thư" and [sheet[f"I{r}"].value for r in (3, 4, 5)] == [
        "Số phiếu",
        1,
        2,
    ]


def test_no_free_column_right_of_the_table_is_refused_naming_the_sheet(small):
    def fill(book):
        book["Chi quỹ"]["H3"] = None
        book["Chi quỹ"]["I3"] = None
        for column in "HIJKL":
            book["Chi quỹ"][f"{column}7"] = 1  # a number far below, in each candidate column

    path = small(fill)
    digest = sha256(path)
    result = run_cli("vouchers", path, "-o", path.parent / "out")
    assert (
        result.returncode == 1 and "'Chi quỹ'" in result.stderr and "thêm một cột tiêu đề 'Số phiếu'" in result.stderr
    )
    assert sha256(path) == digest and not (path.parent / "out").exists()


def test_two_voucher_columns_are_an_error_at_the_second_and_vouchers_refuses(small):
    path = small({("Chi quỹ", "I3"): "Số phiếu"})
    problems = load(path).problems
    assert [(p.sheet, p.cell) for p in problems if "hai lần" in p.message] == [("Chi quỹ", "I3")]
    digest = sha256(path)
    with pytest.raises(Exception, match="2 cột 'Số phiếu'"):
        vouchers.cells_to_store(open_book(path), vouchers.for_period(load(path)))
    assert run_cli("vouchers", path, "-o", path.parent / "out").returncode == 1 and sha256(path) == digest


def test_write_cells_never_overwrites_a_different_value_unless_told(small):
    path = small()
    digest = sha256(path)
    with pytest.raises(package.WriteRefused, match="B4"):
        package.write_cells(path, {"Chi quỹ": {"B4": "khác"}})
    assert sha256(path) == digest
    assert package.write_cells(path, {"Chi quỹ": {"B4": "khác"}}, overwrite={"Chi quỹ": {"B4"}}) is not None
    assert openpyxl.load_workbook(path)["Chi quỹ"]["B4"].value == "khác"


def test_compare_refuses_a_written_cell_that_held_another_value(small, tmp_path):
    path = small()
    with package.Package(path) as opened:
        part = {s.name: s.part for s in opened.sheets()}["Chi quỹ"]
        root = opened.xml(part)
        package.set_cells(root, {"B4": "khác"})
        opened.touch(part)
        opened.save(tmp_path / "new.xlsx")
    with pytest.raises(package.WriteRefused, match="ghi đè ô B4"):
        package.compare(path, tmp_path / "new.xlsx", set(), {}, {part: {"B4"}})
    package.compare(path, tmp_path / "new.xlsx", set(), {}, {part: {"B4"}}, {part: {"B4"}})


def test_a_voucher_number_typed_as_text_is_told_as_a_voucher_number(small):
    """'PT01' is a common office style; the message speaks of voucher numbers, not of amounts."""
    from xlpy.fund import load

    problems = load(small({("T03-2022", "F5"): "PT01"})).problems
    assert [(p.where, p.severity.value) for p in problems] == [("'T03-2022'!F5", "lỗi")], problems
    assert "số thứ tự trong năm" in problems[0].message and "được cộng" not in problems[0].message


def test_printing_a_later_month_first_warns_of_the_earlier_vouchers_left_without_a_number(small):
    """Numbers follow print order: printed after March, January's receipts would come after March's
    numbers. The print says so, with the way out; printing in date order says nothing."""
    path = small()
    march = run_cli("vouchers", path, "--from", "01/03/2022", "--to", "31/03/2022", "-o", path.parent / "out")
    assert march.returncode == 0
    assert "phiếu thu năm 2022 trước ngày" in march.stderr and "chưa có số" in march.stderr, march.stderr
    assert "phiếu chi năm 2022" in march.stderr  # the payment of 15/02 too
    in_order = small(name="in-order.xlsx")
    for first, last in (("01/01/2022", "28/02/2022"), ("01/03/2022", "31/03/2022")):
        result = run_cli("vouchers", in_order, "--from", first, "--to", last, "-o", path.parent / "out2")
        assert result.returncode == 0 and "chưa có số" not in result.stderr, result.stderr
