"""Writing a clerk's file without ever losing it.

A write goes to a new file (a unique temporary name) beside the real file (a
symbolic link is followed, and stays a link); the file is replaced atomically
(os.replace) only after the new one has been checked, keeping the old one's
mode bits. Nothing is written while Excel or LibreOffice holds the file open
(their owner files `~$NAME` and `.~lock.NAME#`), without write permission, or
while another xlpy run is writing it (an advisory lock: the second run waits a
few seconds, then refuses). When something changed, the old file is kept in
one folder beside it (`.xlpy-sao-luu/`), the last five of each file.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from filelock import FileLock, Timeout

from xlpy.errors import WriteRefused

BACKUP_FOLDER = ".xlpy-sao-luu"
KEEP_BACKUPS = 5
LOCK_WAIT = 10.0  # seconds a second run waits for the first before it refuses
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def owner_file(path: Path) -> Path:
    """The `~$name.xlsx` file Excel keeps beside a workbook while it is open."""
    return path.with_name("~$" + path.name)


def lo_lock_file(path: Path) -> Path:
    """The `.~lock.name.xlsx#` file LibreOffice keeps beside a file while it is open."""
    return path.with_name(f".~lock.{path.name}#")


def _writable(path: Path) -> bool:
    # root passes os.access whatever the mode: a file the clerk marked read-only stays refused
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)


def check_writable(path: Path) -> Path:
    """The real path to write (links followed); refuses (WriteRefused) what must not be written now."""
    real = Path(os.path.realpath(path))
    for owner, program in ((owner_file(real), "Excel"), (lo_lock_file(real), "LibreOffice")):
        if owner.exists():
            raise WriteRefused(
                f"Sổ '{path.name}' đang mở trong {program} (có tệp {owner.name}). "
                f"Lưu và đóng sổ trong {program} rồi chạy lại."
            )
    folder = real.parent
    if not folder.is_dir():
        raise WriteRefused(f"Không có thư mục '{folder}'.")
    if real.exists() and not _writable(real):
        raise WriteRefused(
            f"Tệp '{path.name}' chỉ cho đọc (không có quyền ghi); tệp được giữ nguyên. "
            "Bỏ thuộc tính chỉ đọc (Read-only) của tệp, hoặc chép sang thư mục khác, rồi chạy lại."
        )
    if not _writable(folder) or not os.access(folder, os.X_OK):
        raise WriteRefused(
            f"Không có quyền ghi vào thư mục '{folder}'; tệp được giữ nguyên. "
            "Chép sổ sang thư mục của mình (ví dụ Documents) rồi chạy lại."
        )
    if real.exists():  # it will be backed up: refused now, before any work, where that cannot be done
        check_backup_folder(real)
    return real


def _lock(real: Path) -> FileLock:
    # In the user's temporary folder, not beside the workbook: nothing to litter the clerk's folder.
    # The lock files stay (deleting one another run may be waiting on would break the lock).
    folder = Path(tempfile.gettempdir()) / f"xlpy-khoa-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    folder.mkdir(mode=0o700, exist_ok=True)
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:24]
    return FileLock(folder / f"{digest}.lock", timeout=LOCK_WAIT)


def _same_file(a: Path, b: Path) -> bool:
    from xlpy.package import same_parts

    if a.read_bytes() == b.read_bytes():
        return True
    try:
        return a.suffix.lower() in WORKBOOK_SUFFIXES and same_parts(a, b)
    except Exception:  # not a zip after all: they differ
        return False


def check_backup_folder(real: Path) -> Path:
    """The backup folder beside `real`: absent, or a real directory of this user. A link (even one
    pointing nowhere), a file, another user's folder are refused (WriteRefused): xlpy would copy
    the workbook, and delete old copies, somewhere the clerk did not choose."""
    folder = real.parent / BACKUP_FOLDER
    try:
        found = os.lstat(folder)
    except FileNotFoundError:
        return folder
    fix = f"Đổi tên hoặc xoá '{folder}' rồi chạy lại; sổ được giữ nguyên."
    if stat.S_ISLNK(found.st_mode):
        where = "" if folder.exists() else ", trỏ tới nơi không có"
        raise WriteRefused(
            f"Thư mục sao lưu '{BACKUP_FOLDER}' là một liên kết (symbolic link{where}): xlpy chỉ lưu bản cũ "
            "của sổ vào một thư mục thật bên cạnh sổ. " + fix
        )
    if not stat.S_ISDIR(found.st_mode):
        raise WriteRefused(f"'{BACKUP_FOLDER}' bên cạnh sổ là một tệp, không phải thư mục để lưu bản cũ. " + fix)
    if hasattr(os, "getuid") and found.st_uid != os.getuid():
        raise WriteRefused(f"Thư mục sao lưu '{folder}' thuộc người dùng khác: xlpy không lưu bản cũ vào đó. " + fix)
    return folder


def backup(real: Path) -> Path:
    """Copy `real` into the backup folder beside it; keeps the last KEEP_BACKUPS of this file.

    Only regular files named as xlpy names this workbook's backups are ever deleted."""
    folder = check_backup_folder(real)
    folder.mkdir(exist_ok=True)
    check_backup_folder(real)  # made by this run, or by another one just now: a real folder still
    when = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{real.stem}.{when}{real.suffix}"
    if os.path.lexists(target):
        raise WriteRefused(f"Đã có '{target}'; chạy lại sau một giây.")
    # Copied under another name first: a copy cut short (a full disk) is never taken for a backup,
    # nor counted among the ones kept, which would rotate the good ones out.
    partial = folder / f".xlpy-tmp-{when}"  # no longer than the backup's own name (a long stem fits)
    try:
        shutil.copy2(real, partial)
        os.replace(partial, target)
    finally:
        if os.path.lexists(partial):
            partial.unlink()
    mine = re.compile(rf"^{re.escape(real.stem)}\.\d{{8}}-\d{{6}}-\d{{6}}{re.escape(real.suffix)}$")
    kept = sorted(p for p in folder.iterdir() if mine.match(p.name) and stat.S_ISREG(os.lstat(p).st_mode))
    for old in kept[:-KEEP_BACKUPS]:
        old.unlink()
    return target


