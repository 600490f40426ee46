"""Names that try to become a formula (or a link) in a spreadsheet: the cases every
writer must neutralise. Each writer's tests add the cases peculiar to its format."""

from __future__ import annotations

FORMULA_INJECTIONS = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\t=1+1",
    "\r=2+2",
    "＝1+1",
]
