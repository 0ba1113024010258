"""A department's collection file opened in the app: its sections only, the office's menus off;
and the office's dialogs in Chinese."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QTableWidget, QWidget

from esgdesk.core.store import Report
from esgdesk.core.workflow.collection import claims_of, issue, open_collection
from esgdesk.core.workflow.merge import preview_merge
from esgdesk.gui import i18n
from esgdesk.gui.form_model import Col
from esgdesk.gui.main_window import MainWindow, plain
from esgdesk.gui.section_tree import SECTION_ROLE

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs


def _office_menu(window: MainWindow) -> list[Any]:
    return [a for a in window.menuBar().actions() if a.menu() is not None and a.menu().objectName() == "menu.office"]


def test_a_collection_file_shows_only_its_department(
    qtbot: Any, demo: Report, tmp_path: Path, dialogs: FakeDialogs, settings: Any
) -> None:
    from esgdesk.gui.app import build_window

    path = tmp_path / "hr.esg"
    issue(demo, "hr", path)
    with open_collection(path) as c:
        claims = claims_of(c)
    window = build_window(path, settings=settings, dialogs=dialogs)
    qtbot.addWidget(window)
    assert window.visible_sections == set(claims.sections)
    tree = window.tree.tree_model
    shown = {
        tree.item(a).child(c).data(SECTION_ROLE) for a in range(tree.rowCount()) for c in range(tree.item(a).rowCount())
    }
    assert shown == set(claims.sections)
    assert not window.select_cell("water_total")  # the EHS department's figure is not in this view
    assert window.department and "hr" not in window.status_label.text().lower().split()
    assert window.department in window.status_label.text()
    # What only the ESG office does is switched off; what the department does is on.
    office = _office_menu(window)
    assert office and all(not a.isEnabled() for a in office[0].menu().actions())
    for act in window.office_actions():
        assert not act.isEnabled(), act.objectName()
    assert window.act_save_copy.isEnabled() and window.act_undo is not None
    # In a section shared with another department, the other's figures are read-only here.
    window.tree.select_section("rnd_innovation")
    model = window.form_model
    editable = {
        model.rows[r].indicator.id
        for r in range(model.rowCount())
        if model.flags(model.index(r, Col.CURRENT)) & model.flags(model.index(r, Col.CURRENT)).ItemIsEditable
    }
    assert editable and editable <= set(claims.indicators)
    window.close_report()

    # The master again: the office's view comes back.
    assert window.open_path(demo.path, read_only=True)
    assert window.visible_sections is None and window.department is None
    assert all(a.isEnabled() for a in office[0].menu().actions())
    window.close_report()


def _texts(widget: QWidget) -> list[str]:
    out = [widget.windowTitle()]
    for w in widget.findChildren(QWidget):
        if isinstance(w, QLabel | QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTableWidget):
            out += [w.horizontalHeaderItem(c).text() for c in range(w.columnCount()) if w.horizontalHeaderItem(c)]
    return [t for t in out if t]


def _english_words(texts: list[str], data: set[str]) -> set[str]:
    """Words of the interface left in English: what remains once data (names, files) is taken out."""
    found: set[str] = set()
    for text in texts:
        for d in data:
            text = text.replace(d, " ")
        # Acronyms (EHS, XBRL) read the same in both languages; words with small letters do not.
        found |= {w for w in re.findall(r"[A-Za-z]{3,}", text) if not w.isupper()}
    return found - {"esgdesk"}


def test_office_dialogs_speak_chinese(qtbot: Any, demo: Report, tmp_path: Path, dialogs: FakeDialogs) -> None:
    from esgdesk.gui.office.collection_form import CollectionForm
    from esgdesk.gui.office.entities_dialog import EntitiesDialog
    from esgdesk.gui.office.issue_dialog import IssueDialog
    from esgdesk.gui.office.merge_dialog import MergeDialog
    from esgdesk.gui.office.review_panel import ReviewPanel
    from esgdesk.gui.office.status_view import StatusView

    path = tmp_path / "ehs.esg"
    issue(demo, "ehs", path, deadline="2024-03-31")
    demo.set_text("water_total", "18,000 m3")
    with open_collection(path) as c:
        c.set_text("water_total", "20,000 m3")
        c.set_text("natural_gas_total", "1,000 m3")
    preview = preview_merge(demo, [path])
    data = {
        demo.meta.company,
        path.name,
        *(e.name for e in demo.entities.values()),
        *(e.id for e in demo.entities.values()),
        "m³",
        "ehs",
    }
    i18n.set_language("zh")
    try:
        collection = open_collection(path)
        widgets: list[QWidget] = [
            IssueDialog(demo, dialogs),
            MergeDialog(demo, preview),
            ReviewPanel(demo, dialogs),
            StatusView(demo),
            EntitiesDialog(demo, dialogs),
            CollectionForm(collection),
        ]
        for w in widgets:
            qtbot.addWidget(w)
            texts = _texts(w)
            assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), type(w).__name__
            assert _english_words(texts, data) == set(), type(w).__name__
        collection.close()
    finally:
        i18n.set_language("en")


def test_office_menu_follows_the_language(demo_window: MainWindow) -> None:
    from esgdesk.gui.office import install

    install(demo_window)
    menu = _office_menu(demo_window)[0].menu()
    assert plain(menu.title()) == "ESG Office"
    demo_window.set_language("zh")
    assert plain(menu.title()) == "ESG 办公室"
    assert plain(menu.actions()[0].text()) == "下发填报文件…"
    demo_window.set_language("en")