Stamp = tuple[int, int, int, int, int]  # device, inode, size, modification and change times (ns) of the file read


def stamp(path: Path) -> Stamp | None:
    """What identifies the version of `path` a command reads (None: no such file). A save by Excel,
    LibreOffice or another xlpy run makes a new file (a new inode) or at least a new time."""
    try:
        return _identity(os.stat(path))
    except OSError:
        return None


def _identity(info: os.stat_result) -> Stamp:
    # The change time too: a file renamed away and back keeps its inode, size and time, not its ctime.
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def opened_as(path: Path, version: Stamp | None) -> BinaryIO:
    """`path` opened for reading, when what it names is still `version`; else FileChanged. An open
    file stays the version it was opened as, whatever is saved under its name after."""
    handle = path.open("rb")
    if _identity(os.fstat(handle.fileno())) != version:
        handle.close()
        raise FileChanged(f"'{path.name}' was saved since it was first looked at")
    return handle


class FileChanged(OSError):
    """The file is no longer the version first looked at (the reader says so in Vietnamese)."""


def replace(
    path: Path,
    write: Callable[[Path], object],
    verify: Callable[[Path], object],
    read_as: Stamp | None = None,
) -> Path | None:
    """Write a new version of `path` through `write(new_path)`, checked by `verify(new_path)`.

    Returns the backup's path; None when `path` did not exist (a new file) or when the
    new version holds exactly what the old one did (then nothing is replaced or backed up).
    The file changes only at the final os.replace: an error at any earlier point leaves it
    as it was and removes the temporary file. `read_as`: the stamp of the version the
    caller's data came from (what it marks, the numbers it gives); a file saved since is
    refused, under the lock, so two runs never both act on one version.
    """
    path = Path(path)
    real = check_writable(path)
    try:
        with _lock(real):
            if read_as is not None and stamp(real) != read_as:
                raise WriteRefused(
                    f"Sổ '{path.name}' đã được lưu lại (bởi Excel hay một lần chạy xlpy khác) sau khi lệnh này đọc; "
                    "sổ được giữ nguyên, chưa ghi gì. Chạy lại lệnh."
                )
            return _replace_locked(path, real, write, verify)
    except Timeout:
        raise WriteRefused(
            f"Một lần chạy xlpy khác đang ghi vào '{path.name}'. Chờ lần đó xong rồi chạy lại."
        ) from None


def _replace_locked(path: Path, real: Path, write, verify) -> Path | None:
    check_writable(path)  # again: the state may have changed while this run waited
    exists = real.exists()
    before = real.stat() if exists else None
    handle, name = tempfile.mkstemp(prefix=f".{real.stem}.", suffix=".xlpy-tmp" + real.suffix, dir=real.parent)
    os.close(handle)
    new = Path(name)
    try:
        try:
            write(new)
            verify(new)
        except (WriteRefused, OSError):
            raise
        except Exception as exc:  # a package this writer cannot follow: refused, the file untouched
            raise WriteRefused(
                f"Không ghi được vào '{path.name}' ({type(exc).__name__}: {exc}); tệp được giữ nguyên."
            ) from exc
        if exists and _same_file(real, new):
            return None
        now = real.stat() if exists else None
        if (
            before is not None
            and now is not None
            and (now.st_mtime_ns, now.st_size)
            != (
                before.st_mtime_ns,
                before.st_size,
            )
        ):
            raise WriteRefused(f"Sổ '{path.name}' vừa được lưu bởi chương trình khác trong lúc ghi; chạy lại.")
        with open(new, "rb+") as stream:  # on the disk before it takes the workbook's name
            os.fsync(stream.fileno())
        saved = backup(real) if exists else None
        mode = stat.S_IMODE(before.st_mode) if before is not None else 0o666 & ~_umask()
        os.chmod(new, mode)
        os.replace(new, real)
        return saved
    finally:
        if new.exists():
            new.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def in_existing_folder(out: Path) -> Path:
    """`out`, given with -o, when its folder exists: a folder mistyped is said, never made (the
    document would land where nobody looks)."""
    folder = Path(out).parent
    if folder.exists() and not folder.is_dir():
        raise WriteRefused(f"'{folder}' là một tệp, không phải thư mục: không ghi được '{Path(out).name}' vào đó.")
    if not folder.is_dir():
        raise WriteRefused(
            f"Không có thư mục '{folder}' để ghi '{Path(out).name}'; xlpy không tự tạo thư mục. "
            "Kiểm tra lại đường dẫn của tệp cần ghi, hoặc tạo thư mục đó rồi chạy lại."
        )
    writable_folder(folder)
    return Path(out)


