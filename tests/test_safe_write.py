"""Writes to the clerk's files: all or nothing, through links, with the file's mode, never over
an open workbook, never two at once, a backup only when something changed, five kept."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import SAMPLE, apply_edits, build_small, run_cli, sha256, xlpy_command
from test_macro_workbook import button_macros, code_lines, modules

from xlpy import cli, marks, package, panel, safe_write
from xlpy.errors import WriteRefused
from xlpy.fund import load
from xlpy.problems import Problem, Severity


@pytest.fixture
def broken(small) -> Path:
    """The small workbook with an amount typed as text: one error at 'T02-2022'!C5."""
    return small({("T02-2022", "C5"): "50.000"}, name="so-quy.xlsx")


def backups(path: Path) -> list[Path]:
    folder = Path(os.path.realpath(path)).parent / safe_write.BACKUP_FOLDER
    return sorted(folder.iterdir()) if folder.is_dir() else []


def check_sheet(path: Path):
    book = openpyxl.load_workbook(path)
    return next(sheet for sheet in book.worksheets if sheet["E1"].value == panel.CHECK_MARK)


def test_mark_writes_the_check_sheet_and_colours_keeping_macros_and_buttons(tmp_path):
    path = tmp_path / "so-quy.xlsm"
    shutil.copy(SAMPLE.with_suffix(".xlsm"), path)
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["T03-2019"]["C5"] = "50.000"
    book.save(path)
    edited = sha256(path)
    result = run_cli("validate", path, "--mark")
    assert result.returncode == 1 and "Đã ghi kết quả vào sổ" in result.stdout
    assert [sha256(p) for p in backups(path)] == [edited] and safe_write.BACKUP_FOLDER in result.stdout
    marked = openpyxl.load_workbook(path)
    assert marked.sheetnames[-1] == panel.CHECK_SHEET  # appended: no sheet index of a defined name moves
    rows = list(check_sheet(path).iter_rows(min_row=4, values_only=True))
    assert rows[0][:3] == ("lỗi", "T03-2019", "C5")
    assert marked["T03-2019"]["C5"].fill.fgColor.rgb.endswith(panel.ERROR_FILL.lstrip("#"))
    assert code_lines(modules(path)["Module1"]) == code_lines(modules(SAMPLE.with_suffix(".xlsm"))["Module1"])
    assert button_macros(path) == [(c, m) for c, m, _ in panel.BUTTONS]
    # Fixed (by hand, as openpyxl saves) and marked again: the cell's style is back, the list is empty.
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["T03-2019"]["C5"] = 50_000
    book.save(path)
    assert run_cli("validate", path, "--mark").returncode == 0
    again = openpyxl.load_workbook(path)
    assert again["T03-2019"]["C5"].fill.fill_type is None
    assert again.sheetnames.count(panel.CHECK_SHEET) == 1 and check_sheet(path).max_row == 3
    assert len(backups(path)) == 2


def test_nothing_is_written_nor_backed_up_when_nothing_changes(broken):
    assert run_cli("validate", broken, "--mark").returncode == 1
    after_first = sha256(broken)
    result = run_cli("validate", broken, "--mark")
    assert result.returncode == 1 and "không cần ghi lại" in result.stdout
    assert sha256(broken) == after_first and len(backups(broken)) == 1


def test_backups_keep_the_last_five(broken):
    problems = load(broken).problems
    seen = []
    for n in range(7):  # each run lists something new: each one changes the workbook
        extra = Problem("Thành viên", 4 + n % 2, "B", Severity.WARNING, f"lần {n}")
        seen.append(sha256(broken))
        assert marks.mark(broken, [*problems, extra]) is not None
    kept = backups(broken)
    assert len(kept) == safe_write.KEEP_BACKUPS
    assert [sha256(p) for p in kept] == seen[-safe_write.KEEP_BACKUPS :]  # the newest five, oldest first


def test_a_backup_cut_short_by_a_full_disk_is_never_kept_nor_counted(broken):
    """Five good backups, then backups that fail for want of room (RLIMIT_FSIZE in a child, as a full
    disk): no partial copy is left in the folder, the good five stay, the workbook is unchanged."""
    import subprocess
    import sys

    for n in range(safe_write.KEEP_BACKUPS):
        extra = Problem("Thành viên", 4 + n % 2, "B", Severity.WARNING, f"lần {n}")
        assert marks.mark(broken, [*load(broken).problems, extra]) is not None
    good, before = [sha256(p) for p in backups(broken)], sha256(broken)
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from xlpy import safe_write\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "try:\n"
        "    safe_write.backup(Path(sys.argv[1]))\n"
        "except OSError:\n"
        "    sys.exit(3)\n"
    )
    for _ in range(3):
        child = subprocess.run([sys.executable, "-c", script, str(broken)], capture_output=True, timeout=60)
        assert child.returncode == 3, child.stderr
    folder = broken.parent / safe_write.BACKUP_FOLDER
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in backups(broken))
    assert [sha256(p) for p in backups(broken)] == good and sha256(broken) == before


@pytest.mark.parametrize(
    "owner, program",
    [(safe_write.owner_file, "Excel"), (safe_write.lo_lock_file, "LibreOffice")],
)
def test_no_write_while_excel_or_libreoffice_has_the_workbook_open(broken, owner, program):
    before = sha256(broken)
    owner(broken).write_bytes(b"owner")
    result = run_cli("validate", broken, "--mark")
    assert result.returncode == 1 and f"đang mở trong {program}" in result.stderr
    assert sha256(broken) == before and not backups(broken)


def test_a_read_only_workbook_is_refused_and_left_as_it_is(broken):
    before = sha256(broken)
    broken.chmod(0o444)
    result = run_cli("validate", broken, "--mark")
    assert result.returncode == 1 and "chỉ cho đọc" in result.stderr
    assert "Lỗi không mong đợi" not in result.stderr
    assert sha256(broken) == before and stat.S_IMODE(broken.stat().st_mode) == 0o444


def test_a_read_only_folder_is_refused(broken):
    before = sha256(broken)
    broken.parent.chmod(0o555)
    try:
        result = run_cli("validate", broken, "--mark")
    finally:
        broken.parent.chmod(0o755)
    assert result.returncode == 1 and "quyền ghi vào thư mục" in result.stderr
    assert sha256(broken) == before


def test_the_file_keeps_its_mode(broken):
    broken.chmod(0o640)
    assert run_cli("validate", broken, "--mark").returncode == 1
    assert stat.S_IMODE(broken.stat().st_mode) == 0o640 and len(backups(broken)) == 1


def test_a_link_is_written_through_and_stays_a_link(broken, tmp_path):
    link = tmp_path / "lối tắt.xlsx"
    link.symlink_to(broken)
    result = run_cli("validate", link, "--mark")
    assert result.returncode == 1, result.stderr
    assert link.is_symlink() and link.resolve() == broken.resolve()
    assert openpyxl.load_workbook(broken).sheetnames[-1] == panel.CHECK_SHEET  # the real workbook got the marks
    assert backups(broken) and backups(broken)[0].parent.parent == broken.parent


def test_four_runs_at_once_end_in_success_or_a_clean_refusal(small):
    path = small({("T02-2022", "A5"): " TV02 "}, name="so-quy.xlsx")  # a warning: a successful run exits 0
    statuses: list[int] = []
    out, err = io.StringIO(), io.StringIO()

    def run() -> None:
        statuses.append(cli.run(["validate", str(path), "--mark"]))

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(statuses) and set(statuses) <= {0, 1}, err.getvalue()
    assert "Lỗi không mong đợi" not in err.getvalue() + out.getvalue()
    assert 0 in statuses and len(backups(path)) == 1  # one wrote; the others found it already done
    assert [n for n in os.listdir(path.parent) if "xlpy-tmp" in n] == []
    assert openpyxl.load_workbook(path).sheetnames.count(panel.CHECK_SHEET) == 1


def test_a_second_writer_that_cannot_get_the_lock_is_refused(broken, monkeypatch):
    monkeypatch.setattr(safe_write, "LOCK_WAIT", 0.05)
    before = sha256(broken)
    with safe_write._lock(Path(os.path.realpath(broken))), pytest.raises(WriteRefused, match="đang ghi"):
        marks.mark(broken, load(broken).problems)
    assert sha256(broken) == before


@pytest.mark.parametrize("where", ["save", "backup", "replace"])
def test_an_interrupted_write_leaves_the_original_intact(broken, monkeypatch, where):
    before = sha256(broken)
    problems = load(broken).problems
    if where == "save":
        original = package.Package.save

        def half_then_crash(self, target):
            original(self, target)
            with open(target, "r+b") as handle:  # the disk filled up half-way
                handle.truncate(os.path.getsize(target) // 2)
            raise OSError("No space left on device")

        monkeypatch.setattr(package.Package, "save", half_then_crash)
    elif where == "backup":  # the copy of the workbook kept before the replace fails
        monkeypatch.setattr(safe_write.shutil, "copy2", lambda *a: (_ for _ in ()).throw(OSError("disk")))
    else:
        monkeypatch.setattr(safe_write.os, "replace", lambda *a: (_ for _ in ()).throw(OSError("killed")))
    with pytest.raises(OSError):
        marks.mark(broken, problems)
    assert sha256(broken) == before
    assert not [p for p in broken.parent.iterdir() if "xlpy-tmp" in p.name]
    assert load(broken).problems == problems


@pytest.mark.parametrize(
    "sheet, cell, words",
    [("T02-2022", "C4", "giá trị ô"), ("T02-2022", "C40", "giá trị ô"), ("T01-2022", "C4", "làm đổi phần")],
)
def test_a_write_that_would_change_a_value_is_refused(broken, monkeypatch, sheet, cell, words):
    """The check before the replace: a writer that touched a value is caught, the workbook kept."""
    before = sha256(broken)
    original = package.Package.save

    def sloppy(self, target):
        part = next(s.part for s in self.sheets() if s.name == sheet)
        package.set_cells(self.xml(part), {cell: 1})
        self.touch(part)
        original(self, target)

    monkeypatch.setattr(package.Package, "save", sloppy)
    with pytest.raises(WriteRefused, match=words):
        marks.mark(broken, load(broken).problems)
    assert sha256(broken) == before and not backups(broken)


# --- the report's output -----------------------------------------------------------
@pytest.fixture
def clean(small) -> Path:
    return small(name="SỔ.xlsx")


def test_report_never_writes_over_the_workbook(clean):
    before = sha256(clean)
    for out in (clean, clean.with_name("SỔ.XLSX"), clean.parent / "." / "SỔ.xlsx"):
        result = run_cli("report", clean, "-o", out)
        assert result.returncode == 1 and "Lỗi không mong đợi" not in result.stderr, result.stderr
        assert sha256(clean) == before
    link = clean.with_name("bao-cao.docx")
    link.symlink_to(clean)
    result = run_cli("report", clean, "-o", link, "--force")
    assert result.returncode == 1 and "sổ Excel" in result.stderr and sha256(clean) == before


def test_report_output_must_be_a_docx_and_is_kept_unless_forced(clean, tmp_path):
    other = build_small(tmp_path / "khac.xlsx")
    assert run_cli("report", clean, "-o", other).returncode == 1
    existing = tmp_path / "bao-cao.docx"
    existing.write_bytes(b"the clerk's own letter")
    result = run_cli("report", clean, "-o", existing)
    assert result.returncode == 1 and "--force" in result.stderr
    (tmp_path / "thu.pdf").write_bytes(b"%PDF the clerk's own")  # with --pdf, the PDF is an output too
    result = run_cli("report", clean, "-o", tmp_path / "thu.docx", "--pdf")
    assert result.returncode == 1 and "thu.pdf" in result.stderr and not (tmp_path / "thu.docx").exists()
    assert existing.read_bytes() == b"the clerk's own letter"
    owner = existing.with_name("~$" + existing.name[2:])  # Word's owner file of a long name
    owner.write_bytes(b"owner")
    result = run_cli("report", clean, "-o", existing, "--force")
    assert result.returncode == 1 and "đang mở trong Word" in result.stderr
    owner.unlink()
    assert run_cli("report", clean, "-o", existing, "--force").returncode == 0
    assert zipfile.is_zipfile(existing)


def test_a_package_the_writer_cannot_follow_is_refused_not_a_crash(broken):
    with zipfile.ZipFile(broken) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet4.xml"  # T02-2022: the marked cell's style index is not a number
    parts[sheet] = parts[sheet].replace(b'<c r="C5" s="', b'<c r="C5" s="x', 1)
    with zipfile.ZipFile(broken, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    before = sha256(broken)
    result = run_cli("validate", broken, "--mark")
    assert result.returncode == 1 and "Không ghi được vào 'so-quy.xlsx' (ValueError" in result.stderr, result.stderr
    assert sha256(broken) == before and not backups(broken)


def test_a_backup_folder_that_is_a_link_is_refused_and_what_it_points_to_untouched(broken, tmp_path):
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    precious = [elsewhere / f"{broken.stem}.2020010{i}-000000-000000.xlsx" for i in range(7)]
    for path in precious:
        path.write_text("quý")
    (broken.parent / safe_write.BACKUP_FOLDER).symlink_to(elsewhere)
    digest = sha256(broken)
    result = run_cli("validate", broken, "--mark")
    assert result.returncode == 1 and "liên kết" in result.stderr and safe_write.BACKUP_FOLDER in result.stderr
    assert sha256(broken) == digest and sorted(elsewhere.iterdir()) == precious


def test_a_dangling_link_or_a_file_as_the_backup_folder_is_explained(broken):
    folder = broken.parent / safe_write.BACKUP_FOLDER
    folder.symlink_to(broken.parent / "khong-co")
    result = run_cli("validate", broken, "--mark")
    assert result.returncode == 1 and "trỏ tới nơi không có" in result.stderr and "Errno" not in result.stderr
    folder.unlink()
    folder.write_text("x")
    result = run_cli("validate", broken, "--mark")
    assert result.returncode == 1 and "là một tệp" in result.stderr


def test_pruning_deletes_only_this_workbooks_own_backup_files(broken):
    folder = broken.parent / safe_write.BACKUP_FOLDER
    folder.mkdir()
    old = [folder / f"{broken.stem}.2020010{i}-000000-000000{broken.suffix}" for i in range(6)]
    for path in old:
        path.write_text("cũ")
    kept = [
        folder / f"{broken.stem}.20190101-000000-000000{broken.suffix}",  # named as a backup, a folder
        folder / f"khac.20190101-000000-000000{broken.suffix}",  # another workbook's
        folder / f"{broken.stem}.20190102-000000-000000.xlsm",  # the .xlsm of the same name
    ]
    kept[0].mkdir()
    for path in kept[1:]:
        path.write_text("khác")
    assert run_cli("validate", broken, "--mark").returncode == 1
    assert all(path.exists() for path in kept)
    assert [p for p in old if p.exists()] == old[-4:]  # with the new one: five of this workbook's


@pytest.mark.parametrize("command", [["report"], ["statement", "--period", "2022"]])
@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_a_pdf_beside_the_document_that_links_to_the_workbook_is_refused_even_with_force(
    small, tmp_path, command, link
):
    """LibreOffice writes the PDF through a link into the file it names: with `-o X.docx --pdf --force`
    and X.pdf a link to the workbook, the workbook became a PDF. Every file a document writes is checked."""
    book = small()
    before = sha256(book)
    pdf = tmp_path / "x.pdf"
    pdf.symlink_to(book) if link == "symbolic" else os.link(book, pdf)
    result = run_cli(*command, book, "-o", tmp_path / "x.docx", "--pdf", "--force")
    assert result.returncode == 1 and "không ghi đè lên sổ" in result.stderr
    assert sha256(book) == before and not (tmp_path / "x.docx").exists()
    pdf.unlink()
    (tmp_path / "other.pdf").write_bytes(b"%PDF-1.4 another document")
    pdf.symlink_to(tmp_path / "other.pdf")
    result = run_cli(*command, book, "-o", tmp_path / "x.docx", "--pdf", "--force")
    assert result.returncode == 1 and "liên kết" in result.stderr
    assert (tmp_path / "other.pdf").read_bytes() == b"%PDF-1.4 another document"


@pytest.mark.parametrize("among", ["cellXfs", "fills"])
def test_a_comment_among_the_cell_formats_is_refused_not_a_crash(small, tmp_path, among):
    """lxml crashed the process (c14n of a comment) and Excel's indices count elements only: a
    styles part with a comment among its formats is refused, the workbook and its folder untouched."""
    book = small({("T02-2022", "C4"): -5})

    def comment(data: bytes) -> bytes:
        end = data.index(b">", data.index(f"<{among} ".encode())) + 1
        return data[:end] + b"<!-- formats -->" + data[end:]

    _rewrite_part(book, "xl/styles.xml", comment)
    before, listing = sha256(book), sorted(p.name for p in book.parent.iterdir())
    result = run_cli("validate", book, "--mark")
    assert result.returncode == 1 and "chú thích XML" in result.stderr
    assert sha256(book) == before and sorted(p.name for p in book.parent.iterdir()) == listing


def _rewrite_part(book: Path, name: str, change) -> None:
    """The workbook with one part's bytes changed by `change`, every other part as it was."""
    rewritten = book.with_name("rewritten.xlsx")
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == name else data)
    shutil.move(rewritten, book)


