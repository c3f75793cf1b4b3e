"""The `xlpy` command line: validate, summary, report, init, excel-setup (workbook contract).

Exit status: 0 done, 1 the data has errors or a write was refused (nothing
written), 2 the file could not be read, 3 the command was typed wrongly
(nothing written; an option the data rules out, a `--period` with no data,
is found after the read). No error ends in a traceback; the workbook is
written only by the commands and options that say so (`--mark`, `vouchers`,
`init`, `excel-setup`).
Help, usage lines and usage errors are in Vietnamese (xlpy.usage).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from typer import _click as click

from xlpy import outcome, usage
from xlpy.errors import DataHasErrors, UsageError, WorkbookUnreadable, WriteRefused, XlpyError
from xlpy.problems import Problem

app = usage.App(
    cls=usage.Group,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": usage.HELP_NAMES},
    epilog="Xem hướng dẫn của từng lệnh: xlpy TÊN-LỆNH --help (ví dụ: xlpy report --help).",
)

Workbook = Annotated[Path, typer.Argument(help="Tệp Excel sổ quỹ (.xlsx, .xlsm).", metavar="SỔ", show_default=False)]

_READ = "0 không có lỗi (có thể có cảnh báo); 1 sổ có lỗi; 2 không đọc được tệp; 3 gõ lệnh chưa đúng."


def _statuses(text: str) -> str:
    """The epilog of a command: its exit statuses, in Vietnamese."""
    return f"Mã thoát (cho người viết script): {text}"


def _as_of(value: str | None, option: str = "--as-of") -> date | None:
    """A date option: a date (xlpy.dates.parse_date) in the years xlpy accepts, else UsageError (exit status 3)."""
    from xlpy.dates import YEARS, in_range, parse_date

    if value is None:
        return None
    day = parse_date(value.strip())
    if day is None:
        raise UsageError(
            f"{option} '{value}' không phải ngày. Dùng dạng 2022-04-20 (năm-tháng-ngày) "
            "hoặc 20/04/2022 (ngày trước, tháng sau). Thêm --help sau tên lệnh để xem hướng dẫn."
        )
    if not in_range(day):
        raise UsageError(f"{option} '{value}' nằm ngoài khoảng {YEARS}; dùng một ngày trong khoảng đó.")
    return day


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="NGÀY",
        help="Ngày tổng hợp, viết 2022-04-20 (năm-tháng-ngày) hoặc 20/04/2022, 20-4-2022, 20.4.2022 "
        "(luôn ngày trước, tháng sau). Mặc định: ngày báo cáo ở sheet 'Cài đặt'.",
    ),
]


Force = Annotated[bool, typer.Option("--force", help="Ghi đè tệp -o đã có (mặc định: không bao giờ ghi đè).")]


def _version(value: bool) -> None:
    if value:
        from xlpy import __version__

        typer.echo(f"xlpy {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", help="In số phiên bản của xlpy rồi thoát.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Sổ quỹ Excel → kiểm tra dữ liệu, tổng hợp quỹ, xuất báo cáo. Mọi lệnh chạy được khi không có Excel."""


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
    typer.echo(f"Kết quả: {outcome.tally(problems)}.", err=err)


@app.command(epilog=_statuses(_READ + " Với --mark: 1 cả khi không ghi được vào sổ."))
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
    from xlpy.safe_write import stamp

    read_as = stamp(workbook)  # before reading: the marks go into this version or nowhere
    fund = _load(workbook)
    _print_problems(fund.problems)
    if mark:
        from xlpy.marks import mark as write_marks

        try:
            backup = write_marks(workbook, fund.problems, read_as)
        except OSError as exc:
            typer.echo(f"Không ghi được vào sổ ({exc}); sổ được giữ nguyên.", err=True)
            raise typer.Exit(1) from None
        if backup is None:
            typer.echo("Kết quả trong sổ đã đúng như lần này; không cần ghi lại.")
        else:
            typer.echo(f"Đã ghi kết quả vào sổ (sheet kiểm tra); bản cũ lưu ở {backup}.")
    raise typer.Exit(1 if outcome.has_errors(fund.problems) else 0)


@app.command(epilog=_statuses(_READ))
def summary(
    workbook: Workbook,
    as_json: Annotated[
        bool, typer.Option("--json", help="In JSON theo hợp đồng sổ quỹ (docs/workbook-contract.md).")
    ] = False,
    as_of: AsOf = None,
) -> None:
    """Tổng thu, chi từ quỹ, tồn quỹ; theo năm và theo thành viên."""
    when = _as_of(as_of)
    fund = _load(workbook)
    try:
        outcome.refuse_on_errors(fund.problems, outcome.SUMMARY)
    except DataHasErrors as exc:
        _refused(exc)
    used = outcome.date_used(fund.settings.report_date, when)
    result = fund.summary(used.day)
    if as_json:  # stdout stays the contract's JSON; the sentences go to stderr
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        from xlpy.console import print_summary

        print_summary(result)
    typer.echo(str(used), err=as_json)
    if used.warning:
        typer.echo(f"Cảnh báo: {used.warning}", err=True)
    typer.echo(outcome.remaining(fund.problems, outcome.validate_command(workbook)), err=as_json)


