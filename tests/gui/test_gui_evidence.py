"""Evidence in the details pane: attach with the button or by dropping files, open, save; undo detaches;
File → Export → Evidence Pack writes the pack in a worker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from esgdesk.gui.main_window import MainWindow
from tests.gui.test_gui_editing import _report

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs


def _bill(tmp_path: Path, name: str = "bill-2023-12.pdf", data: bytes = b"%PDF electricity bill") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_attach_with_the_button_open_save_and_undo(
    demo_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    rep = _report(demo_window)
    assert demo_window.select_cell("electricity_total")
    panel = demo_window.details.evidence
    assert panel.isVisibleTo(demo_window.details) and panel.attach_button.isEnabled()
    dialogs.answer("ask_open_path", _bill(tmp_path))
    panel.attach_button.click()
    [att] = rep.attachments(target="electricity_total")
    assert (att.name, att.year, att.added_by) == ("bill-2023-12.pdf", 2023, "tester")
    assert panel.files.count() == 1 and "bill-2023-12.pdf" in panel.files.item(0).text()
    assert "Saved to" in demo_window.statusBar().currentMessage()
    panel.files.setCurrentRow(0)
    opened: list[Path] = []
    panel.opener = opened.append
    panel.open_button.click()
    assert opened[0].name == "bill-2023-12.pdf" and opened[0].read_bytes() == b"%PDF electricity bill"
    target = tmp_path / "out" / "saved.pdf"
    target.parent.mkdir()
    dialogs.answer("ask_save_path", target)
    panel.save_button.click()
    assert target.read_bytes() == b"%PDF electricity bill"
    demo_window.session.undo_stack.undo()
    assert rep.attachments() == [] and panel.files.count() == 0
    demo_window.session.undo_stack.redo()
    assert len(rep.attachments()) == 1


def test_files_dropped_on_the_pane_are_attached_and_bad_ones_refused(
    qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    rep = _report(demo_window)
    assert demo_window.select_cell("employees_total")
    panel = demo_window.details.evidence
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(_bill(tmp_path, "roster.xlsx", b"PK roster"))),
            QUrl.fromLocalFile(str(tmp_path / "vanished.pdf")),
        ]
    )
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    panel.dropEvent(event)
    assert [a.name for a in rep.attachments(target="employees_total")] == ["roster.xlsx"]
    [(title, text, details)] = [args for m, args in dialogs.asked if m == "error"]
    assert "vanished.pdf" in details and "no such file" in details


def test_evidence_pack_from_the_file_menu(
    qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    rep = _report(demo_window)
    rep.attach("electricity_total", "bill.pdf", b"bill")
    out = tmp_path / "pack.zip"
    dialogs.answer("ask_save_path", out)
    demo_window.act_export_evidence.trigger()
    qtbot.waitUntil(lambda: not demo_window.jobs, timeout=20000)
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert [a["name"] for a in manifest["attachments"]] == ["bill.pdf"]


def test_evidence_for_a_whole_section_from_the_section_menu(
    demo_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    rep = _report(demo_window)
    assert demo_window.select_cell("water_total")
    section = demo_window.form_model.section_id
    assert section is not None and demo_window.act_attach_section.isEnabled()
    dialogs.answer("ask_open_path", _bill(tmp_path, "iso14001-certificate.pdf", b"%PDF certificate"))
    demo_window.act_attach_section.trigger()
    [att] = rep.attachments(target=section)
    assert (att.section, att.indicator, att.name) == (section, None, "iso14001-certificate.pdf")
    panel = demo_window.details.evidence  # listed with every figure of the section
    assert panel.files.count() == 1 and "for the section" in panel.files.item(0).text()
    demo_window.session.undo_stack.undo()
    assert rep.attachments() == []


def test_files_opened_in_a_viewer_are_removed_when_the_app_exits(tmp_path: Path) -> None:
    """Each opened file has a private folder of its own, all of them under one folder the exit removes."""

    code = (
        "from esgdesk.gui.evidence_panel import viewing_folder\n"
        "a, b = viewing_folder(), viewing_folder()\n"
        "(a / 'bill.pdf').write_bytes(b'%PDF')\n"
        "assert a != b and a.parent == b.parent\n"
        "print(a.parent)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "TMPDIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
    )
    parent = Path(out.stdout.strip())
    assert parent.parent == tmp_path and parent.name.startswith("esgdesk-evidence-")
    assert not parent.exists()
