"""The section form as a table model: one row per indicator, breakdowns indented under their total.

`setData` never writes: it parses and checks the entry, then pushes an undo command that
does. Updates after an edit are targeted to the rows whose figures or findings changed.

What a paint asks for (texts, fonts, icons, colours) is worked out once per row and kept until
the row's figures, findings or the language change: a view asks for every role of every visible
cell on each paint, and Python work per ask made switching forms four times slower than a plain
list of strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from esgdesk.core.catalogue import DataType, Indicator, Severity
from esgdesk.core.display import display, format_number
from esgdesk.core.errors import EsgdeskError, Refused
from esgdesk.core.findings import Finding
from esgdesk.core.values import Key, Value
from esgdesk.gui import icons
from esgdesk.gui.commands import Edit, ExplanationCommand, SetValuesCommand
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.i18n import language, tr
from esgdesk.gui.session import ReportSession

AnyIndex = QModelIndex | QPersistentModelIndex
RESTATED_MARK = " †"  # after a restated figure; its tooltip gives the published value and the reason


class Col(IntEnum):
    LABEL = 0
    UNIT = 1
    PRIOR = 2
    CURRENT = 3
    CHANGE = 4
    STATUS = 5
    EXPLANATION = 6


_NCOLS = len(Col)  # the fixed columns; earlier years, when shown, come after them


class Role(IntEnum):
    INDICATOR = Qt.ItemDataRole.UserRole + 1  # indicator id
    DEPTH = Qt.ItemDataRole.UserRole + 2  # 0 for a total, 1 for its parts, ...
    COMPUTED = Qt.ItemDataRole.UserRole + 3  # bool
    SEVERITY = Qt.ItemDataRole.UserRole + 4  # worst open finding: "error", "warning", "info" or ""
    YEAR = Qt.ItemDataRole.UserRole + 5  # the year a cell shows
    VALUE = Qt.ItemDataRole.UserRole + 6  # the stored core Value, or None


@dataclass(frozen=True, slots=True)
class FormRow:
    """One row of the form: an indicator and how deep it sits under the totals it breaks down."""

    indicator: Indicator
    depth: int


@dataclass(frozen=True, slots=True)
class PastePlan:
    """What a paste would do: the edits it makes, the values it refuses and how many rows it reached."""

    edits: list[Edit]
    problems: list[str]  # "row label: reason", one per refused value
    total: int


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
# Roles worked out on demand, each time: they are asked for one cell at a time (hover, editing, a screen reader).
_ON_DEMAND = frozenset(
    int(r)
    for r in (Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole, Role.VALUE)
)
Cell = dict[int, Any]  # role -> what data() returns for it; a role not in it returns None


def _font(*, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    return font


def _computed_tint() -> QBrush:
    tint = QColor(icons.COMPUTED)
    tint.setAlpha(38)
    return QBrush(tint)


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def section_rows(indicators: tuple[Indicator, ...], children: dict[str, list[Indicator]]) -> list[FormRow]:
    """Totals in catalogue order, each followed by its breakdown parts (parts of parts deeper still)."""
    here = {i.id for i in indicators}
    rows: list[FormRow] = []
    placed: set[str] = set()

    def place(ind: Indicator, depth: int) -> None:
        if ind.id in placed:
            return
        placed.add(ind.id)
        rows.append(FormRow(ind, depth))
        for child in children.get(ind.id, ()):
            if child.id in here:
                place(child, depth + 1)

    for ind in indicators:
        if ind.breakdown is None or ind.breakdown.of not in here:
            place(ind, 0)
    for ind in indicators:  # parts of a cycle-free chain are all placed; this guards odd catalogues
        place(ind, 0)
    return rows


class FormModel(QAbstractTableModel):
    def __init__(self, session: ReportSession | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ReportSession | None = None
        self.section_id: str | None = None
        self.rows: list[FormRow] = []
        self._row_of: dict[str, int] = {}
        self._cells: list[list[Cell] | None] = []  # per row, per column; None until first asked for
        self.dialogs: Dialogs | None = None  # asks for a restatement's reason; without it nothing is restated
        self.earlier_years = 0  # years before the prior year shown, as columns after the fixed ones
        if session is not None:
            self.set_session(session)

    # -- wiring ----------------------------------------------------------------------------
    def set_session(self, session: ReportSession | None) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
            self.session.refreshed.disconnect(self._on_refreshed)
        self.beginResetModel()
        self.session = session
        self.section_id = None
        self.rows = []
        self._row_of = {}
        self._cells = []
        self.endResetModel()
        if session is not None:
            session.changed.connect(self._on_changed)
            session.refreshed.connect(self._on_refreshed)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Col) - 1)

    def set_section(self, section_id: str | None) -> None:
        self.beginResetModel()
        self.section_id = section_id
        if self.session is None or section_id is None:
            self.rows = []
        else:
            cat = self.session.report.catalogue
            self.rows = section_rows(cat.sections[section_id].indicators, cat.children)
        self._row_of = {r.indicator.id: n for n, r in enumerate(self.rows)}
        self._cells = [None] * len(self.rows)
        self.endResetModel()

    def row_of(self, indicator_id: str) -> int | None:
        return self._row_of.get(indicator_id)

    def indicator_at(self, row: int) -> Indicator:
        return self.rows[row].indicator

    def retranslate(self) -> None:
        self._cells = [None] * len(self.rows)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Col) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(Col) - 1))

    def _on_changed(self, keys: set[tuple[str, str, int]]) -> None:
        if self.session is None:
            return
        entity, year = self.session.entity, self.session.year
        rows = sorted(
            {
                r
                for e, ind, y in keys
                if e == entity
                and year - 1 - self.earlier_years <= y <= year
                and (r := self._row_of.get(ind)) is not None
            }
        )
        for r in rows:
            self._cells[r] = None
        last = self.columnCount() - 1
        start = prev = -2
        for r in [*rows, -10]:  # one dataChanged per run of adjacent rows
            if r != prev + 1:
                if start >= 0:
                    self.dataChanged.emit(self.index(start, 0), self.index(prev, last))
                start = r
            prev = r

    def _on_refreshed(self) -> None:
        self._cells = [None] * len(self.rows)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(Col) - 1))

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col) + self.earlier_years

    def set_earlier_years(self, n: int) -> None:
        """Show `n` years before the prior year (read-only columns; the view places them before it)."""
        self.beginResetModel()
        self.earlier_years = max(0, n)
        self.endResetModel()

    def earlier_year(self, column: int) -> int:
        """The year an earlier-year column (one after the fixed columns) shows."""
        year = self.session.year if self.session else 0
        return year - 2 - (column - len(Col))

    def _earlier_data(self, r: int, column: int, role: int) -> Any:
        s = self.session
        assert s is not None
        ind = self.rows[r].indicator
        year = self.earlier_year(column)
        if role == Qt.ItemDataRole.DisplayRole:
            mark = RESTATED_MARK if s.report.restatement(ind.id, year, s.entity) is not None else ""
            return s.display(ind.id, year, language()) + mark
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and ind.computed:
            return _font(italic=True)
        if role == Qt.ItemDataRole.BackgroundRole and ind.computed:
            return _computed_tint()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ind, Col.PRIOR, year)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{ind.label.get(language())}, {year}: {s.display(ind.id, year, language())}"
        if role == Role.INDICATOR:
            return ind.id
        if role == Role.YEAR:
            return year
        if role == Role.VALUE:
            return s.report.get(ind.id, year, s.entity)
        if role == Role.COMPUTED:
            return ind.computed
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and len(Col) <= section < len(Col) + self.earlier_years:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self.earlier_year(section))
            return _RIGHT if role == Qt.ItemDataRole.TextAlignmentRole else None
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Col):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            col = Col(section)
            year = self.session.year if self.session else None
            if col == Col.PRIOR:
                return str(year - 1) if year else tr("col.prior", year="")
            if col == Col.CURRENT:
                return str(year) if year else tr("col.current", year="")
            return tr(f"col.{col.name.lower() if col != Col.LABEL else 'indicator'}")
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (Col.PRIOR, Col.CURRENT, Col.CHANGE):
            return _RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.session is None or self.session.readonly or index.column() >= len(Col):
            return base
        ind = self.rows[index.row()].indicator
        own = self.session.own_indicators
        if own is not None and ind.id not in own:
            return base  # another department's figure, shown for context
        if (index.column() == Col.CURRENT and not ind.computed) or index.column() == Col.EXPLANATION:
            return base | Qt.ItemFlag.ItemIsEditable
        if (
            index.column() == Col.PRIOR
            and self._restatable()
            and (not ind.computed or self.stored(index.row(), self.session.year - 1) is not None)
        ):
            # Typed over, a published figure is restated; a computed one only where a figure was published
            # for it (the demo's printed 2022 waste density), never where the engine alone gives the value.
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _restatable(self) -> bool:
        s = self.session
        return s is not None and self.dialogs is not None and s.report.is_published(s.year - 1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each paint: kept to a few lookups.
        r = index.row()
        if r < 0 or r >= len(self._cells) or self.session is None:  # an invalid index has row -1
            return None
        if type(role) is not int:
            role = int(role)
        if index.column() >= _NCOLS:
            return self._earlier_data(r, index.column(), role)
        if role in _ON_DEMAND:
            return self._data(index, role)
        cells = self._cells[r]
        if cells is None:
            cells = self._cells[r] = self._row_cells(r)
        return cells[index.column()].get(role)

    def _row_cells(self, r: int) -> list[Cell]:
        """Every role a paint asks for, for each cell of row `r`: what `_data` returns, worked out at once."""
        s = self.session
        assert s is not None
        row = self.rows[r]
        ind = row.indicator
        kind = self._status_kind(ind)
        common: Cell = {
            Role.INDICATOR: ind.id,
            Role.DEPTH: row.depth,
            Role.COMPUTED: ind.computed,
            Role.SEVERITY: kind if kind in ("error", "warning", "info") else "",
            Role.YEAR: s.year,
        }
        if row.depth == 0 and ind.id in s.report.catalogue.children:
            common[_FONT] = _font(bold=True)
        cells: list[Cell] = []
        for col in Col:
            cell = dict(common)
            if col == Col.PRIOR:
                cell[Role.YEAR] = s.year - 1
            cell[_DISPLAY] = self._display(ind, col, cell[Role.YEAR])
            if col == Col.PRIOR and s.report.restatement(ind.id, s.year - 1, s.entity) is not None:
                cell[_DISPLAY] += RESTATED_MARK
            if col in (Col.PRIOR, Col.CURRENT, Col.CHANGE):
                cell[_ALIGNMENT] = _RIGHT
            if ind.computed and col in (Col.PRIOR, Col.CURRENT):
                cell[_FONT] = _font(italic=True)
                cell[_BACKGROUND] = _computed_tint()
            if col == Col.STATUS:
                cell[_DECORATION] = icons.status_icon(kind)
            elif col == Col.LABEL and ind.computed:
                cell[_DECORATION] = icons.status_icon("computed")
            elif col == Col.CHANGE and self._needs_explanation(ind):
                cell[_FOREGROUND] = QBrush(icons.WARNING)
            cells.append(cell)
        return cells

    def _data(self, index: AnyIndex, role: int) -> Any:
        """What `data` returns, worked out afresh."""
        s = self.session
        assert s is not None
        row = self.rows[index.row()]
        ind = row.indicator
        col = Col(index.column())
        year = s.year - 1 if col == Col.PRIOR else s.year
        if role == Qt.ItemDataRole.DisplayRole:
            mark = col == Col.PRIOR and s.report.restatement(ind.id, year, s.entity) is not None
            return self._display(ind, col, year) + (RESTATED_MARK if mark else "")
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(ind, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ind, col, year)
        if role == Qt.ItemDataRole.DecorationRole:
            if col == Col.STATUS:
                return icons.status_icon(self._status_kind(ind))
            if col == Col.LABEL and ind.computed:
                return icons.status_icon("computed")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in (Col.PRIOR, Col.CURRENT, Col.CHANGE) else None
        if role == Qt.ItemDataRole.FontRole:
            if ind.computed and col in (Col.PRIOR, Col.CURRENT):
                return _font(italic=True)
            if row.depth == 0 and ind.id in s.report.catalogue.children:
                return _font(bold=True)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if ind.computed and col in (Col.PRIOR, Col.CURRENT):
                return _computed_tint()
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == Col.CHANGE and self._needs_explanation(ind):
            return QBrush(icons.WARNING)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{ind.label.get(language())}, {tr('col.' + col.name.lower()) if col not in (Col.PRIOR, Col.CURRENT, Col.LABEL) else year}: {self._display(ind, col, year) or self._status_text(ind)}"
        if role == Role.INDICATOR:
            return ind.id
        if role == Role.DEPTH:
            return row.depth
        if role == Role.COMPUTED:
            return ind.computed
        if role == Role.SEVERITY:
            kind = self._status_kind(ind)
            return kind if kind in ("error", "warning", "info") else ""
        if role == Role.YEAR:
            return year
        if role == Role.VALUE:
            return s.report.get(ind.id, year, s.entity)
        return None

    # -- cell contents -----------------------------------------------------------------------
    def _display(self, ind: Indicator, col: Col, year: int) -> str:
        s = self.session
        assert s is not None
        lang = language()
        if col == Col.LABEL:
            return ind.label.get(lang)
        if col == Col.UNIT:
            unit = s.report.catalogue.unit_table.get(ind.unit)
            return unit.label.get(lang) if unit and ind.type not in (DataType.TEXT, DataType.BOOLEAN) else ""
        if col in (Col.PRIOR, Col.CURRENT):
            return s.display(ind.id, year, lang)
        if col == Col.CHANGE:
            return self._change_text(ind)
        if col == Col.STATUS:
            return ""
        expl = s.report.explanation(ind.id, s.year, s.entity)
        return expl.text if expl else ""

    def _edit_text(self, ind: Indicator, col: Col) -> str:
        s = self.session
        assert s is not None
        if col in (Col.CURRENT, Col.PRIOR):
            v = s.report.get(ind.id, s.year if col == Col.CURRENT else s.year - 1, s.entity)
            if v is None:
                return ""
            return v.entered or display(v, ind, lang=language())
        if col == Col.EXPLANATION:
            return self._display(ind, col, s.year)
        return self._display(ind, col, s.year)

    def _change(self, ind: Indicator) -> float | None:
        s = self.session
        assert s is not None
        if not ind.type.numeric:
            return None
        cur, prev = s.number(ind.id, s.year), s.number(ind.id, s.year - 1)
        if cur is None or prev is None:
            return None
        if ind.type == DataType.PERCENT:
            return cur - prev
        if prev == 0:
            return None
        return (cur - prev) / abs(prev)

    def _change_text(self, ind: Indicator) -> str:
        c = self._change(ind)
        if c is None:
            return ""
        if ind.type == DataType.PERCENT:
            return tr("change.pp", sign="+" if c > 0 else "−" if c < 0 else "±", value=format_number(abs(c), 2))
        pct = c * 100
        sign = "+" if pct > 0 else "−" if pct < 0 else "±"
        return f"{sign}{format_number(abs(pct), 1)}%"

    def _needs_explanation(self, ind: Indicator) -> bool:
        """The engine's year-over-year finding is open: its threshold, floor and computed-figure rules are
        the engine's alone, so the colour never disagrees with the findings list."""
        s = self.session
        assert s is not None
        if ind.yoy is None:
            return False
        return any(f.rule == "yoy" and not f.explained for f in s.findings_for(ind.id, s.year))

    def open_findings(self, ind: Indicator) -> list[Finding]:
        s = self.session
        assert s is not None
        return [f for f in s.findings_for(ind.id, s.year)]

    def _status_kind(self, ind: Indicator) -> str:
        found = self.open_findings(ind)
        unexplained = [f for f in found if not f.explained]
        if unexplained:
            worst = min(unexplained, key=lambda f: _SEVERITY_RANK[f.severity])
            return worst.severity.value
        return "explained" if found else "ok"

    def _status_text(self, ind: Indicator) -> str:
        found = self.open_findings(ind)
        if not found:
            return tr("tip.ok")
        lang = language()
        return "\n".join(
            f"{tr('sev.' + f.severity.value)}: {f.text(lang)}"
            + (f" ({tr('findings.explained')})" if f.explained else "")
            for f in found
        )

    def _tooltip(self, ind: Indicator, col: Col, year: int) -> str | None:
        s = self.session
        assert s is not None
        lang = language()
        if col == Col.LABEL:
            parts = [ind.label.get(lang), ind.definition.get(lang)]
            if ind.gri:
                codes = ", ".join(g.code + (g.paragraph or "") for g in ind.gri)
                parts.append(tr("tip.gri", codes=codes))
            if ind.formula:
                parts.append(tr("details.computed", formula=ind.formula))
            if ind.required:
                parts.append(tr("tip.required"))
            return "\n".join(parts)
        if col == Col.STATUS:
            return self._status_text(ind)
        if col in (Col.PRIOR, Col.CURRENT):
            stored, computed = s.figure(ind.id, year)
            lines: list[str] = []
            if ind.computed:
                lines.append(tr("details.computed", formula=ind.formula or ""))
                if stored is not None and computed is not None:
                    lines.append(tr("tip.stored", value=display(stored, ind, lang=lang)))
            if stored is not None and stored.entered and stored.entered_unit:
                lines.append(tr("tip.entered", entered=stored.entered))
            if stored is not None and stored.reason:
                lines.append(stored.reason)
            rest = s.report.restatement(ind.id, year, s.entity)
            if rest is not None:
                old = display(rest.previous, ind, lang=lang) if rest.previous is not None else "—"
                lines.append(tr("tip.restated", old=old, reason=rest.reason, by=rest.by, at=rest.at))
            return "\n".join(lines) or None
        if col == Col.EXPLANATION:
            expl = s.report.explanation(ind.id, s.year, s.entity)
            return f"{expl.text}\n— {expl.author}, {expl.at}" if expl else None
        return None

    # -- editing -----------------------------------------------------------------------------
    def key(self, row: int, year: int | None = None) -> Key:
        s = self.session
        assert s is not None
        return Key(s.entity, self.rows[row].indicator.id, year or s.year)

    def check_text(self, index: AnyIndex, text: str) -> str | None:
        """Why the entry would be refused, or None when it would be taken."""
        if self.session is None or not index.isValid():
            return None
        if index.column() == Col.EXPLANATION:
            return None
        try:
            if index.column() == Col.PRIOR:  # a restatement: read as typed; the dialog asks for the rest
                self.session.parse(self.rows[index.row()].indicator.id, text)
                return None
            self._plan_value(index.row(), text)
        except EsgdeskError as exc:
            return self._refusal(self.rows[index.row()].indicator, exc)
        return None

    def _refusal(self, ind: Indicator, exc: EsgdeskError) -> str:
        label = ind.label.get(language())
        if label in exc.message or ind.label.en in exc.message:
            return exc.message
        return tr("msg.refused", label=label, reason=exc.message)

    def _plan_value(self, row: int, text: str) -> Edit | None:
        """The edit typing `text` would make; None when it changes nothing. Raises the core's refusal."""
        s = self.session
        assert s is not None
        ind = self.rows[row].indicator
        if ind.computed:
            raise Refused(tr("msg.computed", label=ind.label.get(language())))
        key = self.key(row)
        new = s.parse(ind.id, text)
        old = s.report.get(ind.id, key.year, key.entity)
        if new is None and old is None:
            return None
        if new is not None and old is not None and new.same_figure(old) and new.entered == old.entered:
            return None
        s.check(key, new)
        return (key, old, new)

    def _describe(self, edit: Edit) -> str:
        s = self.session
        assert s is not None
        key, _, new = edit
        ind = s.indicator(key.indicator)
        label = ind.label.get(language())
        if new is None:
            return tr("cmd.clear", label=label, year=key.year)
        shown = display(new, ind, lang=language())
        unit = s.report.catalogue.unit_table.get(ind.unit)
        if unit and ind.type.numeric and ind.type != DataType.PERCENT:
            shown = f"{shown} {unit.label.get(language())}"
        if new.entered_unit and new.entered:
            shown = tr("status.entered_as", value=shown, entered=new.entered)
        return tr("cmd.set", label=label, year=key.year, value=shown)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.session is None or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        s = self.session
        ind = self.rows[index.row()].indicator
        text = "" if value is None else str(value)
        if index.column() == Col.PRIOR:
            return self._restate(index.row(), text)
        if index.column() == Col.EXPLANATION:
            key = self.key(index.row())
            old = s.report.explanation(ind.id, key.year, key.entity)
            new = text.strip() or None
            if (old.text if old else None) == new:
                return True
            s.undo_stack.push(ExplanationCommand(s, key, old.text if old else None, new, ind.label.get(language())))
            return True
        try:
            edit = self._plan_value(index.row(), text)
        except EsgdeskError as exc:
            s.refused.emit(self._refusal(ind, exc))
            return False
        if edit is not None:
            s.undo_stack.push(SetValuesCommand(s, [edit], self._describe(edit)))
        return True

    def _restate(self, row: int, text: str) -> bool:
        """A published figure typed over: the restatement dialog asks why, then the figure is restated."""
        s = self.session
        assert s is not None and self.dialogs is not None
        ind = self.rows[row].indicator
        key = self.key(row, s.year - 1)
        try:
            new = s.parse(ind.id, text)
            if new is None:
                raise Refused(tr("msg.restate_empty"))
        except EsgdeskError as exc:
            s.refused.emit(self._refusal(ind, exc))
            return False
        old = s.report.get(ind.id, key.year, key.entity)
        if old is not None and new.same_figure(old) and new.entered == old.entered:
            return True
        from esgdesk.gui.restate import RestateCommand, ask_reason  # only a published year's figure needs it

        reason = ask_reason(self.dialogs, ind, key.year, old, new)
        if reason is None:
            return False  # cancelled: the published figure stays as it is
        s.undo_stack.push(RestateCommand(s, key, new, reason, ind.label.get(language())))
        return True

    def clear(self, indexes: list[QModelIndex]) -> None:
        """Delete the figures of the given cells (one undoable step)."""
        if self.session is None or self.session.readonly:
            return
        edits: list[Edit] = []
        for idx in indexes:
            if idx.column() != Col.CURRENT or not self.flags(idx) & Qt.ItemFlag.ItemIsEditable:
                continue
            try:
                edit = self._plan_value(idx.row(), "")
            except EsgdeskError as exc:
                self.session.refused.emit(self._refusal(self.rows[idx.row()].indicator, exc))
                return
            if edit is not None:
                edits.append(edit)
        self._push(edits)

    def plan_paste(self, row: int, texts: list[str]) -> PastePlan:
        """Read a pasted column into consecutive rows from `row`; every value is parsed and checked."""
        s = self.session
        assert s is not None
        edits: list[Edit] = []
        problems: list[str] = []
        n = 0
        for offset, text in enumerate(texts):
            r = row + offset
            if r >= len(self.rows):
                break
            n += 1
            ind = self.rows[r].indicator
            try:
                edit = self._plan_value(r, text)
            except EsgdeskError as exc:
                problems.append(self._refusal(ind, exc))
                continue
            if edit is not None:
                edits.append(edit)
        return PastePlan(edits, problems, n)

    def paste_explanations(self, row: int, texts: list[str]) -> None:
        s = self.session
        assert s is not None
        s.undo_stack.beginMacro(tr("cmd.paste", n=len(texts)))
        try:
            for offset, text in enumerate(texts):
                if row + offset < len(self.rows):
                    self.setData(self.index(row + offset, Col.EXPLANATION), text)
        finally:
            s.undo_stack.endMacro()

    def commit(self, edits: list[Edit]) -> None:
        self._push(edits)

    def _push(self, edits: list[Edit]) -> None:
        if not edits or self.session is None:
            return
        text = self._describe(edits[0]) if len(edits) == 1 else tr("cmd.paste", n=len(edits))
        self.session.undo_stack.push(SetValuesCommand(self.session, edits, text))

    def stored(self, row: int, year: int) -> Value | None:
        s = self.session
        assert s is not None
        return s.report.get(self.rows[row].indicator.id, year, s.entity)