@app.command(
    epilog=_statuses(
        "0 đã ghi báo cáo (thiếu LibreOffice thì chỉ có .docx và một cảnh báo); 1 sổ có lỗi hoặc "
        "không ghi được (không ghi tệp nào); 2 không đọc được tệp; 3 gõ lệnh chưa đúng."
    )
)
def report(
    workbook: Workbook,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="TỆP.docx",
            help="Tệp báo cáo cần ghi. Mặc định: cạnh tệp sổ, tên theo số và ngày báo cáo; không ghi đè.",
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Tạo thêm PDF bằng LibreOffice (nếu máy có cài LibreOffice).")
    ] = False,
    force: Force = False,
) -> None:
    """Kiểm tra, tổng hợp rồi điền mẫu báo cáo (.docx, có thể kèm PDF)."""
    if out is not None:  # checked before the work: the workbook is never an output
        from xlpy.safe_write import report_target

        out = report_target(out, workbook, force, pdf)
    fund = _load(workbook)
    try:
        written = outcome.write_report(fund, out, pdf, force)
    except DataHasErrors as exc:
        _refused(exc, "Không ghi tệp nào.")
    typer.echo(f"Đã ghi báo cáo: {written.docx}")
    if written.pdf:
        typer.echo(f"Đã ghi PDF: {written.pdf}")
    if written.pdf_failed:  # the report is written either way: a missing PDF is a warning, not a failure
        typer.echo(f"Cảnh báo: {written.pdf_failed}", err=True)
    typer.echo(outcome.remaining(fund.problems, outcome.validate_command(workbook)))


def _refused(exc: DataHasErrors, done: str = "") -> NoReturn:
    _print_problems(exc.problems, err=True)
    typer.echo(" ".join(filter(None, [exc.message, done, "Sửa các ô trên rồi chạy lại."])), err=True)
    raise typer.Exit(1)


