"""Writing to a clerk's workbook without ever losing it.

A write goes to a new file beside the workbook; the workbook is replaced
(atomically, os.replace) only after the new file reads back, and a dated
backup of the old one is kept. Nothing is written while Excel holds the file
open (its `~$` owner file is there), nor when openpyxl would silently drop
something the workbook holds (shapes, charts, pictures, sparklines, slicers,
ActiveX or new-style controls, comments on a sheet with buttons).
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from xlpy.errors import WriteRefused


def owner_file(path: Path) -> Path:
    """The `~$name.xlsx` file Excel keeps beside a workbook while it is open."""
    return path.with_name("~$" + path.name)


_PARTS = [  # (part name pattern, what the clerk would lose)
    (r"^xl/charts/", "biểu đồ"),
    (r"^xl/media/", "hình ảnh"),
    (r"^xl/ctrlProps/", "nút/ô điều khiển kiểu mới"),
    (r"^xl/activeX/", "điều khiển ActiveX"),
    (r"^xl/(slicers|slicerCaches|timelines|timelineCaches)/", "slicer/timeline"),
    (r"^customUI", "thanh công cụ (ribbon) riêng"),
]


def unkeepable(path: Path) -> list[str]:
    """What openpyxl would drop from this workbook, in words for the clerk."""
    found: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        found += [what for pattern, what in _PARTS if any(re.match(pattern, name) for name in names)]
        drawings = [n for n in names if n.startswith("xl/drawings/drawing") and n.endswith(".xml")]
        if any(re.search(rb"<xdr:sp[ >]", archive.read(n)) for n in drawings):
            found.append("hình vẽ (shape)")
        sheets = [n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")]
        if any(b"sparklineGroup" in archive.read(n) for n in sheets):
            found.append("sparkline")
        for sheet in sheets:
            rels = f"xl/worksheets/_rels/{posixpath.basename(sheet)}.rels"
            links = archive.read(rels) if rels in names else b""
            vml = [
                posixpath.normpath(posixpath.join("xl/worksheets", t.decode()))
                for t in re.findall(rb'Target="([^"]*vmlDrawing[^"]*)"', links)
            ]
            buttons = any(b"FmlaMacro" in archive.read(v) for v in vml if v in names)
            if buttons and b"/comments" in links:
                found.append("ghi chú trên sheet có nút bấm")
                break
    return list(dict.fromkeys(found))


def replace(path: Path, write: Callable[[Path], None], verify: Callable[[Path], None]) -> Path | None:
    """Write a new version of `path` through `write(new_path)`; returns the backup's path
    (None when `path` did not exist yet: a new workbook).

    The workbook changes only at the final os.replace; an error or interruption
    at any earlier point leaves it as it was (and removes the half-written file).
    """
    path = Path(path)
    exists = path.exists()
    if owner_file(path).exists():
        raise WriteRefused(
            f"Sổ '{path.name}' đang mở trong Excel (có tệp {owner_file(path).name}). "
            "Lưu và đóng sổ trong Excel rồi chạy lại."
        )
    if exists and path.suffix.lower() in (".xlsx", ".xlsm"):
        lost = unkeepable(path)
        if lost:
            raise WriteRefused(
                f"Không ghi vào sổ '{path.name}' vì sẽ làm mất: {', '.join(lost)}. "
                "Dùng nút 'Kiểm tra dữ liệu' trong Excel (Excel tự ghi), hoặc chạy không kèm tuỳ chọn ghi."
            )
    new = path.with_name(f".{path.stem}.xlpy-new{path.suffix}")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.sao-luu-{stamp}{path.suffix}")
    for n in range(2, 1000):  # two writes in one second keep both backups
        if not backup.exists():
            break
        backup = path.with_name(f"{path.stem}.sao-luu-{stamp}-{n}{path.suffix}")
    try:
        write(new)
        verify(new)
        if exists:
            shutil.copy2(path, backup)
        os.replace(new, path)
    finally:
        if new.exists():
            new.unlink()
    return backup if exists else None
