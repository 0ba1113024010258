"""What the app remembers between runs: kept as Qt's own values, and not written again unchanged."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from esgdesk.gui.settings import AppSettings

# The window's geometry as QWidget.saveGeometry gives it: bytes, NULs and high bytes included.
GEOMETRY = bytes(range(256)) * 2


def test_the_window_geometry_is_kept_as_bytes_not_as_a_pickle(tmp_path: Path) -> None:
    ini = tmp_path / "settings.ini"
    settings = AppSettings.at(ini)
    settings.save_geometry(GEOMETRY)
    settings.sync()
    text = ini.read_text(encoding="latin-1")
    assert "@ByteArray(" in text and "PyObject" not in text  # a pickle would be unpickled on every start
    assert AppSettings.at(ini).geometry == GEOMETRY


def test_a_geometry_stored_as_a_pickle_is_still_read_and_is_rewritten_as_bytes(tmp_path: Path) -> None:
    ini = tmp_path / "settings.ini"
    old = QSettings(str(ini), QSettings.Format.IniFormat)
    old.setValue("ui/geometry", GEOMETRY)  # how esgdesk stored it before: PySide6 pickles Python bytes
    old.sync()
    assert "PyObject" in ini.read_text(encoding="latin-1")
    settings = AppSettings.at(ini)
    assert settings.geometry == GEOMETRY
    settings.save_geometry(GEOMETRY)  # the window closes where it was
    settings.sync()
    assert "PyObject" not in ini.read_text(encoding="latin-1")
    assert AppSettings.at(ini).geometry == GEOMETRY


def test_closing_unmoved_on_the_same_file_leaves_the_settings_file_alone(tmp_path: Path) -> None:
    ini = tmp_path / "settings.ini"
    report = tmp_path / "report.esg"
    settings = AppSettings.at(ini)
    settings.add_recent(report)
    settings.save_geometry(GEOMETRY)
    settings.sync()
    os.utime(ini, (1_000_000_000, 1_000_000_000))  # long ago: any write from here on changes it
    again = AppSettings.at(ini)
    again.add_recent(report)
    again.save_geometry(GEOMETRY)
    again.sync()
    assert ini.stat().st_mtime == 1_000_000_000
    moved = AppSettings.at(ini)
    moved.save_geometry(GEOMETRY[::-1])
    moved.add_recent(tmp_path / "other.esg")
    moved.sync()
    assert AppSettings.at(ini).recent_files[:2] == [(tmp_path / "other.esg").resolve(), report.resolve()]
    assert AppSettings.at(ini).geometry == GEOMETRY[::-1]
