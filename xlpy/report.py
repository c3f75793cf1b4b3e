"""The report: a docxtpl template filled from the fund, optionally turned into PDF.

`context` is pure (fund in, plain values out); `render` and `to_pdf` are the
edges that write files.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

import pandas as pd

from xlpy.dates import long_date, short_date
from xlpy.errors import ReportError
from xlpy.fund import Fund
from xlpy.ledger import Summary, first_paid_year, spent_until
from xlpy.money import dong, in_words
from xlpy.settings import TEXT_PARTS

BEFORE_FIGURES = TEXT_PARTS[:3]  # Mở đầu, I, II: the fund's figures close section II
_MARKER = re.compile(r"\[\s*(số suất|tổng số tiền|từ quỹ)\s*\]", re.IGNORECASE)
# Characters XML 1.0 forbids (a stray one from a pasted cell would corrupt the .docx).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def default_template() -> Path:
    return Path(str(resources.files("xlpy.templates").joinpath("bao-cao.docx")))


def clean(text: object) -> str:
    return _ILLEGAL_XML.sub("", str(text))


def document_number(number: str, symbol: str) -> str:
    """`36/BC-HĐND`; numbers below 10 take a leading zero (`05/BC-HĐND`)."""
    number = number.strip()
    if number.isdigit():
        number = f"{int(number):02d}"
    return f"{number}/{symbol.strip()}" if symbol.strip() else number


def fill_markers(content: str, gifts: float, total: float, from_fund: float) -> str:
    """`[Số suất]`, `[Tổng số tiền]`, `[Từ quỹ]` in Nội dung become that row's figures."""

    def figure(match: re.Match) -> str:
        name = match.group(1).casefold()
        value = {"số suất": gifts, "tổng số tiền": total, "từ quỹ": from_fund}[name]
        if pd.isna(value):
            return match.group(0)
        return f"{int(value):02d}" if name == "số suất" else dong(int(value))

    return _MARKER.sub(figure, content)


def appendix_period(fund: Fund, as_of: date) -> tuple[int, int]:
    """The appendix's years: Từ năm, Đến năm of `Cài đặt`; where one is empty, the first year with
    spending, and the as-of year."""
    dated = spent_until(fund.spending, as_of)
    first = fund.settings.period_from or (int(dated["date"].dt.year.min()) if len(dated) else as_of.year)
    return first, fund.settings.period_to or as_of.year


def appendix_years(fund: Fund, as_of: date) -> list[dict]:
    """One row per year of the period with activities: numbered items, the fund's share."""
    settings, spending = fund.settings, fund.spending
    dated = spent_until(spending, as_of)
    first, last = appendix_period(fund, as_of)
    contributors = f"của {settings.contributors} " if settings.contributors else ""
    rows = []
    for year, group in dated.groupby(dated["date"].dt.year, sort=True):
        if not first <= year <= last:
            continue
        items = [fill_markers(r.content or "", r.gifts, r.total, r.from_fund) for r in group.itertuples()]
        if len(items) > 1:
            items = [f"{n}. {text}" for n, text in enumerate(items, start=1)]
        share = int(group["from_fund"].fillna(0).sum())
        note = f"Trong đó, số tiền {contributors}đóng góp từ mô hình Quỹ là {dong(share)}" if share else ""
        rows.append({"year": int(year), "activities": [clean(i) for i in items], "note": clean(note)})
    return rows


def context(fund: Fund, summary: Summary) -> dict:
    """Everything the template shows, as plain text (docxtpl escapes it)."""
    s = fund.settings
    if s.report_date is None:
        raise ReportError("Chưa có 'Ngày báo cáo' trong sheet 'Cài đặt'. Nhập ngày, ví dụ 20/4/2022.")
    number = document_number(s.number, s.symbol)
    words = in_words(summary.collected, s.reads_zero_tens)
    recipients = [f"- {clean(r).rstrip(';.')}" for r in s.recipients]
    recipients = [r + ";" for r in recipients[:-1]] + [r + "." for r in recipients[-1:]]

    def by_part(parts: tuple[str, ...]) -> list[dict]:
        return [{"text": clean(b.text), "heading": b.heading} for p in parts for b in fund.text if b.part == p]

    return {
        "parent_body": clean(s.parent_body).upper(),
        "issuing_body": clean(s.issuing_body).upper(),
        "number": number,
        "place_date": f"{clean(s.place)}, {long_date(s.report_date)}",
        "subject": clean(s.subject),
        "before_figures": by_part(BEFORE_FIGURES),
        "after_figures": by_part(TEXT_PARTS[len(BEFORE_FIGURES) : -1]),
        "closing": by_part(TEXT_PARTS[-1:]),  # Kết thúc: kept on the signature's page
        "model": {
            "name": clean(s.model_name),
            "year": first_paid_year(fund.contributions, summary.as_of),
            "form": clean(s.model_form),
            "rate": rate_text(fund, summary.as_of),
            "collected": dong(summary.collected),
            "collected_words": words[0].lower() + words[1:],
        },
        "recipients": recipients,
        "signing_authority": clean(s.signing_authority).upper(),
        "signer_title": clean(s.signer_title).upper(),
        "signer": clean(s.signer),
        "appendix": {
            "title": clean(s.appendix_title).upper(),
            "period": period_text(*appendix_period(fund, summary.as_of)),
            "attached_to": f"(Kèm theo Báo cáo số {number} ngày {short_date(s.report_date)}"
            + (f" của {clean(s.reporting_body)})" if s.reporting_body else ")"),
        },
        "years": appendix_years(fund, summary.as_of),
        "chart": chart_png(fund, summary),
    }


