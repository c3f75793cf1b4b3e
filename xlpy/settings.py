"""The workbook's own sheets: `Cài đặt` (settings) and `Nội dung báo cáo` (text).

Names of bodies, places and titles belong to the office, so they live in the
workbook, never in the code. Settings are rows of label | value; a label that
repeats (Nơi nhận) collects a list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from xlpy import cells
from xlpy.dates import FIRST_YEAR, LAST_YEAR, YEARS, in_range, parse_day_first, without_time
from xlpy.grid import Grid
from xlpy.money import ZeroTens, figures
from xlpy.problems import Problem, Severity
from xlpy.schemas._rules import CEILING_LABEL, DEFAULT_CEILING, MAX_CEILING
from xlpy.text import fold, nfc

SETTINGS_SHEET = "Cài đặt"
TEXT_SHEET = "Nội dung báo cáo"
DEFAULT_RATE = 50_000

LABELS = {
    "parent_body": "Cơ quan chủ quản",
    "issuing_body": "Cơ quan ban hành",
    "place": "Địa danh",
    "number": "Số văn bản",
    "symbol": "Ký hiệu",
    "report_date": "Ngày báo cáo",
    "subject": "Trích yếu",
    "reporting_body": "Cơ quan báo cáo",
    "default_rate": "Mức đóng mặc định",
    "model_name": "Tên mô hình",
    "model_form": "Hình thức thực hiện",
    "contributors": "Người đóng góp quỹ",
    "period_from": "Từ năm",
    "period_to": "Đến năm",
    "appendix_title": "Tên phụ lục",
    "signing_authority": "Thẩm quyền ký",
    "signer_title": "Chức vụ người ký",
    "signer": "Người ký",
    "recipients": "Nơi nhận",
    "zero_tens": "Đọc số 0 hàng chục",
    # Phiếu thu / phiếu chi (xlpy.vouchers)
    "unit_address": "Địa chỉ đơn vị",
    "head_of_unit": "Thủ trưởng đơn vị",
    "chief_accountant": "Kế toán trưởng",
    "treasurer": "Thủ quỹ",
    "preparer": "Người lập phiếu",
    "voucher_book": "Quyển số",
    "receipt_mode": "Lập phiếu thu",
    "report_chart": "Biểu đồ trong báo cáo",
}
# Read when present, never written into a new workbook (its default applies when absent).
OPTIONAL_LABELS = {"cell_ceiling": CEILING_LABEL}
ALL_LABELS = {**LABELS, **OPTIONAL_LABELS}
LIST_SETTINGS = {"recipients"}
TYPED_SETTINGS = {"report_date", "default_rate", "period_from", "period_to", "cell_ceiling"}
# What `xlpy init` writes for a new office: still there means the settings are unfinished (xlpy.unfinished).
PLACEHOLDERS = {
    "issuing_body": "TÊN CƠ QUAN",
    "place": "Địa danh",
    "symbol": "BC-…",
    "model_name": "Tên mô hình",
    "signing_authority": "TM. …",
    "signer_title": "CHỨC VỤ",
    "signer": "Họ và tên người ký",
}
# What `xlpy init` writes for the vouchers' signatures and address: still there, phiếu thu and phiếu
# chi would print these words (a warning: the report does not need them).
VOUCHER_PLACEHOLDERS = {
    "unit_address": "Địa chỉ của cơ quan",
    "head_of_unit": "Họ và tên thủ trưởng",
    "chief_accountant": "Họ và tên kế toán trưởng",
    "treasurer": "Họ và tên thủ quỹ",
    "preparer": "Họ và tên người lập phiếu",
}
# Settings that take one of a few words (the first is the default when the cell is empty).
CHOICES: dict[str, tuple[str, ...]] = {
    "zero_tens": ("linh", "lẻ"),
    "receipt_mode": ("Theo từng lần nộp", "Theo tháng"),
    "report_chart": ("Có", "Không"),
}
TEXT_PARTS = ("Mở đầu", "I", "II", "III", "IV", "Kết thúc")
HEADING = "Tiêu đề"


@dataclass
class Settings:
    """`Cài đặt`, one attribute per setting (LABELS): text settings are "" until given."""

    parent_body: str = ""
    issuing_body: str = ""
    place: str = ""
    number: str = ""
    symbol: str = ""
    report_date: date | None = None
    subject: str = ""
    reporting_body: str = ""
    default_rate: int = DEFAULT_RATE
    model_name: str = ""
    model_form: str = ""
    contributors: str = ""
    period_from: int | None = None
    period_to: int | None = None
    appendix_title: str = ""
    signing_authority: str = ""
    signer_title: str = ""
    signer: str = ""
    recipients: list[str] = field(default_factory=list)
    zero_tens: str = ""
    unit_address: str = ""
    head_of_unit: str = ""
    chief_accountant: str = ""
    treasurer: str = ""
    preparer: str = ""
    voucher_book: str = ""
    receipt_mode: str = ""
    report_chart: str = ""
    cell_ceiling: int = DEFAULT_CEILING

    @property
    def unit(self) -> str:
        """The unit (Cơ quan ban hành) on one line: the setting may break it over two, as the report's header does."""
        return " ".join(self.issuing_body.split())

    @property
    def chart_in_report(self) -> bool:
        """`Biểu đồ trong báo cáo`: Có (the default) or Không."""
        return fold(self.report_chart or "Có") != fold("Không")

    @property
    def reads_zero_tens(self) -> ZeroTens:
        """How 0 in the tens is read in words (`Đọc số 0 hàng chục`): "linh" unless "lẻ" is set."""
        return "lẻ" if self.zero_tens == "lẻ" else "linh"


@dataclass(frozen=True)
class Block:
    """One paragraph of the report's narrative; headings print bold."""

    part: str
    text: str
    heading: bool