@app.command(
    epilog=_statuses("0 đã tạo sổ; 1 không tạo (tệp đã có, sai đuôi tệp, không có thư mục); 3 gõ lệnh chưa đúng.")
)
def init(
    workbook: Annotated[
        Path,
        typer.Argument(help="Tệp sổ mới (.xlsm có nút bấm, hoặc .xlsx).", metavar="SỔ-MỚI", show_default=False),
    ],
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


@app.command(
    "excel-setup",
    epilog=_statuses(
        "0 đã ghi; 1 không ghi (sổ đang mở trong Excel, không phải .xlsm, dạng Strict); "
        "2 không đọc được tệp; 3 gõ lệnh chưa đúng."
    ),
)
def excel_setup(
    workbook: Annotated[
        Path, typer.Argument(help="Sổ có nút bấm (.xlsm), đã đóng trong Excel.", metavar="SỔ", show_default=False)
    ],
) -> None:
    """Ghi vào sổ đường dẫn tới Python đang chạy lệnh này, để nút bấm trong Excel chạy đúng Python có xlpy.

    Chạy một lần sau khi cài xlpy (và sau mỗi lần cài lại Python). Sổ được sao lưu trước khi ghi;
    chỉ sheet ẩn 'xlwings.conf' thay đổi.
    """
    from xlpy.excel_setup import setup

    values, backup = setup(workbook)
    typer.echo(f"Đã ghi sheet ẩn 'xlwings.conf' vào sổ {workbook}:")
    for key, value in values.items():
        typer.echo(f"  {key} = {value}")
    if not any(key.startswith("INTERPRETER") for key in values):
        typer.echo("Máy này không phải Windows hay Mac: chưa ghi đường dẫn Python (chạy lại lệnh trên máy có Excel).")
    if backup:
        typer.echo(f"Bản cũ lưu ở {backup}.")
    typer.echo("Mở sổ bằng Excel, bấm Bật nội dung (Enable Content), rồi bấm các nút ở sheet 'Bảng điều khiển'.")


@app.command(
    "vouchers",
    epilog=_statuses(
        "0 đã ghi phiếu (hoặc in JSON); 1 sổ có lỗi hoặc không ghi được (không cấp số, không ghi tệp); "
        "2 không đọc được tệp; 3 gõ lệnh chưa đúng."
    ),
)
def vouchers_command(
    workbook: Workbook,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="NGÀY", help="Từ ngày, viết 2022-04-01 hoặc 01/04/2022 (mặc định: phiếu đầu tiên)."
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="NGÀY", help="Đến ngày, viết 2022-04-30 hoặc 30/04/2022 (mặc định: phiếu cuối cùng)."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="THƯ-MỤC", help="Thư mục ghi phiếu (mặc định: cạnh sổ)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Chỉ in danh sách phiếu (JSON), không ghi gì.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Tạo thêm PDF bằng LibreOffice.")] = False,
) -> None:
    """Phiếu thu, phiếu chi (mẫu C40-BB, C41-BB): cấp số phiếu một lần, ghi vào sổ, in mỗi phiếu một trang."""
    from xlpy import vouchers as vouchers_module
    from xlpy.book import open_book
    from xlpy.package import write_cells

    first, last = _as_of(start, "--from"), _as_of(end, "--to")
    if first and last and first > last:
        raise UsageError(f"--from {first:%d/%m/%Y} sau --to {last:%d/%m/%Y}: đổi chỗ hai ngày rồi chạy lại.")
    from xlpy.safe_write import folder_for_files, stamp

    read_as = stamp(workbook)  # before reading: the numbers go into this version or nowhere
    fund = _clean_fund(workbook, outcome.VOUCHERS, "Không ghi tệp, không cấp số phiếu.")
    chosen = vouchers_module.for_period(fund, first, last)
    if as_json:
        zero_tens = fund.settings.zero_tens or "linh"
        typer.echo(json.dumps([v.to_dict(zero_tens) for v in chosen], ensure_ascii=False, indent=2))
        return
    if not chosen:
        typer.echo("Không có phiếu thu, phiếu chi nào trong khoảng ngày này.")
        return
    folder = out or workbook.resolve().parent
    if folder.exists() and not folder.is_dir():
        typer.echo(f"'{folder}' không phải thư mục: -o là thư mục để ghi phiếu.", err=True)
        raise typer.Exit(1)
    folder_for_files(folder)  # before a number goes into the workbook
    # Numbers first: a voucher is printed only with a number the workbook keeps.
    cells = vouchers_module.cells_to_store(open_book(workbook), chosen)
    new = sum(1 for v in chosen if not v.stored)
    try:
        backup = write_cells(workbook, cells, read_as=read_as) if cells else None
        written = vouchers_module.write(fund, chosen, folder)
    except OSError as exc:
        typer.echo(f"Không ghi được ({exc}). Kiểm tra thư mục, và tệp có đang mở không.", err=True)
        raise typer.Exit(1) from None
    if backup:
        typer.echo(f"Đã cấp số cho {new} phiếu và ghi vào cột 'Số phiếu' của sổ; bản cũ lưu ở {backup}.")
    if warning := vouchers_module.passed_over(fund, chosen):
        typer.echo(warning, err=True)
    for path in written:
        typer.echo(f"Đã ghi phiếu: {path}")
    if pdf:
        _say_pdfs(outcome.pdfs_of(written))


def _say_pdfs(pdfs: outcome.Pdfs) -> None:
    for path in pdfs.written:
        typer.echo(f"Đã ghi PDF: {path}")
    if pdfs.failed:  # the documents are written either way: a missing PDF is a warning
        typer.echo(f"Cảnh báo: {pdfs.failed}", err=True)


def _clean_fund(workbook: Path, purpose: str, done: str = "Không ghi tệp nào."):
    """The fund, or exit 1 with its problems: no document is made from data with errors."""
    fund = _load(workbook)
    try:
        outcome.refuse_on_errors(fund.problems, purpose)
    except DataHasErrors as exc:
        _refused(exc, done)
    return fund


@app.command(
    epilog=_statuses(
        "0 đã ghi sổ quỹ (hoặc in JSON); 1 sổ có lỗi hoặc không ghi được; 2 không đọc được tệp; 3 gõ lệnh chưa đúng."
    )
)
def cashbook(
    workbook: Workbook,
    year: Annotated[
        int | None, typer.Option("--year", metavar="NĂM", help="Năm của sổ (mặc định: năm của ngày tổng hợp).")
    ] = None,
    out: Annotated[Path | None, typer.Option("-o", "--output", metavar="TỆP.xlsx", help="Tệp .xlsx cần ghi.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON thay vì ghi tệp.")] = False,
    as_of: AsOf = None,
) -> None:
    """Sổ quỹ tiền mặt của một năm: từng phiếu thu, chi, tồn quỹ; cộng tháng, cộng năm."""
    from xlpy import cashbook as cash
    from xlpy import report as reports
    from xlpy.cashbook_sheet import default_name, write_xlsx
    from xlpy.money import dong

    when, year = _as_of(as_of), cash.check_year(year)  # before the workbook is read
    fund = _clean_fund(workbook, outcome.CASHBOOK)
    book = cash.for_fund(fund, year, when)
    if as_json:
        typer.echo(json.dumps(book.to_dict(), ensure_ascii=False, indent=2))
        return
    target = reports.output_path(fund, out, default_name(book))  # an existing .xlsx is never overwritten
    try:
        write_xlsx(book, fund.settings.unit, target)
    except OSError as exc:
        raise WriteRefused(f"Không ghi được sổ quỹ '{target}': {exc}.") from exc
    typer.echo(f"Đã ghi sổ quỹ năm {book.year}: {target} (tồn cuối kỳ {dong(book.closing)}).")
    if book.below_zero():
        typer.echo(book.below_zero(), err=True)


