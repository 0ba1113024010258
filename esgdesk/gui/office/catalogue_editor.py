"""ESG Office → Catalogue: the report's own indicator catalogue, edited by the ESG office.

A thin layer over `esgdesk.core.catalogue_edit` (the checks of `esgdesk catalogue-check`) and
`esgdesk.core.upgrade` (versions, conversions, the audit log). Every change is a `CatalogueCommand`
on the report's undo stack; a refusal is shown through `Dialogs`, and nothing is half-applied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel, QUndoCommand
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from esgdesk.core import catalogue_edit as ce
from esgdesk.core.catalogue import BreakdownKind, Catalogue, DataType, Text
from esgdesk.core.errors import EsgdeskError
from esgdesk.core.upgrade import UpgradePlan, apply_catalogue, apply_plan, load_source, plan
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.i18n import language, tr
from esgdesk.gui.session import ReportSession

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2


def _num(x: float) -> str:
    """A number as the form shows it, exactly: "0" rather than "0.0", never rounded."""
    return str(int(x)) if x.is_integer() and abs(x) < 2**53 else repr(x)


class CatalogueCommand(QUndoCommand):
    """One change of the report's catalogue; undo puts the previous catalogue back (also audited)."""

    def __init__(self, session: ReportSession, old: Catalogue, new: Catalogue, text: str, why: str | None) -> None:
        super().__init__(text)
        self.session = session
        self.old = old
        self.new = new
        self.why = why

    def _run(self, target: Catalogue, why: str | None) -> None:
        try:
            apply_catalogue(self.session.report, target, why=why, source="app")
        except EsgdeskError as exc:
            self.setObsolete(True)
            self.session.refused.emit(exc.message)
            return
        self.session.saved.emit(tr("status.saved", file=self.session.report.path.name, what=self.text()))

    def redo(self) -> None:
        self._run(self.new, self.why)

    def undo(self) -> None:
        self._run(self.old, "undo")