@dataclass(frozen=True)
class Invalid:
    """A setting's value that is not what the setting needs: the clerk's message."""

    message: str


def _typed_setting(key: str, value: object) -> date | int | Invalid:
    """A setting that must be a date, an amount or a year, typed; Invalid if it is not."""
    if key == "report_date":
        day = (
            without_time(value)
            if isinstance(value, date)
            else parse_day_first(value)
            if isinstance(value, str)
            else None
        )
        if day is None:
            return Invalid(f"Ngày báo cáo '{cells.display(value)}' không phải ngày. Gõ dạng 20/4/2022.")
        if not in_range(day):
            return Invalid(f"Ngày báo cáo '{cells.display(day)}' nằm ngoài khoảng {YEARS}: có lẽ gõ nhầm năm.")
        return day
    # A whole number, or None: not a bool, not NaN or an infinity, not text.
    number = int(value) if cells.is_number(value) and value % 1 == 0 else None
    if key in ("default_rate", "cell_ceiling"):
        if number is not None and 0 < number <= MAX_CEILING:
            return number
        return Invalid(
            f"{ALL_LABELS[key]} '{cells.display(value)}' phải là số đồng nguyên dương, không quá "
            f"{figures(MAX_CEILING)}, gõ chỉ bằng chữ số, ví dụ 50000" + _ending(value)
        )
    if number is not None and FIRST_YEAR <= number <= LAST_YEAR:
        return number
    return Invalid(f"{LABELS[key]} '{cells.display(value)}' phải là một năm {YEARS}, ví dụ 2017" + _ending(value))


def _ending(value: object) -> str:
    """The advice's end: for text (a number typed in a text-formatted cell), how to make it a number."""
    if isinstance(value, str):
        return " (ô đang là chữ: nếu ô định dạng Văn bản (Text) hoặc có dấu ' ở đầu, đổi sang Số (Number) rồi gõ lại)."
    return "."


def key_of(label: object) -> str | None:
    """The setting a label in column A names (labels compare folded), if any."""
    return _BY_LABEL.get(fold(label)) if isinstance(label, str) else None


_BY_LABEL = {fold(label): key for key, label in ALL_LABELS.items()}


def read_settings(grid: Grid | None) -> tuple[Settings, list[Problem]]:
    settings = Settings()
    if grid is None:
        return settings, [
            Problem(
                SETTINGS_SHEET,
                None,
                None,
                Severity.ERROR,
                f"Không có sheet '{SETTINGS_SHEET}' nên chưa xuất được báo cáo (tổng hợp dùng mức đóng "
                "mặc định 50.000 đồng và ngày hôm nay). Thêm sheet này theo mẫu sổ quỹ (xlpy init).",
            )
        ]
    problems: list[Problem] = []
    rows: dict[str, int] = {}
    for row_number, row in enumerate(grid.rows, start=1):
        key = key_of(row[0]) if len(row) >= 2 else None
        if key is None:
            continue
        value = row[1]
        if cells.is_blank(value) and not cells.is_non_finite(value):  # NaN is no blank: it is reported
            continue
        rows[key] = row_number
        if key in TYPED_SETTINGS:
            typed = _typed_setting(key, value)
            if isinstance(typed, Invalid):
                problems.append(Problem(grid.name, row_number, "B", Severity.ERROR, typed.message, setting=key))
            else:
                setattr(settings, key, typed)
        elif key in LIST_SETTINGS:
            settings.recipients.append(cells.as_text_value(value))
        else:
            setattr(settings, key, cells.as_text_value(value))
    if settings.default_rate > settings.cell_ceiling and "default_rate" in rows:
        problems.append(
            Problem(
                grid.name,
                rows["default_rate"],
                "B",
                Severity.ERROR,
                f"{LABELS['default_rate']} {figures(settings.default_rate)} đồng vượt '{CEILING_LABEL}' "
                f"({figures(settings.cell_ceiling)} đồng). Sửa một trong hai.",
                setting="default_rate",
            )
        )
    for key, allowed in CHOICES.items():  # a setting that takes one of a few words, said at its cell
        value = getattr(settings, key)
        if value and fold(value) not in {fold(word) for word in allowed}:
            listed = " hoặc ".join(f"'{word}'" for word in allowed)
            problems.append(
                Problem(
                    grid.name,
                    rows.get(key),
                    "B" if key in rows else None,
                    Severity.ERROR,
                    f"'{LABELS[key]}' là '{value}', nhưng chỉ nhận {listed}.",
                    setting=key,
                )
            )
        elif value:  # the word as the code compares it (linh/lẻ go into the amount in words as written)
            setattr(settings, key, next(word for word in allowed if fold(word) == fold(value)))
    return settings, problems


def read_text(grid: Grid | None) -> tuple[list[Block], list[Problem]]:
    """Rows of Phần | Kiểu | Nội dung below a header row; blank rows skipped."""
    if grid is None:
        return [], []
    blocks: list[Block] = []
    problems: list[Problem] = []
    parts = {fold(p): p for p in TEXT_PARTS}
    for row_number, row in enumerate(grid.rows, start=1):
        part, kind, text = ([*list(row), None, None, None])[:3]
        if cells.is_blank(text) or fold(part or "") == fold("Phần"):
            continue
        if fold(part or "") not in parts:
            problems.append(
                Problem(
                    grid.name,
                    row_number,
                    "A",
                    Severity.ERROR,
                    f"Phần '{cells.display(part)}' không hợp lệ; chọn một trong: " + ", ".join(TEXT_PARTS) + ".",
                )
            )
            continue
        blocks.append(Block(parts[fold(part)], nfc(str(text)).strip(), fold(kind or "") == fold(HEADING)))
    return blocks, problems