def rate_text(fund: Fund, as_of: date) -> str:
    """The monthly rate as the report states it: the rates (Mức đóng, else the default) of the
    members paying at the as-of date, as a range when they differ, never the default alone."""
    roster = fund.members[fund.members["_key"].notna()]
    month = pd.Timestamp(as_of).to_period("M").to_timestamp()
    paying = roster[(roster["joined"] <= pd.Timestamp(as_of)) & ~(roster["left"] < month)]
    rates = sorted({int(r) for r in paying["rate"].fillna(fund.settings.default_rate)}) or [fund.settings.default_rate]
    return dong(rates[0]) if len(rates) == 1 else f"từ {dong(rates[0])} đến {dong(rates[-1])}"


def period_text(first: int, last: int) -> str:
    return f"Năm {first}" if first == last else f"Từ năm {first} đến năm {last}"


def chart_png(fund: Fund, summary: Summary) -> bytes | None:
    """The fund's chart (xlpy.chart) when `Biểu đồ trong báo cáo` is Có and there is a year to show."""
    if not fund.settings.chart_in_report or summary.years.empty:
        return None
    from xlpy import chart

    return chart.png(summary.years)


def _multiline(value: object) -> object:
    """Line breaks typed in a cell (Alt+Enter) stay line breaks in Word."""
    from docxtpl import Listing

    if isinstance(value, str) and "\n" in value:
        return Listing(value)
    if isinstance(value, dict):
        return {k: _multiline(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_multiline(v) for v in value]
    return value


def stamp(document, title: str | None) -> None:
    """The file's own properties (File > Info in Word): made now, by xlpy, under the document's
    title; `title` None keeps the template's (`Phiếu thu`)."""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # python-docx writes it as UTC
    core = document.core_properties
    core.created = core.modified = now
    core.author = core.last_modified_by = "xlpy"
    core.revision = 1
    if title is not None:
        core.title = clean(" ".join(title.split()))


def sentence(text: str) -> str:
    """`Tình hình thu, chi quỹ` inside a sentence: `tình hình thu, chi quỹ` (the first letter only)."""
    return text[:1].lower() + text[1:]


def render(values: dict, out: Path, template: Path | None = None, title: str | None = None) -> Path:
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template or default_template()))
    filled = {key: _multiline(value) for key, value in values.items()}
    chart = filled.get("chart")
    if isinstance(chart, bytes):  # placed as a picture the width of the text
        from docx.shared import Mm
        from docxtpl import InlineImage

        filled["chart"] = InlineImage(document, io.BytesIO(chart), width=Mm(155))
    document.render(filled, autoescape=True)
    stamp(document.docx, title)
    document.save(str(out))
    return out


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ):
        if Path(candidate).exists():
            return candidate
    return None


def to_pdf(docx: Path, timeout: int = 180) -> Path:
    """Convert with LibreOffice headless, in a private profile (a running LibreOffice is no obstacle)."""
    soffice = find_soffice()
    if soffice is None:
        raise ReportError(
            "Chưa cài LibreOffice nên chưa tạo được PDF (tệp .docx vẫn đã được tạo). "
            "Cài LibreOffice (libreoffice.org) rồi xuất lại báo cáo, "
            "hoặc mở tệp .docx bằng Word và chọn Lưu dạng PDF."
        )
    with tempfile.TemporaryDirectory(prefix="xlpy-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ReportError(f"LibreOffice không chuyển được sang PDF: {exc}") from exc
    pdf = docx.with_suffix(".pdf")
    if not pdf.exists():
        raise ReportError("LibreOffice chạy xong nhưng không thấy tệp PDF. Thử mở .docx và lưu PDF bằng Word.")
    return pdf


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+|\.{2,}')


def file_name(parts: list[str], fallback: str, suffix: str = ".docx") -> str:
    """Parts joined by `-`, with anything that could name a folder replaced: a file
    name built from cells stays in the folder it is written to."""
    name = _UNSAFE_NAME.sub("-", "-".join(p for p in parts if p)).strip(" .-")
    return (name or fallback)[:120] + suffix


def default_name(fund: Fund) -> str:
    """`bao-cao-36-BC-HĐND-2022-04-20.docx`: built from cells, so it cannot name a folder."""
    s = fund.settings
    parts = [
        "bao-cao",
        document_number(s.number, s.symbol) if s.number else "",
        s.report_date.isoformat() if s.report_date else "",
    ]
    return file_name(parts, "bao-cao")


def output_path(fund: Fund, out: Path | None, name: str, force: bool = False, pdf: bool = False) -> Path:
    """Where a new document goes: `out` (checked: its kind of file, never a workbook, never an
    existing file unless `force`), or `name` beside the workbook, never over an earlier file."""
    from xlpy.safe_write import report_target

    if out:
        return report_target(out, fund.path, force, pdf, suffix=Path(name).suffix)
    return free_path(fund.path.parent / name)


def free_path(path: Path) -> Path:
    """`path`, or `name (2).docx`, … : an earlier report is never silently overwritten."""
    candidate, n = path, 2
    while candidate.exists() or candidate.with_suffix(".pdf").exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def write(fund: Fund, out: Path | None = None, template: Path | None = None, force: bool = False) -> Path:
    """Render the report beside the workbook (or at `out`); returns the .docx written.

    Without `out` an earlier report is never overwritten: a number is added.
    The PDF (`to_pdf`) is the caller's choice: a missing LibreOffice must not lose the .docx.
    """
    target = output_path(fund, out, default_name(fund), force)
    values = context(fund, fund.summary())
    return render(values, target, template, title=f"Báo cáo {sentence(values['subject'])}".strip())
