"""The readable summary: rich tables with Vietnamese headers and đồng figures."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from xlpy.dates import numeric_date
from xlpy.ledger import Summary
from xlpy.money import dong, figures
from xlpy.names import sort_key


def print_summary(summary: Summary, console: Console | None = None) -> None:
    console = console or Console()
    console.print(f"[bold]Tổng hợp quỹ đến ngày {numeric_date(summary.as_of)}[/bold]")
    console.print(
        f"Đã thu: {dong(summary.collected)} · Chi từ quỹ: {dong(summary.spent_from_fund)} · "
        f"Tồn quỹ: [bold]{dong(summary.balance)}[/bold]"
    )
    years = Table("Năm", "Thu", "Chi từ quỹ", "Giá trị hoạt động", "Tồn cuối năm", title="Theo năm")
    for row in summary.years.itertuples():
        years.add_row(
            str(row.year),
            figures(row.collected),
            figures(row.spent_from_fund),
            figures(row.activities_value),
            figures(row.closing_balance),
        )
    console.print(years)
    members = Table(
        "Mã",
        "Họ và tên",
        "Số tháng",
        "Phải đóng",
        "Đã đóng",
        "Chênh lệch",
        title="Theo thành viên (âm: còn nợ, dương: đóng trước)",
    )
    for row in sorted(summary.members.itertuples(), key=lambda r: sort_key(r.name or "")):
        style = "red" if row.balance < 0 else None
        members.add_row(
            row.id,
            row.name,
            str(row.months_owed),
            figures(row.owed),
            figures(row.paid),
            figures(row.balance),
            style=style,
        )
    console.print(members)
