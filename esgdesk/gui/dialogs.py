"""Every question the app asks the user goes through `Dialogs`, so tests can answer them.

The Qt implementation shows standard dialogs; a test subclass returns prepared answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# The module, not its classes: PySide6 builds a class (and all its enums) when it is first named, and no
# dialog is shown before the first paint.
from PySide6 import QtWidgets

from esgdesk.gui.i18n import tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from esgdesk.gui.new_report_wizard import NewReportChoice


class Dialogs:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def ask_open_path(self, title: str, filter_: str) -> Path | None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self.parent, title, "", filter_)
        return Path(path) if path else None

    def ask_save_path(self, title: str, filter_: str, suggested: Path | None = None) -> Path | None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self.parent, title, str(suggested or ""), filter_)
        return Path(path) if path else None

    def ask_directory(self, title: str) -> Path | None:
        path = QtWidgets.QFileDialog.getExistingDirectory(self.parent, title)
        return Path(path) if path else None

    def ask_text(self, title: str, prompt: str, text: str = "", *, multiline: bool = False) -> str | None:
        if multiline:
            value, ok = QtWidgets.QInputDialog.getMultiLineText(self.parent, title, prompt, text)
        else:
            value, ok = QtWidgets.QInputDialog.getText(self.parent, title, prompt, text=text)
        return value if ok else None

    def ask_int(self, title: str, prompt: str, value: int, minimum: int, maximum: int) -> int | None:
        number, ok = QtWidgets.QInputDialog.getInt(self.parent, title, prompt, value, minimum, maximum)
        return number if ok else None

    def choose(self, title: str, prompt: str, items: list[str]) -> int | None:
        """Index of the chosen item, or None."""
        if not items:
            return None
        item, ok = QtWidgets.QInputDialog.getItem(self.parent, title, prompt, items, 0, False)
        return items.index(item) if ok and item in items else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QtWidgets.QMessageBox.question(self.parent, title, text)
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def confirm_upgrade(self, preview: QDialog) -> bool:
        """Show a preview of changes (e.g. a move to another catalogue); True when the user goes ahead."""
        return preview.exec() == QtWidgets.QDialog.DialogCode.Accepted

    def inform(self, title: str, text: str) -> None:
        QtWidgets.QMessageBox.information(self.parent, title, text)

    def new_report(self) -> NewReportChoice | None:
        """File → New's wizard: the template and the company; None when cancelled."""
        from esgdesk.core.templates import list_templates
        from esgdesk.gui.new_report_wizard import NewReportWizard

        wizard = NewReportWizard(list_templates(), self.parent)
        return wizard.choice() if wizard.exec() == QtWidgets.QDialog.DialogCode.Accepted else None

    def edit_properties(self, current: dict[str, str | int]) -> dict[str, str] | None:
        """File → Report Properties: what the user changed; None when cancelled."""
        from esgdesk.gui.properties_dialog import PropertiesDialog

        dialog = PropertiesDialog(current, self.parent)
        return dialog.changes() if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted else None

    def open_in_browser(self, path: Path) -> None:
        """Show a page the app wrote (the XBRL viewer) in the user's browser."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def error(self, title: str, text: str, details: str = "") -> None:
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning, title or tr("title.error"), text, parent=self.parent
        )
        if details:
            box.setInformativeText(details)
        box.exec()

    def error_with_action(self, title: str, text: str, details: str, action: str) -> bool:
        """An error with a way out: True when the user chose `action` rather than Close."""
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning, title or tr("title.error"), text, parent=self.parent
        )
        if details:
            box.setInformativeText(details)
        chosen = box.addButton(action, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QtWidgets.QMessageBox.StandardButton.Close)
        box.setDefaultButton(chosen)
        box.exec()
        return box.clickedButton() is chosen
