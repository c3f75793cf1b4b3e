"""What a command or a button concludes from the fund, said once for both.

The command line (xlpy.cli) and the buttons (xlpy.buttons) are thin callers:
they show the result their own way (printed lines; the `Kiểm tra` sheet and the
panel's status), but whether to refuse, how problems are counted, which date a
summary uses, and how a report is written (the .docx, then the PDF if it can)
are decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from xlpy.errors import DataHasErrors, ReportError
from xlpy.problems import Problem, Severity
from xlpy.settings import SETTINGS_SHEET, TEXT_SHEET

SUMMARY = "tổng hợp"
REPORT = "xuất báo cáo"
VOUCHERS = "in phiếu"
CASHBOOK = "lập sổ quỹ"
STATEMENT = "lập bảng công khai"
CHECK_SHEET_HINT = "sheet 'Kiểm tra' (bấm nút 'Kiểm tra dữ liệu')"


@dataclass(frozen=True)
class Tally:
    errors: int
    warnings: int

    def __str__(self) -> str:
        return f"{self.errors} lỗi, {self.warnings} cảnh báo"


def tally(problems: list[Problem]) -> Tally:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    return Tally(errors, len(problems) - errors)


def has_errors(problems: list[Problem]) -> bool:
    return tally(problems).errors > 0


def only_for_the_report(problem: Problem) -> bool:
    """An error in the report's own settings or text: the figures do not depend on it.

    The default rate is the one setting the figures use.
    """
    if problem.sheet == TEXT_SHEET:
        return True
    return problem.sheet == SETTINGS_SHEET and problem.setting != "default_rate"


def refuse_on_errors(problems: list[Problem], purpose: str) -> None:
    """Raise DataHasErrors when the workbook's errors forbid `purpose` (SUMMARY, REPORT, VOUCHERS …).

    A summary is made while only the report's settings are unfinished; a document never with an error.
    """
    blocking = [
        p for p in problems if p.severity is Severity.ERROR and (purpose != SUMMARY or not only_for_the_report(p))
    ]
    if blocking:
        raise DataHasErrors(f"Sổ còn {tally(problems)} nên chưa {purpose}.", problems)


def validate_command(path: Path | str) -> str:
    """How a clerk lists the problems from a command line."""
    text = str(path)
    return f'xlpy validate "{text}"' if " " in text else f"xlpy validate {text}"


def remaining(problems: list[Problem], see: str) -> str:
    """The closing sentence of every command and button: what is left to read, and where.

    `see` is where the adapter lists them (`validate_command(path)`, or CHECK_SHEET_HINT).
    """
    count = tally(problems)
    if not count.errors and not count.warnings:
        return "0 lỗi, 0 cảnh báo."
    left = [f"{count.errors} lỗi chưa cho xuất báo cáo"] if count.errors else []
    left.append(f"{count.warnings} cảnh báo")
    return f"Còn {' và '.join(left)}: xem {see}."


@dataclass(frozen=True)
class AsOf:
    """The day a summary is made to, and why that day."""

    day: date
    reason: str
    warning: str | None = None

    def __str__(self) -> str:
        from xlpy.dates import numeric_date

        return f"Tổng hợp đến ngày {numeric_date(self.day)} ({self.reason})."


def date_used(report_date: date | None, override: date | None = None) -> AsOf:
    if override is not None:
        return AsOf(override, "ngày ghi trong --as-of")
    if report_date is not None:
        return AsOf(report_date, f"Ngày báo cáo trong sheet '{SETTINGS_SHEET}'")
    today = date.today()
    return AsOf(
        today,
        f"hôm nay, vì Ngày báo cáo trong sheet '{SETTINGS_SHEET}' còn trống hoặc chưa đúng",
        f"Chưa có Ngày báo cáo đúng trong sheet '{SETTINGS_SHEET}' nên số liệu tính đến hôm nay. "
        "Điền Ngày báo cáo để tổng hợp đến đúng ngày đó.",
    )


@dataclass(frozen=True)
class Written:
    docx: Path
    pdf: Path | None = None
    pdf_failed: str = ""  # why there is no PDF, when one was asked for

    def __str__(self) -> str:
        written = " và ".join(str(p) for p in (self.docx, self.pdf) if p)
        return f"Đã ghi {written}." + (f" {self.pdf_failed}" if self.pdf_failed else "")


@dataclass(frozen=True)
class Pdfs:
    written: list[Path]
    failed: str = ""  # why the rest have no PDF (no LibreOffice, a conversion that failed)


def pdfs_of(documents: list[Path]) -> Pdfs:
    """The PDF of each document through LibreOffice, while it can: a missing PDF never loses a .docx."""
    from xlpy import report

    written: list[Path] = []
    for docx in documents:
        try:
            written.append(report.to_pdf(docx))
        except ReportError as exc:
            return Pdfs(written, exc.message)
    return Pdfs(written)


def write_report(fund, out: Path | None = None, pdf: bool = False, force: bool = False) -> Written:
    """Refuse on any error, write the .docx, then the PDF if asked and LibreOffice can.

    A missing PDF never loses the .docx: it is said in `pdf_failed`.
    Raises DataHasErrors, or ReportError when the .docx cannot be written.
    """
    from xlpy import report

    refuse_on_errors(fund.problems, REPORT)
    try:
        docx = report.write(fund, out, force=force)
    except OSError as exc:
        raise ReportError(
            f"Không ghi được tệp báo cáo: {exc}. Kiểm tra thư mục và tệp có đang mở trong Word không."
        ) from exc
    if not pdf:
        return Written(docx)
    pdfs = pdfs_of([docx])
    return Written(docx, pdfs.written[0] if pdfs.written else None, pdfs.failed)
