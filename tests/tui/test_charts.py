"""Panel bars: the count stays readable when a narrow terminal cuts the panel."""

from __future__ import annotations

from coursekit.tui.widgets.charts import bar_rows


def test_the_count_comes_before_the_bar_so_a_cut_panel_keeps_it() -> None:
    text = bar_rows(
        [("ready", 12, "green"), ("not yet", 7, "red")], width=20, label_width=8, total=19
    )
    lines = text.plain.split("\n")
    assert [line[:12] for line in lines] == ["ready    12 ", "not yet   7 "]
    cut = [line[:14] for line in lines]  # what an 80-column panel shows of a long bar
    assert cut[0].startswith("ready    12") and cut[1].startswith("not yet   7")
