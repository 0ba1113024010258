"""Evidence in the details pane: the files attached to the selected figure, to open, save or add.

Files are added with the Attach button or by dropping them onto the pane; each addition is an
undoable command (undo detaches the file again, and the audit log keeps both). File → Export →
Evidence Pack writes the pack for an assurance provider in a worker thread.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QUndoCommand
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from esgdesk.core.errors import EsgdeskError
from esgdesk.core.evidence import Attachment, limit_mb, read_file
from esgdesk.core.jobs import CancelToken, Progress
from esgdesk.core.store.files import replacing
from esgdesk.gui.commands import _fail, _file
from esgdesk.gui.dialogs import Dialogs
from esgdesk.gui.i18n import language, tr
from esgdesk.gui.session import ReportSession

# Evidence handed to the system's viewer is written under one private folder per run of the app, which
# Python removes when the app exits (the viewer may still hold a file open until then, so not sooner).
_viewing: tempfile.TemporaryDirectory[str] | None = None


def viewing_folder() -> Path:
    """A new private folder for one file to open in a viewer, inside the folder removed at exit."""
    global _viewing
    if _viewing is None:
        _viewing = tempfile.TemporaryDirectory(prefix="esgdesk-evidence-", ignore_cleanup_errors=True)
    return Path(tempfile.mkdtemp(dir=_viewing.name))


if TYPE_CHECKING:
    from esgdesk.gui.main_window import MainWindow


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


class AttachCommand(QUndoCommand):
    """Attach one file to a figure; undo detaches it (a new durable change, kept in the audit log)."""

    def __init__(self, session: ReportSession, target: str, year: int, entity: str, name: str, data: bytes) -> None:
        super().__init__(tr("cmd.attach", name=name, target=target, year=year))
        self.session = session
        self.target, self.year, self.entity, self.name, self.data = target, year, entity, name, data
        self.attached: Attachment | None = None

    def redo(self) -> None:
        try:
            self.attached = self.session.report.attach(
                self.target, self.name, self.data, year=self.year, entity=self.entity
            )
        except EsgdeskError as exc:
            t, y, e, n, d = self.target, self.year, self.entity, self.name, self.data
            _fail(self, self.session, exc, lambda s: s.undo_stack.push(AttachCommand(s, t, y, e, n, d)))
            return
        self.session.saved.emit(tr("status.saved", file=_file(self.session), what=self.text()))

    def undo(self) -> None:
        if self.attached is None:
            return
        try:
            self.session.report.detach(self.attached.id)
        except EsgdeskError as exc:
            _fail(self, self.session, exc, lambda s: None)
            return
        self.attached = None
        self.session.saved.emit(tr("status.undone", what=self.text()))


class EvidencePanel(QWidget):
    """The attachments of one indicator (every year and entity), with Attach, Open and Save As."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: ReportSession | None = None
        self.dialogs: Dialogs | None = None  # set by the window; without it the buttons ask nothing
        self.indicator_id = ""
        # How a file is shown to the user; tests replace it.
        self.opener: Callable[[Path], object] = lambda p: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p)))
        self.title = QLabel()
        self.files = QListWidget()
        self.files.setMaximumHeight(120)
        self.files.setWordWrap(True)
        self.files.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.attach_button = QPushButton()
        self.open_button = QPushButton()
        self.save_button = QPushButton()
        self.attach_button.clicked.connect(self.ask_and_attach)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.files.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.files)
        layout.addWidget(self.hint)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (self.attach_button, self.open_button, self.save_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.setAcceptDrops(True)
        self.retranslate()

    # -- showing ---------------------------------------------------------------------------
    def show_indicator(self, session: ReportSession | None, indicator_id: str) -> None:
        self.session = session
        self.indicator_id = indicator_id
        self.refresh()

    def attachments(self) -> list[Attachment]:
        """The figure's files, then its section's (evidence for the whole section, e.g. a policy)."""
        s = self.session
        if s is None or not self.indicator_id:
            return []
        section = s.report.catalogue.section_of[self.indicator_id].id
        return [
            a
            for a in (*s.report.attachments(target=self.indicator_id), *s.report.attachments(target=section))
            if a.entity == s.entity
        ]

    def refresh(self) -> None:
        self.files.clear()
        for a in sorted(self.attachments(), key=lambda a: (-a.year, a.id)):
            where = f" · {tr('evidence.section')}" if a.section is not None else ""
            item = QListWidgetItem(f"{a.name}\n{a.year}{where} · {_size(a.size)}" + (f" · {a.note}" if a.note else ""))
            item.setToolTip(
                f"{a.name}\n{a.added_by}, {a.added_at}\nSHA-256 {a.sha256}" + (f"\n{a.note}" if a.note else "")
            )
            item.setData(256, a.id)
            self.files.addItem(item)
        self.files.setVisible(self.files.count() > 0)  # the hint below says where files go
        s = self.session
        if s is not None and self.indicator_id:
            ind = s.report.catalogue.indicators[self.indicator_id]
            needed = tr("evidence.needed") if ind.evidence else ""
            self.hint.setText(" ".join(t for t in (needed, tr("evidence.hint", limit=f"{limit_mb(s.report):g}")) if t))
        self._update_buttons()

    def _update_buttons(self) -> None:
        s = self.session
        self.attach_button.setEnabled(bool(s is not None and self.indicator_id and not s.readonly))
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)

    def selected(self) -> Attachment | None:
        item = self.files.currentItem()
        if item is None:
            return None
        wanted = item.data(256)
        return next((a for a in self.attachments() if a.id == wanted), None)

    # -- adding ----------------------------------------------------------------------------
    def attach_paths(self, paths: list[Path], *, section: str | None = None) -> int:
        """Attach files to the figure (or to `section`) of the report's year; a refused file is said, the
        others still go in."""
        s = self.session
        target = section or self.indicator_id
        if s is None or not target or s.readonly:
            return 0
        done = 0
        problems: list[str] = []
        for path in paths:
            try:
                name, data = read_file(path, limit_mb(s.report))
            except EsgdeskError as exc:
                problems.append(str(exc))
                continue
            before = s.undo_stack.count()
            s.undo_stack.push(AttachCommand(s, target, s.year, s.entity, name, data))
            done += s.undo_stack.count() > before
        if problems and self.dialogs is not None:
            self.dialogs.error(tr("title.attach"), tr("msg.attach_refused"), "\n".join(problems))
        self.refresh()
        return done

    def ask_and_attach(self) -> None:
        if self.dialogs is None:
            return
        path = self.dialogs.ask_open_path(tr("title.attach"), tr("filter.any"))
        if path is not None:
            self.attach_paths([path])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        s = self.session
        if s is not None and self.indicator_id and not s.readonly and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.attach_paths(paths):
            event.acceptProposedAction()
        else:
            event.ignore()

    # -- opening and saving ----------------------------------------------------------------
    def _bytes(self, a: Attachment) -> bytes | None:
        assert self.session is not None
        try:
            return self.session.report.evidence_bytes(a.sha256)
        except EsgdeskError as exc:
            if self.dialogs is not None:
                self.dialogs.error(tr("title.attach"), str(exc))
            return None

    def open_selected(self) -> Path | None:
        """Write the file to a private temporary folder and hand it to the system's viewer."""
        a = self.selected()
        if a is None:
            return None
        data = self._bytes(a)
        if data is None:
            return None
        path = viewing_folder() / a.name  # the name was checked when attached: a plain name, no folders
        path.write_bytes(data)
        self.opener(path)
        return path

    def save_selected(self) -> Path | None:
        a = self.selected()
        if a is None or self.dialogs is None:
            return None
        target = self.dialogs.ask_save_path(tr("title.save_evidence"), tr("filter.any"), Path.home() / a.name)
        if target is None:
            return None
        data = self._bytes(a)
        if data is None:
            return None
        try:
            with replacing(target, "saving") as tmp:
                tmp.write_bytes(data)
        except OSError as exc:
            self.dialogs.error(tr("title.save_evidence"), f"{target}: {exc.strerror or exc}")
            return None
        return target

    def retranslate(self) -> None:
        self.title.setText(tr("details.evidence"))
        self.attach_button.setText(tr("evidence.attach"))
        self.open_button.setText(tr("evidence.open"))
        self.save_button.setText(tr("evidence.save"))
        self.files.setAccessibleName(tr("details.evidence"))
        self.refresh()


def export_evidence_pack(window: MainWindow) -> None:
    """File → Export → Evidence Pack: the zip for an assurance provider, written in a worker."""
    s = window.session
    if s is None:
        return
    rep = s.report
    path = window.dialogs.ask_save_path(
        tr("title.export_evidence"), tr("filter.zip"), rep.path.with_name(f"{rep.path.stem}-evidence.zip")
    )
    if path is None:
        return

    def job(progress: Progress, cancel: CancelToken) -> Path:
        from esgdesk.exports.evidence_pack import write_evidence_pack

        write_evidence_pack(rep, path, progress=progress, cancel=cancel)
        return path

    window.start_job(
        job,
        tr("job.export_evidence"),
        lambda result: window.statusBar().showMessage(tr("msg.export_done", path=result)),
    )


def attach_to_section(window: MainWindow) -> None:
    """Section → Attach Evidence to the Section: a file for the whole section (a policy, a certificate)."""
    s, section = window.session, window.form_model.section_id
    if s is None or section is None or s.readonly:
        return
    path = window.dialogs.ask_open_path(
        tr("title.attach_section", section=s.report.catalogue.sections[section].label.get(language())), tr("filter.any")
    )
    if path is not None:
        window.details.evidence.attach_paths([path], section=section)
