"""The `xlpy` command line: validate, summary, report (workbook contract).

Exit status: 0 done, 1 the data has errors (nothing written), 2 the file could
not be read. No error ends in a traceback; the workbook is only ever read.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from xlpy.errors import WorkbookUnreadable, XlpyError
from xlpy.problems import Problem, has_errors

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Sổ quỹ Excel → kiểm tra dữ liệu, tổng hợp quỹ, xuất báo cáo.",
)

Workbook = Annotated[Path, typer.Argument(help="Tệp Excel sổ quỹ (.xlsx, .xlsm).", show_default=False)]


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise typer.BadParameter(f"'{value}' không phải ngày; dùng dạng 2022-04-20 hoặc 20/04/2022.")


AsOf = Annotated[str | None, typer.Option("--as-of", help="Ngày tổng hợp (mặc định: ngày báo cáo trong sổ).")]


def _load(workbook: Path):
    from xlpy.fund import load

    try:
        return load(workbook)
    except WorkbookUnreadable as exc:
        typer.echo(f"Không đọc được sổ: {exc}", err=True)
        raise typer.Exit(2) from None


def _print_problems(problems: list[Problem], err: bool = False) -> None:
    for problem in problems:
        typer.echo(str(problem), err=err)
    errors = sum(1 for p in problems if p.severity.name == "ERROR")
    warnings = len(problems) - errors
    typer.echo(f"Kết quả: {errors} lỗi, {warnings} cảnh báo.", err=err)


@app.command()
def validate(
    workbook: Workbook,
    mark: Annotated[
        bool,
        typer.Option(
            "--mark",
            help="Ghi kết quả vào chính tệp sổ: sheet 'Kiểm tra', tô màu ô sai "
            "(có bản sao lưu; không ghi khi sổ đang mở).",
        ),
    ] = False,
) -> None:
    """Kiểm tra mọi sheet; in mỗi vấn đề một dòng, kèm ô và mức độ (lỗi/cảnh báo)."""
    fund = _load(workbook)
    _print_problems(fund.problems)
    if mark:
        from xlpy.marks import mark as write_marks
        from xlpy.safe_write import WriteRefused

        try:
            backup = write_marks(workbook, fund.problems)
        except WriteRefused as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            typer.echo(f"Không ghi được vào sổ ({exc}); sổ được giữ nguyên.", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"Đã ghi kết quả vào sổ (sheet 'Kiểm tra'); bản cũ lưu ở {backup}.")
    raise typer.Exit(1 if has_errors(fund.problems) else 0)


@app.command()
def summary(
    workbook: Workbook,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON theo hợp đồng sổ quỹ.")] = False,
    as_of: AsOf = None,
) -> None:
    """Tổng thu, chi từ quỹ, tồn quỹ; theo năm và theo thành viên."""
    when = _as_of(as_of)
    fund = _load(workbook)
    if has_errors(fund.problems):
        _print_problems(fund.problems, err=True)
        typer.echo("Sổ còn lỗi nên chưa tổng hợp. Sửa các ô trên rồi chạy lại.", err=True)
        raise typer.Exit(1)
    result = fund.summary(when)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        from xlpy.tables import print_summary

        print_summary(result)


@app.command()
def report(
    workbook: Workbook,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="Tệp .docx cần ghi.")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Tạo thêm PDF bằng LibreOffice.")] = False,
) -> None:
    """Kiểm tra, tổng hợp rồi điền mẫu báo cáo (.docx, có thể kèm PDF)."""
    from xlpy import report as reports

    fund = _load(workbook)
    if has_errors(fund.problems):
        _print_problems(fund.problems, err=True)
        typer.echo("Sổ còn lỗi nên chưa xuất báo cáo (không ghi tệp nào). Sửa các ô trên rồi chạy lại.", err=True)
        raise typer.Exit(1)
    try:
        docx = reports.write(fund, out)
        typer.echo(f"Đã ghi báo cáo: {docx}")
    except reports.ReportError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"Không ghi được tệp báo cáo: {exc}. Kiểm tra thư mục và tệp có đang mở trong Word không.", err=True)
        raise typer.Exit(1) from None
    if pdf:  # the report is written either way: a missing PDF is a warning, not a failure
        try:
            typer.echo(f"Đã ghi PDF: {reports.to_pdf(docx)}")
        except reports.ReportError as exc:
            typer.echo(f"Cảnh báo: {exc}", err=True)


@app.command()
def init(
    workbook: Annotated[Path, typer.Argument(help="Tệp sổ mới (.xlsm có nút bấm, hoặc .xlsx).", show_default=False)],
) -> None:
    """Tạo sổ quỹ mới, trống, cho một cơ quan (bảng điều khiển và nút bấm nếu là .xlsm)."""
    from xlpy import safe_write
    from xlpy.book import open_book
    from xlpy.layout import new_workbook

    if workbook.suffix.lower() not in (".xlsm", ".xlsx"):
        typer.echo("Tên tệp phải kết thúc bằng .xlsm (có nút bấm) hoặc .xlsx.", err=True)
        raise typer.Exit(1)
    if workbook.exists():
        typer.echo(f"Đã có tệp '{workbook}'. Không ghi đè: chọn tên khác.", err=True)
        raise typer.Exit(1)
    folder = workbook.resolve().parent
    if not folder.is_dir():
        typer.echo(f"Không có thư mục '{folder}'.", err=True)
        raise typer.Exit(1)
    # Written beside, read back, and only then given the name (xlpy.safe_write).
    safe_write.replace(workbook, new_workbook, open_book)
    typer.echo(f"Đã tạo sổ mới: {workbook}. Mở bằng Excel, điền sheet 'Cài đặt' và 'Thành viên'.")


@app.command()
def rollup(
    folder: Annotated[Path, typer.Argument(help="Thư mục chứa sổ quỹ của các đơn vị (đọc cả thư mục con).")],
    out: Annotated[
        Path | None, typer.Option("-o", "--output", help="Bảng tổng hợp .xlsx (mặc định: cạnh thư mục).")
    ] = None,
    report_out: Annotated[Path | None, typer.Option("--report", help="Báo cáo tổng hợp .docx.")] = None,
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON (không ghi bảng tổng hợp nếu không có -o).")] = False,
) -> None:
    """Tổng hợp sổ quỹ của nhiều đơn vị: bảng .xlsx, báo cáo .docx; sổ có lỗi được liệt kê, không cộng."""
    from xlpy.rollup_out import command

    raise typer.Exit(
        command(folder, out, report_out, _as_of(as_of), as_json, typer.echo, lambda t: typer.echo(t, err=True))
    )


def run(argv: list[str] | None = None) -> int:
    """Run the command line on `argv` (default: sys.argv) and return its exit status.

    The one place where failures become messages: an XlpyError prints its
    message and exits with its status; anything else (a bug) still ends in a
    Vietnamese line, never a traceback.
    """
    try:
        app(args=argv, prog_name="xlpy")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except XlpyError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_status
    except Exception as exc:  # the promise: no traceback, whatever the input
        print(
            f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Sổ không bị thay đổi. "
            "Hãy gửi tệp Excel và dòng này cho người phụ trách kỹ thuật.",
            file=sys.stderr,
        )
        return 2
    return 0


def main() -> None:
    # pandera imports hypothesis, when installed, for data synthesis the command
    # line never uses: 60 ms of every run. Blocked here, in the command line's
    # own process only (tests import it first and keep it).
    sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]
    for stream in (sys.stdout, sys.stderr):  # Vietnamese on a Windows console
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    sys.exit(run())
