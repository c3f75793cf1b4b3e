"""The fund's chart: collected and spent from the fund per year, with the balance at each year's end.

matplotlib is imported only here, only when a chart is drawn (it costs about
half a second), and always with the Agg backend: no window, no display needed.
"""

from __future__ import annotations

import functools
import io

import pandas as pd

from xlpy.money import figures

# Times New Roman where Word's fonts are installed; Liberation Serif (same metrics, Vietnamese
# glyphs in fonts-liberation2) elsewhere; DejaVu Serif, which matplotlib carries, as the last resort.
SERIF = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]
COLLECTED, SPENT, BALANCE = "#1F4E79", "#C55A11", "#2E7D32"
BAR = 0.38  # of one year's slot
SLOTS = 4  # the x axis is never narrower than this many years: one year draws two bars, not a wall


def _font() -> str:
    from matplotlib import font_manager

    for family in SERIF:
        try:
            font_manager.findfont(family, fallback_to_default=False)
            return family
        except ValueError:
            continue
    return "DejaVu Serif"


COLUMNS = ["year", "collected", "spent_from_fund", "closing_balance"]


def png(years: pd.DataFrame) -> bytes:
    """PNG of `summary.years` (year, collected, spent_from_fund, closing_balance): bars and a line."""
    return _png(tuple(years[COLUMNS].itertuples(index=False, name=None)))


@functools.lru_cache(maxsize=8)
def _png(rows: tuple[tuple, ...]) -> bytes:
    """Drawn once for the same figures (about 0.15 s): the Python kept alive for the buttons
    draws the chart for `Tổng hợp` and again for the report, on data that has not changed."""
    out = io.BytesIO()
    figure(pd.DataFrame(list(rows), columns=COLUMNS)).savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def figure(years: pd.DataFrame, dpi: int = 150):
    """The chart as a matplotlib Figure (not attached to pyplot: nothing global is kept)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    labels = [str(int(y)) for y in years["year"]]
    positions = list(range(len(labels)))
    drawn = Figure(figsize=(6.3, 3.6), dpi=dpi, layout="constrained")  # makes room for the legend below
    axes = drawn.add_subplot()
    font = _font()
    width = BAR
    axes.bar([p - width / 2 for p in positions], years["collected"], width, label="Đã thu", color=COLLECTED)
    axes.bar([p + width / 2 for p in positions], years["spent_from_fund"], width, label="Chi từ quỹ", color=SPENT)
    axes.plot(positions, years["closing_balance"], marker="o", color=BALANCE, label="Tồn quỹ cuối năm")
    for x, value in zip(positions, years["closing_balance"], strict=True):
        axes.annotate(
            figures(int(value)), (x, value), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8,
            fontfamily=font, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        )  # fmt: skip
    axes.set_xticks(positions, labels, fontfamily=font)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: figures(int(value))))
    for tick in axes.get_yticklabels():
        tick.set_fontfamily(font)
    axes.set_ylabel("Đồng", fontfamily=font)
    axes.set_title("Thu, chi từ quỹ và tồn quỹ theo năm", fontfamily=font, fontsize=12, fontweight="bold")
    # Below the plot, clear of the years' labels: inside it would cover the bars (one year's fill it).
    axes.legend(
        prop={"family": font, "size": 9}, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=3
    )
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_ylim(bottom=0, top=max([1, *years["collected"], *years["closing_balance"]]) * 1.18)
    middle, span = (len(positions) - 1) / 2, max(len(positions), SLOTS)
    axes.set_xlim(middle - span / 2, middle + span / 2)
    return drawn