def test_a_part_declared_in_another_encoding_is_written_back_declared_utf8(small):
    """A workbook part declared ISO-8859-1 (its Vietnamese as character references) is rewritten in
    UTF-8: keeping the old declaration had openpyxl and LibreOffice read 'ThÃ nh viÃªn'."""
    book = small({("T02-2022", "C4"): -5})

    def latin(data: bytes) -> bytes:
        text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        return text.encode("ascii", "xmlcharrefreplace")

    _rewrite_part(book, "xl/workbook.xml", latin)
    names = openpyxl.load_workbook(book).sheetnames
    assert run_cli("validate", book, "--mark").returncode == 1
    assert openpyxl.load_workbook(book).sheetnames == [*names, "Kiểm tra"]
    with zipfile.ZipFile(book) as package:
        assert package.read("xl/workbook.xml").startswith(b'<?xml version="1.0" encoding="UTF-8"')


def test_a_write_worked_out_from_a_version_saved_over_since_is_refused(small):
    """Voucher numbers and marks are worked out from one read; should the workbook be saved again
    before the write (Excel, another xlpy run), the write is refused under the lock, nothing kept
    from the stale read: two `vouchers` runs at once had both stored and printed numbers 1 and 2."""
    book = small({("T02-2022", "C4"): -5})
    read_as = safe_write.stamp(book)
    problems = load(book).problems
    apply_edits(book, {("T03-2022", "G4"): "ghi chú"})  # saved since, as Excel would
    after = sha256(book)
    with pytest.raises(WriteRefused, match="đã được lưu lại"):
        package.write_cells(book, {"T01-2022": {"F4": 1}}, read_as=read_as)
    with pytest.raises(WriteRefused, match="đã được lưu lại"):
        marks.mark(book, problems, read_as)
    assert sha256(book) == after and not (book.parent / safe_write.BACKUP_FOLDER).exists()
    assert package.write_cells(book, {"T01-2022": {"F4": 1}}, read_as=safe_write.stamp(book)) is not None


