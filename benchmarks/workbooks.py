"""Workbooks for the benchmark: the sample, and a province-sized one.

large: 1,000 members x 120 monthly sheets (120,000 payment rows) and 2,000
spending rows, written with XlsxWriter through xlpy's own layout so that it
looks like a clerk's workbook (title rows, formats, dropdowns).
"""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path

from xlpy import layout

SAMPLE = Path(__file__).resolve().parents[1] / "workbook" / "quy-dan-van-kheo.xlsx"
RATE = 50_000


def sample(folder: Path) -> Path:
    path = folder / SAMPLE.name
    shutil.copy(SAMPLE, path)
    return path


def large(folder: Path, members: int = 1_000, months: int = 120, spending_rows: int = 2_000) -> Path:
    path = folder / "large.xlsx"
    if path.exists():
        return path
    rng = random.Random(2022)
    roster = [
        (f"TV{n:04d}", f"Nguyễn Văn Thành Viên {n}", "Chuyên viên", date(2013, 1, 2), None, None, None)
        for n in range(1, members + 1)
    ]
    writer = layout.WorkbookWriter(path)
    writer.settings(
        {
            "issuing_body": "ỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM",
            "place": "Thử Nghiệm",
            "number": 12,
            "symbol": "BC-UBND",
            "report_date": date(2022, 12, 31),
            "subject": "Kết quả quỹ",
            "default_rate": RATE,
            "model_name": "Quỹ",
            "model_form": "Mỗi người đóng",
            "contributors": "cán bộ",
            "period_from": 2013,
            "period_to": 2022,
            "appendix_title": "BÁO CÁO THỐNG KÊ",
            "signing_authority": "TM. ỦY BAN NHÂN DÂN",
            "signer_title": "CHỦ TỊCH",
            "signer": "Nguyễn Văn A",
            "recipients": ["Lưu: VT"],
        }
    )
    writer.members(roster)
    for index in range(months):
        month = date(2013 + index // 12, index % 12 + 1, 1)
        writer.month(
            month, [(m[0], m[1], RATE, date(month.year, month.month, rng.randint(1, 28)), None) for m in roster]
        )
    days = sorted(date(2013 + rng.randrange(10), rng.randint(1, 12), rng.randint(1, 28)) for _ in range(spending_rows))
    writer.spending(
        [
            (
                day,
                f"Hoạt động số {n}: tặng [Số suất] suất quà, tổng [Tổng số tiền].",
                "Khác",
                rng.randint(1, 20),
                2_000_000,
                1_000_000,
                None,
            )
            for n, day in enumerate(days, 1)
        ]
    )
    writer.text([("Mở đầu", False, "Báo cáo thử nghiệm.")])
    writer.lists(["Khác"])
    return writer.close()


if __name__ == "__main__":
    import sys

    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    print(sample(folder))
    print(large(folder))
