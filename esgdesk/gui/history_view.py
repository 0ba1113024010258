"""Earlier years in the form: View → Earlier Years shows years before the prior year as read-only
columns, placed before the prior year's column (oldest on the left, as a printed report lays them out)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHeaderView

from esgdesk.gui.form_model import Col, FormModel
from esgdesk.gui.i18n import tr

if TYPE_CHECKING:
    from esgdesk.gui.form_view import FormView
    from esgdesk.gui.main_window import MainWindow

_YEAR_CHARS = 14  # as wide as the prior and current years' columns


def apply_earlier_years(view: FormView, model: FormModel, n: int) -> None:
    model.set_earlier_years(n)
    header = view.horizontalHeader()
    width = _YEAR_CHARS * view.fontMetrics().averageCharWidth()
    before = int(Col.PRIOR)
    for k in range(n):
        col = len(Col) + k
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(col, width)
        header.moveSection(header.visualIndex(col), header.visualIndex(before))
        before = col


def _plain(text: str) -> str:
    return re.sub(r"\(&.\)", "", text).replace("&", "").rstrip("…")  # a menu text as a dialog title


def earlier_years_held(window: MainWindow) -> list[int]:
    s = window.session
    return [] if s is None else [y for y in s.report.years() if y < s.year - 1]


def ask_earlier_years(window: MainWindow) -> None:
    """View → Earlier Years: how many years before the prior year the form shows."""
    held = earlier_years_held(window)
    if window.session is None:
        return
    if not held:
        window.dialogs.inform(_plain(tr("act.earlier_years")), tr("msg.no_earlier_years"))
        return
    n = window.dialogs.ask_int(
        _plain(tr("act.earlier_years")),
        tr("msg.earlier_years", first=held[0]),
        min(window.form_model.earlier_years, len(held)),
        0,
        len(held),
    )
    if n is not None:
        apply_earlier_years(window.form_view, window.form_model, n)


def ask_workbook_years(window: MainWindow) -> int | None:
    """How many years the workbook prints side by side; asked only when the report holds more than two."""
    s = window.session
    if s is None:
        return None
    held = len([y for y in s.report.years() if y <= s.year])
    if held < 3:
        return 2
    counts = list(range(2, min(held, 5) + 1))
    chosen = window.dialogs.choose(
        tr("title.export_xlsx"),
        tr("msg.workbook_years"),
        [tr("opt.workbook_years", n=n, first=s.year - n + 1, last=s.year) for n in counts],
    )
    return None if chosen is None else counts[chosen]
