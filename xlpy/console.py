"""The summary printed on a terminal: rich tables with Vietnamese headers and đồng figures.

Amounts are right-aligned and never cut: their columns do not wrap and are as
wide as their longest figure, so at 60 columns it is the names that wrap.
(Named `console`, not `tables`: in this project a "table" is an Excel Table.)
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table

from xlpy.dates import numeric_date
from xlpy.ledger import Summary
from xlpy.money import dong, figures
from xlpy.names import sort_key


def _table(
    title: str, headers: Sequence[str], rows: list[list[str]], text: set[int], styles: list[str | None]
) -> Table:
    """Columns in `text` wrap (names); every other column is a figure: right-aligned, whole."""
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    for index, header in enumerate(headers):
        if index in text:
            table.add_column(header, ratio=1, overflow="fold", min_width=8)
        else:
            widest = max((len(row[index]) for row in rows), default=0)
            table.add_column(header, justify="right", no_wrap=True, min_width=widest)
    for row, style in zip(rows, styles, strict=True):
        table.add_row(*row, style=style)
    return table


def print_summary(summary: Summary, console: Console | None = None) -> None:
    console = console or Console()
    console.print(f"[bold]Tổng hợp quỹ đến ngày {numeric_date(summary.as_of)}[/bold]")
    totals = Table.grid(padding=(0, 1))
    totals.add_column()
    totals.add_column(justify="right")
    totals.add_row("Đã thu:", dong(summary.collected))
    totals.add_row("Chi từ quỹ:", dong(summary.spent_from_fund))
    totals.add_row("Tồn quỹ:", f"[bold]{dong(summary.balance)}[/bold]")
    console.print(totals)
    years = [
        [
            str(row.year),
            figures(row.collected),
            figures(row.spent_from_fund),
            figures(row.activities_value),
            figures(row.closing_balance),
        ]
        for row in summary.years.itertuples()
    ]
    console.print(
        _table(
            "Theo năm",
            ["Năm", "Thu", "Chi từ\nquỹ", "Giá trị\nhoạt động", "Tồn cuối\nnăm"],
            years,
            set(),
            [None] * len(years),
        )
    )
    ordered = sorted(summary.members.itertuples(), key=lambda r: sort_key(r.name or ""))
    members = [
        [row.id, row.name, str(row.months_owed), figures(row.owed), figures(row.paid), figures(row.balance)]
        for row in ordered
    ]
    console.print(
        _table(
            "Theo thành viên (âm: còn nợ, dương: đóng trước)",
            ["Mã", "Họ và tên", "Số\ntháng", "Phải\nđóng", "Đã\nđóng", "Chênh\nlệch"],
            members,
            {1},
            ["red" if row.balance < 0 else None for row in ordered],
        )
    )