class CatalogueModel(QStandardItemModel):
    """Areas, their sections and the sections' indicators, in catalogue order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def load(self, cat: Catalogue) -> None:
        self.clear()
        self.setHorizontalHeaderLabels([tr("cat.col_item"), tr("cat.col_id"), tr("cat.col_unit")])
        lang = language()
        for area in cat.areas:
            a = QStandardItem(area.label.get(lang))
            a.setData(area.id, ID_ROLE)
            a.setData("area", KIND_ROLE)
            for section in area.sections:
                s = QStandardItem(section.label.get(lang))
                s.setData(section.id, ID_ROLE)
                s.setData("section", KIND_ROLE)
                for ind in section.indicators:
                    label = ind.label.get(lang) + (f" ({tr('cat.retired')})" if ind.retired else "")
                    row = [QStandardItem(label), QStandardItem(ind.id), QStandardItem(ind.unit)]
                    for item in row:
                        item.setData(ind.id, ID_ROLE)
                        item.setData("indicator", KIND_ROLE)
                        item.setEditable(False)
                    s.appendRow(row)
                s.setEditable(False)
                a.appendRow([s, QStandardItem(section.id), QStandardItem("")])
            a.setEditable(False)
            self.appendRow([a, QStandardItem(area.id), QStandardItem("")])

    def find(self, kind: str, item_id: str) -> QModelIndex:
        for item in self.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive):
            if item.data(KIND_ROLE) == kind and item.data(ID_ROLE) == item_id:
                return item.index()
        return QModelIndex()


class CatalogueEditor(QDialog):
    """The catalogue tree on the left, the chosen indicator's fields on the right."""

    def __init__(self, session: ReportSession, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.dialogs = dialogs
        self.setWindowTitle(tr("cat.title"))
        self.current: str | None = None  # the indicator in the form; None: a new one
        self.model = CatalogueModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setObjectName("catalogue_tree")

        self.id_edit = QLineEdit()
        self.label_en, self.label_zh = QLineEdit(), QLineEdit()
        self.def_en, self.def_zh = QPlainTextEdit(), QPlainTextEdit()
        for box in (self.def_en, self.def_zh):
            box.setMaximumHeight(60)
        self.unit = QComboBox()
        self.unit.setEditable(True)  # typed to search; only the registry's units are accepted
        self.type = QComboBox()
        self.type.addItems([t.value for t in DataType])
        self.decimals = QSpinBox()
        self.decimals.setRange(-6, 10)
        self.owner = QComboBox()
        self.section = QComboBox()
        self.gri = QLineEdit()
        self.gri.setPlaceholderText("305-3, 302-1")
        self.min, self.max, self.yoy = QLineEdit(), QLineEdit(), QLineEdit()
        self.breakdown = QLineEdit()
        self.breakdown_kind = QComboBox()
        self.breakdown_kind.addItems([k.value for k in BreakdownKind])
        self.formula = QLineEdit()
        self.formula_status = QLabel()
        self.formula_status.setObjectName("formula_status")
        self.formula_status.setWordWrap(True)
        self.required = QCheckBox(tr("cat.required"))
        self.why = QLineEdit()  # goes to the audit log with every change made while it is filled in
        self.why.setObjectName("catalogue_why")
        self.why.setPlaceholderText(tr("cat.why_hint"))
        self.formula.textChanged.connect(self.check_formula)

        form = QFormLayout()
        for key, widget in (
            ("cat.id", self.id_edit),
            ("cat.label_en", self.label_en),
            ("cat.label_zh", self.label_zh),
            ("cat.def_en", self.def_en),
            ("cat.def_zh", self.def_zh),
            ("cat.unit", self.unit),
            ("cat.type", self.type),
            ("cat.decimals", self.decimals),
            ("cat.owner", self.owner),
            ("cat.section", self.section),
            ("cat.gri", self.gri),
            ("cat.min", self.min),
            ("cat.max", self.max),
            ("cat.yoy", self.yoy),
            ("cat.breakdown", self.breakdown),
            ("cat.breakdown_kind", self.breakdown_kind),
            ("cat.formula", self.formula),
        ):
            form.addRow(tr(key), widget)
        form.addRow("", self.formula_status)
        form.addRow("", self.required)

        self.new_button = QPushButton(tr("cat.new"))
        self.apply_button = QPushButton(tr("cat.apply"))
        self.retire_button = QPushButton(tr("cat.retire"))
        self.section_button = QPushButton(tr("cat.add_section"))
        self.rename_button = QPushButton(tr("cat.rename_section"))
        self.up_button = QPushButton(tr("cat.move_up"))
        self.down_button = QPushButton(tr("cat.move_down"))
        self.department_button = QPushButton(tr("cat.add_department"))
        self.export_button = QPushButton(tr("cat.export"))
        self.load_button = QPushButton(tr("cat.load"))
        self.new_button.clicked.connect(self.new_indicator)
        self.apply_button.clicked.connect(self.apply)
        self.retire_button.clicked.connect(self.retire)
        self.section_button.clicked.connect(self.add_section)
        self.rename_button.clicked.connect(self.rename_section)
        self.up_button.clicked.connect(lambda: self.move_section(-1))
        self.down_button.clicked.connect(lambda: self.move_section(1))
        self.department_button.clicked.connect(self.add_department)
        self.export_button.clicked.connect(self.export)
        self.load_button.clicked.connect(self.load_folder)

        right = QVBoxLayout()
        self.version_label = QLabel()
        right.addWidget(self.version_label)
        right.addLayout(form)
        right.addStretch(1)
        why_row = QFormLayout()
        why_row.addRow(tr("cat.why"), self.why)
        right.addLayout(why_row)
        row = QHBoxLayout()
        for b in (self.new_button, self.apply_button, self.retire_button):
            row.addWidget(b)
        right.addLayout(row)
        row2 = QHBoxLayout()
        for b in (self.section_button, self.rename_button, self.up_button, self.down_button, self.department_button):
            row2.addWidget(b)
        right.addLayout(row2)
        row3 = QHBoxLayout()
        for b in (self.export_button, self.load_button):
            row3.addWidget(b)
        right.addLayout(row3)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        right.addWidget(close)
        body = QHBoxLayout(self)
        body.addWidget(self.tree, 1)
        body.addLayout(right, 1)

        if session.readonly:  # shown, never changed: the report is open read-only
            for b in (
                self.new_button,
                self.apply_button,
                self.retire_button,
                self.section_button,
                self.rename_button,
                self.up_button,
                self.down_button,
                self.department_button,
                self.load_button,
            ):
                b.setEnabled(False)
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self._unsubscribe = session.catalogue_changed.connect(self.reload)
        self.reload()
        self.new_indicator()

    # -- what is shown --------------------------------------------------------------------------
    @property
    def catalogue(self) -> Catalogue:
        return self.session.report.catalogue

    def reload(self) -> None:
        cat = self.catalogue
        self.model.load(cat)
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 300)
        self.version_label.setText(tr("cat.version", id=cat.id, version=cat.version))
        self.unit.clear()
        self.unit.addItems([u.id for u in cat.units])
        self.owner.clear()
        self.owner.addItem(tr("cat.section_owner"), None)
        for dep in cat.departments:
            self.owner.addItem(dep.name.get(language()), dep.id)
        self.section.clear()
        for sec in cat.sections.values():
            self.section.addItem(sec.label.get(language()), sec.id)
        if self.current is not None and self.current in cat.indicators:
            self.show_indicator(self.current)

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid() and current.data(KIND_ROLE) == "indicator":
            self.show_indicator(str(current.data(ID_ROLE)))
        elif current.isValid() and current.data(KIND_ROLE) == "section":
            self.section.setCurrentIndex(self.section.findData(current.data(ID_ROLE)))

    def selected_section(self) -> str | None:
        index = self.tree.currentIndex()
        if index.isValid() and index.data(KIND_ROLE) == "section":
            return str(index.data(ID_ROLE))
        data = self.section.currentData()
        return str(data) if data else None

    def new_indicator(self) -> None:
        self.current = None
        for w in (
            self.id_edit,
            self.label_en,
            self.label_zh,
            self.gri,
            self.min,
            self.max,
            self.yoy,
            self.breakdown,
            self.formula,
        ):
            w.clear()
        self.def_en.clear()
        self.def_zh.clear()
        self.id_edit.setEnabled(True)
        self.type.setCurrentText(DataType.DECIMAL.value)
        self.decimals.setValue(0)
        self.owner.setCurrentIndex(0)
        self.required.setChecked(False)
        self.breakdown_kind.setCurrentText(BreakdownKind.SUM.value)
        self.formula_status.clear()

    def show_indicator(self, indicator_id: str) -> None:
        cat = self.catalogue
        ind = cat.indicators[indicator_id]
        self.current = indicator_id
        self.id_edit.setText(ind.id)
        self.id_edit.setEnabled(not self.holds_figures(ind.id))  # fixed once it holds figures
        self.label_en.setText(ind.label.en)
        self.label_zh.setText(ind.label.zh)
        self.def_en.setPlainText(ind.definition.en)
        self.def_zh.setPlainText(ind.definition.zh)
        self.unit.setCurrentText(ind.unit)
        self.type.setCurrentText(ind.type.value)
        self.decimals.setValue(ind.decimals)
        self.owner.setCurrentIndex(max(0, self.owner.findData(ind.owner)) if ind.owner else 0)
        self.section.setCurrentIndex(self.section.findData(cat.section_of[ind.id].id))
        self.gri.setText(", ".join(g.code for g in ind.gri))
        self.min.setText("" if ind.min is None else _num(ind.min))
        self.max.setText("" if ind.max is None else _num(ind.max))
        self.yoy.setText("" if ind.yoy is None else _num(ind.yoy.threshold))
        self.breakdown.setText(ind.breakdown.of if ind.breakdown else "")
        self.breakdown_kind.setCurrentText(ind.breakdown.kind.value if ind.breakdown else BreakdownKind.SUM.value)
        self.formula.setText(ind.formula or "")
        self.required.setChecked(ind.required)

    def holds_figures(self, indicator_id: str) -> bool:
        rep = self.session.report
        return indicator_id in rep.held_indicators()

    # -- the indicator in the form -------------------------------------------------------------------
    def spec(self) -> dict[str, Any]:
        """The form as the catalogue's fields (numbers that do not read are left to the checks to name)."""

        def number(text: str) -> Any:
            text = text.strip()
            if not text:
                return None
            try:
                return float(text)
            except ValueError:
                return text

        yoy = number(self.yoy.text())
        breakdown = self.breakdown.text().strip()
        old = self.catalogue.indicators.get(self.current) if self.current else None
        return {
            "id": self.id_edit.text().strip(),
            "label": {"en": self.label_en.text().strip(), "zh": self.label_zh.text().strip()},
            "definition": {
                "en": self.def_en.toPlainText().strip() or self.label_en.text().strip(),
                "zh": self.def_zh.toPlainText().strip(),
            },
            "unit": self.unit.currentText().strip(),
            "type": self.type.currentText(),
            "decimals": self.decimals.value(),
            "owner": self.owner.currentData(),
            "gri": [{"code": c.strip()} for c in self.gri.text().replace(";", ",").split(",") if c.strip()],
            "min": number(self.min.text()),
            "max": number(self.max.text()),
            "yoy": None if yoy is None else {"threshold": yoy, **({"floor": old.yoy.floor} if old and old.yoy else {})},
            "breakdown": None
            if not breakdown
            else {
                **(old.breakdown.model_dump() if old and old.breakdown and old.breakdown.of == breakdown else {}),
                "of": breakdown,
                "kind": self.breakdown_kind.currentText(),
            },
            "formula": self.formula.text().strip() or None,
            "required": self.required.isChecked(),
        }

    def candidate(self, spec: dict[str, Any] | None = None) -> Catalogue:
        """The catalogue with the form applied; CatalogueError says what is wrong with it."""
        spec = spec or self.spec()
        section = self.section.currentData() or self.selected_section()
        if self.current is None:
            return ce.add_indicator(self.catalogue, str(section), spec)
        changes = dict(spec)
        if section and section != self.catalogue.section_of[self.current].id:
            changes["section"] = section
        return ce.edit_indicator(self.catalogue, self.current, changes)

    def check_formula(self, text: str) -> bool:
        """Checked as it is typed, with the checks used on saving: it parses, names known indicators, no cycle."""
        if not text.strip():
            self.formula_status.clear()
            return True
        cat = self.catalogue
        try:
            if self.current is None:
                unit = self.unit.currentText().strip()
                ce.add_indicator(
                    cat,
                    next(iter(cat.sections)),
                    {
                        "id": self.id_edit.text().strip() or "new_indicator",
                        "label": {"en": "new"},
                        "unit": unit if unit in cat.unit_table else cat.units[0].id,
                        "type": "decimal",
                        "formula": text.strip(),
                    },
                )
            else:
                ce.edit_indicator(cat, self.current, {"formula": text.strip()})
        except EsgdeskError as exc:
            self.formula_status.setText(tr("cat.formula_bad", problem=exc.message))
            return False
        self.formula_status.setText(tr("cat.formula_ok"))
        return True

    def _push(self, new: Catalogue, text: str, why: str | None = None) -> bool:
        rep = self.session.report
        why = why or self.why.text().strip() or None
        try:
            plan(rep, new, keep_missing=False)  # refused here (an id holding figures), not half-way
        except EsgdeskError as exc:
            self.dialogs.error(tr("cat.refused"), exc.message, exc.where or "")
            return False
        self.session.undo_stack.push(CatalogueCommand(self.session, rep.catalogue, new, text, why))
        return True

    def apply(self) -> bool:
        try:
            new = self.candidate()
        except EsgdeskError as exc:
            self.dialogs.error(tr("cat.refused"), exc.message, exc.where or "")
            return False
        spec_id = self.id_edit.text().strip()
        text = tr("cat.cmd_add", id=spec_id) if self.current is None else tr("cat.cmd_edit", id=self.current)
        if not self._push(new, text):
            return False
        self.current = spec_id
        self.reload()
        index = self.model.find("indicator", spec_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        return True

    def retire(self) -> None:
        if self.current is None:
            return
        reason = self.dialogs.ask_text(tr("cat.retire"), tr("cat.retire_why", id=self.current))
        if not reason:
            return
        try:
            new = ce.retire_indicator(self.catalogue, self.current, reason)
        except EsgdeskError as exc:
            self.dialogs.error(tr("cat.refused"), exc.message, exc.where or "")
            return
        self._push(new, tr("cat.cmd_retire", id=self.current), reason)

    # -- sections and departments --------------------------------------------------------------------
    def add_section(self) -> None:
        cat = self.catalogue
        section_id = self.dialogs.ask_text(tr("cat.add_section"), tr("cat.section_id"))
        if not section_id:
            return
        label = self.dialogs.ask_text(tr("cat.add_section"), tr("cat.section_label"))
        if not label:
            return
        areas = [a.label.get(language()) for a in cat.areas]
        area = self.dialogs.choose(tr("cat.add_section"), tr("cat.section_area"), areas)
        owners = [d.name.get(language()) for d in cat.departments]
        owner = self.dialogs.choose(tr("cat.add_section"), tr("cat.section_owner_q"), owners)
        if area is None or owner is None:
            return
        label_zh = self.dialogs.ask_text(tr("cat.add_section"), tr("cat.section_label_zh")) or ""
        try:
            new = ce.add_section(
                cat,
                cat.areas[area].id,
                section_id.strip(),
                Text(label.strip(), label_zh.strip()),
                cat.departments[owner].id,
            )
        except EsgdeskError as exc:
            self.dialogs.error(tr("cat.refused"), exc.message, exc.where or "")
            return
        self._push(new, tr("cat.cmd_section", id=section_id))

    def rename_section(self) -> None:
        sid = self.selected_section()
        if sid is None:
            return
        old = self.catalogue.sections[sid].label
        label = self.dialogs.ask_text(tr("cat.rename_section"), tr("cat.section_label"), old.en)
        if not label:
            return
        label_zh = self.dialogs.ask_text(tr("cat.rename_section"), tr("cat.section_label_zh"), old.zh)
        try:
            new = ce.rename_section(
                self.catalogue, sid, Text(label.strip(), old.zh if label_zh is None else label_zh.strip())
            )
        except EsgdeskError as exc:
            self.dialogs.error(tr("cat.refused"), exc.message, exc.where or "")
            return
        self._push(new, tr("cat.cmd_section", id=sid))

    def move_section(self, step: int) -> None:
        sid = self.selected_section()
        if sid is None:
            return
        area = self.catalogue.area_of[sid]
        here = [s.id for s in area.sections].index(sid)
        if not 0 <= here + step < len(area.sections):
            return
        self._push(ce.move_section(self.catalogue, sid, here + step), tr("cat.cmd_section", id=sid))

    def add_department(self) -> None:
        dep_id = self.dialogs.ask_text(tr("cat.add_department"), tr("cat.department_id"))
        if not dep_id:
            return
        name = self.dialogs.ask_text(tr("cat.add_department"), tr("cat.department_name"))
        if not name:
            return
        name_zh = self.dialogs.ask_text(tr("cat.add_department"), tr("cat.department_name_zh")) or ""
        try:
            new = ce.add_department(self.catalogue, dep_id.strip(), Text(name.strip(), name_zh.strip()))
        except EsgdeskError as exc:
            self.dialogs.error(tr("cat.refused"), exc.message, exc.where or "")
            return
        self._push(new, tr("cat.cmd_department", id=dep_id))

    # -- forms folders ---------------------------------------------------------------------------------
    def export(self) -> None:
        from esgdesk.core.catalogue_files import export_forms

        folder = self.dialogs.ask_directory(tr("cat.export"))
        if folder is None:
            return
        try:
            export_forms(self.catalogue, folder / f"{self.catalogue.id}-{self.catalogue.version}")
        except EsgdeskError as exc:
            self.dialogs.error(tr("cat.refused"), exc.message, exc.where or "")

    def load_folder(self) -> None:
        folder = self.dialogs.ask_directory(tr("cat.load"))
        if folder is not None:
            upgrade_from(self.session, folder, self.dialogs, self)


def upgrade_from(session: ReportSession, source: Path | str, dialogs: Dialogs, parent: QWidget | None = None) -> bool:
    """Preview a move to the catalogue in `source`, and make it only when the office confirms it."""
    rep = session.report
    try:
        p = plan(rep, load_source(source, exclude=rep.path))
    except EsgdeskError as exc:
        dialogs.error(tr("cat.refused"), exc.message, exc.where or "")
        return False
    if p.empty:
        dialogs.inform(tr("cat.upgrade"), tr("cat.upgrade_nothing"))
        return False
    dialog = UpgradePreview(p, parent)
    if not dialogs.confirm_upgrade(dialog):
        return False
    try:
        saved = apply_plan(rep, p, why=f"catalogue from {source}", source="upgrade")
    except EsgdeskError as exc:
        dialogs.error(tr("cat.refused"), exc.message, exc.where or "")
        return False
    # Undoing a move to another catalogue is restoring the backup: it is not on the undo stack.
    session.undo_stack.clear()
    session.saved.emit(tr("cat.upgraded", version=p.new.version, backup=str(saved)))
    return True


class UpgradePreview(QDialog):
    """What moving to the new catalogue changes: nothing is written until the office confirms."""

    def __init__(self, p: UpgradePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = p
        self.setWindowTitle(tr("cat.upgrade"))
        layout = QVBoxLayout(self)
        lang = language()
        layout.addWidget(QLabel(tr("cat.upgrade_head", old=p.old.version, new=p.new.version, summary=p.summary(lang))))
        self.changes = QPlainTextEdit("\n".join(p.lines(lang)[1:]))
        self.changes.setReadOnly(True)
        layout.addWidget(self.changes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("cat.upgrade_go"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