def test_two_voucher_runs_at_once_never_give_one_number_twice(small, tmp_path):
    """Two processes number January's and February's receipts at once: whichever writes second was
    refused (before writing: exit 1; or while it read, the first one saving meanwhile: exit 2) or
    read the first one's numbers; the workbook ends with no number used twice."""
    import subprocess

    book = small()
    runs = [
        subprocess.Popen(
            [xlpy_command(), "vouchers", str(book), "--from", start, "--to", end, "-o", str(tmp_path / start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for start, end in (("2022-01-01", "2022-01-31"), ("2022-02-01", "2022-02-28"))
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        refused = {1: "đã được lưu lại", 2: "vừa được lưu lại"}.get(run.returncode)
        assert run.returncode == 0 or (refused is not None and refused in err), err
    assert any(run.returncode == 0 for run in runs)
    assert load(book).problems == []  # a number used twice in a year is an error


def test_cells_placed_by_counting_are_never_written_into(small, tmp_path):
    """Cells without `r` (legal: a cell's column is its place): a voucher number written "into" one
    was a second F4 after it. Writing into such a sheet is refused, the workbook untouched."""
    import re

    book = small()
    with package.Package(book) as opened:
        part = next(s.part for s in opened.sheets() if s.name == "T02-2022")
    _rewrite_part(book, part, lambda data: re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<c", data))
    assert load(book).problems == []  # read the same by every reader
    before = sha256(book)
    result = run_cli("vouchers", book, "-o", tmp_path / "phieu")
    assert result.returncode == 1 and "không ghi địa chỉ" in result.stderr and "T02-2022" in result.stderr
    assert sha256(book) == before


def test_a_long_workbook_name_is_backed_up(small, tmp_path):
    """A name of 230 bytes (about 77 Vietnamese letters): its backup's name fits, and so must the
    name the backup is first copied under (it was 6 bytes longer, and the write was refused)."""
    book = tmp_path / ("a" * 225 + ".xlsx")
    shutil.copy(small({("T02-2022", "C4"): -5}), book)
    result = run_cli("validate", book, "--mark")
    assert result.returncode == 1 and "Đã ghi kết quả" in result.stdout, result.stderr
    assert len(backups(book)) == 1
