"""A report file with a database object esgdesk did not create is refused in the app (opening it,
merging it as a returned file, restoring it as a backup) with a message that names the object, and
nothing is touched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from esgdesk.core.store import Report
from esgdesk.core.workflow.collection import issue
from esgdesk.core.workflow.merge import preview_merge
from esgdesk.gui.main_window import MainWindow
from tests.gui.conftest import FakeDialogs


def test_a_file_with_a_planted_trigger_is_refused_naming_the_trigger(
    mini_window: MainWindow, mini_path: Path, tmp_path: Path, dialogs: FakeDialogs
) -> None:
    crafted = tmp_path / "returned" / "crafted.esg"
    crafted.parent.mkdir()
    shutil.copyfile(mini_path, crafted)
    db = sqlite3.connect(crafted)
    db.execute("CREATE TRIGGER wipe AFTER INSERT ON audit BEGIN DELETE FROM vals WHERE indicator = 'staff'; END")
    db.commit()
    db.close()
    before = hashlib.sha256(crafted.read_bytes()).hexdigest()
    session = mini_window.session
    for read_only in (False, True):
        assert mini_window.open_path(crafted, read_only=read_only) is False
        method, (_title, text, details) = dialogs.asked[-1]
        assert method == "error" and "cannot be opened" in text
        assert "trigger 'wipe' on table 'audit'" in details and "altered outside esgdesk" in details
        assert "crafted.esg" in details and "Traceback" not in details
    assert mini_window.session is session
    assert hashlib.sha256(crafted.read_bytes()).hexdigest() == before


def test_the_merge_preview_refuses_a_returned_file_with_a_planted_trigger(
    qtbot: Any, demo: Report, tmp_path: Path
) -> None:
    from esgdesk.gui.office.merge_dialog import MergeDialog

    returned = tmp_path / "ehs.esg"
    issue(demo, "ehs", returned)
    db = sqlite3.connect(returned)
    db.execute("CREATE TRIGGER wipe AFTER INSERT ON audit BEGIN DELETE FROM vals; END")
    db.commit()
    db.close()
    before = hashlib.sha256(returned.read_bytes()).hexdigest()
    dialog = MergeDialog(demo, preview_merge(demo, [returned]))
    qtbot.addWidget(dialog)
    refused = [dialog.refused.item(i).text() for i in range(dialog.refused.count())]
    assert len(refused) == 1 and "ehs.esg" in refused[0] and "trigger 'wipe' on table 'audit'" in refused[0]
    assert not dialog.merge_button.isEnabled()
    assert hashlib.sha256(returned.read_bytes()).hexdigest() == before


def test_a_backup_with_a_planted_trigger_is_not_restored(
    mini_window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    session = mini_window.session
    assert session is not None
    backup = session.report.backup("test")
    db = sqlite3.connect(backup)
    db.execute("CREATE TRIGGER wipe AFTER INSERT ON audit BEGIN DELETE FROM vals; END")
    db.commit()
    db.close()
    before = hashlib.sha256(backup.read_bytes()).hexdigest()
    target = tmp_path / "restored.esg"
    dialogs.answer("choose", 0)
    dialogs.answer("ask_save_path", target)
    mini_window.restore_backup()
    method, (_title, text, _where) = dialogs.asked[-1]
    assert method == "error" and "trigger 'wipe' on table 'audit'" in text
    assert not target.exists()
    assert mini_window.session is session
    assert hashlib.sha256(backup.read_bytes()).hexdigest() == before
