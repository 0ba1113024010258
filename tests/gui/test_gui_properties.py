"""File → Report Properties: the identity is changed as one audited step, undone like any edit, and a wrong
identifier is refused in the dialog as it is typed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialogButtonBox

from esgdesk.core.identifiers import LEI_SCHEME
from esgdesk.core.properties import properties
from esgdesk.core.store import Report
from esgdesk.core.templates import create_report
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.properties_dialog import PropertiesDialog

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

VALID_LEI = "529900T8BM49AURSDO55"


def _window(qtbot: Any, settings: Any, dialogs: FakeDialogs, tmp_path: Path) -> tuple[MainWindow, Path]:
    path = tmp_path / "huaxin.esg"
    create_report(path, "general", company="Huaxin Precision", year=2024).close()
    window = MainWindow(settings, dialogs)
    qtbot.addWidget(window)
    assert window.open_path(path)
    return window, path


def test_the_dialog_refuses_a_wrong_identifier_and_returns_only_what_changed(
    qtbot: Any, tmp_path: Path, settings: Any, dialogs: FakeDialogs
) -> None:
    window, _ = _window(qtbot, settings, dialogs, tmp_path)
    assert window.session is not None
    dialog = PropertiesDialog(properties(window.session.report))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and dialog.changes() == {}
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("lei"))
    dialog.edits["identifier"].setText("529900T8BM49AURSDO56")  # a check digit off
    assert not ok.isEnabled() and "check digits" in dialog.problem.text().lower()
    dialog.edits["identifier"].setText(VALID_LEI)
    dialog.edits["currency"].setText("us")
    assert not ok.isEnabled() and "ISO 4217" in dialog.problem.text()
    dialog.edits["currency"].setText("USD")
    dialog.edits["company_zh"].setText("华鑫精密")
    assert ok.isEnabled()
    assert dialog.changes() == {"identifier": VALID_LEI, "scheme": "lei", "currency": "USD", "company_zh": "华鑫精密"}


def test_a_change_is_audited_and_undone(qtbot: Any, tmp_path: Path, settings: Any, dialogs: FakeDialogs) -> None:
    window, path = _window(qtbot, settings, dialogs, tmp_path)
    assert window.session is not None
    rep = window.session.report
    entries = len(rep.audit_log())
    dialogs.answer("edit_properties", {"company_zh": "华鑫精密", "identifier": VALID_LEI, "scheme": "lei"})
    window.act_properties.trigger()
    props = properties(rep)
    assert (props["company_zh"], props["identifier"], props["scheme"]) == ("华鑫精密", VALID_LEI, LEI_SCHEME)
    assert len(rep.audit_log()) == entries + 2  # the Chinese name, and the identifier with its scheme
    window.session.undo_stack.undo()
    props = properties(rep)
    assert (props["company_zh"], props["identifier"]) == ("", "")
    window.close_report()
    with Report.open(path, readonly=True) as again:  # on disk, and the undo audited too
        assert properties(again)["company_zh"] == "" and len(again.audit_log()) == entries + 4
