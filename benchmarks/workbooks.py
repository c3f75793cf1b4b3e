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


def large(
    folder: Path,
    members: int = 1_000,
    months: int = 120,
    spending_rows: int = 2_000,
    name: str = "large.xlsx",
    unit: str = "ỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM",
    seed: int = 2022,
    from_fund: int = 1_000_000,
) -> Path:
    path = folder / name
    if path.exists():
        return path
    rng = random.Random(seed)
    roster = [
        (f"TV{n:04d}", f"Nguyễn Văn Thành Viên {n}", "Chuyên viên", date(2013, 1, 2), None, None, None)
        for n in range(1, members + 1)
    ]
    writer = layout.WorkbookWriter(path)
    last = date(2013 + (months - 1) // 12, (months - 1) % 12 + 1, 28)
    writer.settings(
        {
            "issuing_body": unit,
            "place": "Thử Nghiệm",
            "number": 12,
            "symbol": "BC-UBND",
            "report_date": last,
            "subject": "Kết quả quỹ",
            "default_rate": RATE,
            "model_name": "Quỹ",
            "model_form": "Mỗi người đóng",
            "contributors": "cán bộ",
            "period_from": 2013,
            "period_to": last.year,
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
    # Spending within the months written, small enough that the fund never runs dry.
    indexes = [rng.randrange(months) for _ in range(spending_rows)]
    days = sorted(date(2013 + i // 12, i % 12 + 1, rng.randint(1, 28)) for i in indexes)
    writer.spending(
        [
            (
                day,
                f"Hoạt động số {n}: tặng [Số suất] suất quà, tổng [Tổng số tiền].",
                "Khác",
                rng.randint(1, 20),
                2 * from_fund,
                from_fund,
                None,
            )
            for n, day in enumerate(days, 1)
        ]
    )
    writer.text([("Mở đầu", False, "Báo cáo thử nghiệm.")])
    writer.lists(["Khác"])
    return writer.close()


def _unit(args: tuple[Path, int, int, int]) -> Path:
    folder, number, members, months = args
    district = folder / f"huyen-{number % 10:02d}"
    district.mkdir(parents=True, exist_ok=True)
    return large(
        district,
        members=members,
        months=months,
        spending_rows=12,
        name=f"xa-{number:04d}.xlsx",
        unit=f"ỦY BAN NHÂN DÂN\nXÃ THỬ NGHIỆM {number}",
        seed=number,
        from_fund=members * RATE // 20,  # a month's money covers the spending of any month
    )


def units(folder: Path, count: int = 500, members: int = 30, months: int = 60) -> Path:
    """`count` unit workbooks (members x months each) in ten district subfolders of `folder`.

    Made once (kept in `folder`), in worker processes: 500 take about a minute on 2 cores.
    """
    from concurrent.futures import ProcessPoolExecutor

    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(folder, n, members, months) for n in range(1, count + 1)]
    with ProcessPoolExecutor() as pool:
        list(pool.map(_unit, jobs, chunksize=8))
    return folder


if __name__ == "__main__":
    import sys

    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    print(sample(folder))
    print(large(folder))