@app.command(
    epilog=_statuses(
        "0 đã ghi bảng công khai (thiếu LibreOffice thì chỉ có .docx và một cảnh báo); 1 sổ có lỗi hoặc "
        "không ghi được; 2 không đọc được tệp; 3 gõ lệnh chưa đúng."
    )
)
def statement(
    workbook: Workbook,
    period: Annotated[
        str,
        typer.Option("--period", metavar="KỲ", help="Bắt buộc: năm (2021) hoặc quý (2021-Q3).", show_default=False),
    ],
    out: Annotated[Path | None, typer.Option("-o", "--output", metavar="TỆP.docx", help="Tệp .docx cần ghi.")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Tạo thêm PDF bằng LibreOffice.")] = False,
    as_of: AsOf = None,
    force: Force = False,
) -> None:
    """Bảng công khai thu, chi quỹ của một quý hoặc một năm (.docx, có thể kèm PDF)."""
    from xlpy import statement as statements

    when, chosen = _as_of(as_of), statements.parse_period(period)
    fund = _clean_fund(workbook, outcome.STATEMENT)
    result = statements.build(fund, chosen, when)
    try:
        docx = statements.write(fund, result, out, force, pdf)
    except OSError as exc:
        raise WriteRefused(f"Không ghi được bảng công khai: {exc}. Kiểm tra thư mục và tệp có đang mở không.") from exc
    typer.echo(f"Đã ghi bảng công khai {chosen.label}: {docx}")
    if pdf:  # as for the report: a missing PDF is a warning, the .docx stays
        _say_pdfs(outcome.pdfs_of([docx]))


@app.command(
    epilog=_statuses(
        "0 mọi đơn vị được tổng hợp; 1 có đơn vị bị loại vì lỗi hoặc không đọc được (vẫn ghi bảng tổng hợp) "
        "hoặc không ghi được; 2 không có thư mục; 3 gõ lệnh chưa đúng hoặc thư mục không có sổ nào."
    )
)
def rollup(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Thư mục chứa sổ quỹ của các đơn vị (đọc cả thư mục con).", metavar="THƯ-MỤC", show_default=False
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="TỆP.xlsx", help="Bảng tổng hợp .xlsx (mặc định: cạnh thư mục)."),
    ] = None,
    report_out: Annotated[
        Path | None, typer.Option("--report", metavar="TỆP.docx", help="Báo cáo tổng hợp .docx.")
    ] = None,
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
        status = app(args=argv, prog_name="xlpy", standalone_mode=False)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except click.exceptions.ClickException as exc:  # typed wrongly: said in Vietnamese, nothing was read
        print(usage.explain(exc), file=sys.stderr)
        return UsageError.exit_status
    except typer.Abort:
        print("Đã dừng.", file=sys.stderr)
        return 1
    except XlpyError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_status
    except OSError as exc:  # writing an output (a file, the screen) failed: the file system's words, explained
        from xlpy.causes import explain

        print("Không ghi được: " + explain(exc, "Sổ không bị thay đổi."), file=sys.stderr)
        try:
            sys.stdout.flush()
        except OSError:  # the output itself failed (a full disk, a closed pipe): said once, not again at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # the promise: no traceback, whatever the input
        print(
            f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Sổ không bị thay đổi. "
            "Hãy gửi tệp Excel và dòng này cho người phụ trách kỹ thuật.",
            file=sys.stderr,
        )
        return 2
    if status == INTERRUPTED:
        print("Đã dừng.", file=sys.stderr)
        return 1
    return status if isinstance(status, int) else 0


INTERRUPTED = 130  # what typer returns for a Ctrl-C during a command (it catches KeyboardInterrupt itself)


def main() -> None:
    # pandera imports hypothesis, when installed, for data synthesis the command
    # line never uses: 60 ms of every run. Blocked here, in the command line's
    # own process only (tests import it first and keep it).
    sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]
    for stream in (sys.stdout, sys.stderr):  # Vietnamese on a Windows console
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    sys.exit(run())