def close_xlsx(workbook) -> None:
    """XlsxWriter's close, which writes the file. Its FileCreateError (a folder that cannot be
    written) is no OSError; raised as one, it is said as every other failed write is."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except FileCreateError as exc:
        raise OSError(*exc.args) from exc


def folder_for_files(folder: Path) -> Path:
    """A folder files will be written into (`vouchers -o`): one that can be written, or that can be
    made inside one that is there and can be written; a link to nothing cannot be made."""
    if folder.is_symlink() and not folder.exists():
        raise WriteRefused(f"'{folder}' là liên kết tới một thư mục không có. Chọn thư mục khác.")
    return writable_folder(folder) if folder.exists() else in_existing_folder(folder)


def writable_folder(folder: Path) -> Path:
    """`folder`, once a file could be made in it (tried, then gone): refused before any work is done,
    not after (vouchers had numbered the workbook, then failed to write its documents)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise WriteRefused(
            f"Không ghi được vào thư mục '{folder}' ({exc.strerror or exc}). Chọn thư mục khác, hoặc "
            "kiểm tra quyền ghi của thư mục rồi chạy lại."
        ) from exc
    return folder


def report_target(out: Path, workbook: Path, force: bool = False, pdf: bool = False, suffix: str = ".docx") -> Path:
    """A document's output path given with -o, checked: its `suffix`, its folder there, never the
    workbook, never an existing workbook, and never an existing file (nor, with `pdf`, an existing
    PDF beside it) unless `force`."""
    out = Path(out)
    if out.suffix.lower() != suffix:
        raise WriteRefused(f"Tệp cần ghi '{out}' phải có đuôi {suffix} (ví dụ: -o ten-tep{suffix}).")
    in_existing_folder(out)
    word_owners = [out.with_name("~$" + out.name), out.with_name("~$" + out.name[2:])]
    if out.exists() and any(owner.exists() for owner in word_owners):
        raise WriteRefused(f"Tệp '{out.name}' đang mở trong Word. Đóng tệp trong Word rồi chạy lại.")
    for target in [out, out.with_suffix(".pdf")] if pdf else [out]:  # each file written, the PDF too
        _never_the_workbook(target, workbook, suffix)
        if target.exists() and not force:
            raise WriteRefused(f"Đã có tệp '{target}'. Không ghi đè: chọn tên khác, hoặc thêm --force để ghi đè.")
    return out


def _never_the_workbook(target: Path, workbook: Path, suffix: str) -> None:
    """A file a document is written to is not the workbook, nor any workbook, nor a link: Word and
    LibreOffice write through a symbolic or hard link into the file it names, even with --force."""
    real = Path(os.path.realpath(target))
    same = real == Path(os.path.realpath(workbook))
    if not same and target.exists() and Path(workbook).exists():
        same = os.path.samefile(target, workbook)
    if same or (real.suffix.lower() in WORKBOOK_SUFFIXES and real.exists()):
        raise WriteRefused(f"'{target}' là một sổ Excel đã có; xlpy không ghi đè lên sổ. Chọn tên khác, đuôi {suffix}.")
    if target.is_dir():
        raise WriteRefused(f"'{target}' là một thư mục. Chọn tên tệp, đuôi {suffix}.")
    if target.is_symlink() or (target.exists() and target.stat().st_nlink > 1):
        raise WriteRefused(
            f"'{target}' là liên kết tới một tệp khác; xlpy không ghi qua liên kết. Chọn tên khác, đuôi {suffix}."
        )


def is_own_file(path: Path) -> bool:
    """A file xlpy itself leaves beside workbooks: a backup (in BACKUP_FOLDER, or `SỔ.sao-luu-….xlsx`
    beside it as xlpy 0.1 made them) or a half-written new file.

    Whoever walks a folder of workbooks (xlpy rollup) skips these: they are not units.
    """
    name = Path(path).name
    return BACKUP_FOLDER in Path(path).parts or ".xlpy-tmp" in name or ".sao-luu-" in name
