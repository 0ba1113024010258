"""Where the data folders (forms/, templates/, exporters/) are; the one place their paths come from.

In order: wherever ESGDESK_DATA points; inside the bundle when frozen (PyInstaller's sys._MEIPASS); inside
the installed package (esgdesk/data/, put there by the wheel's build hook in setup.py and found through
importlib.resources); beside the package in a checkout or an editable install.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_FOLDERS = ("forms", "templates", "exporters")
PACKAGED = "data"  # the folder inside the package that a wheel carries them in


def _packaged_root() -> Path | None:
    from importlib import resources  # 15 ms to import: paid when the data is first needed, not at start-up

    root = resources.files("esgdesk") / PACKAGED
    # A package installed from a wheel lives in a folder; the catalogue reader walks real paths.
    if isinstance(root, Path) and (root / "forms").is_dir():
        return root
    return None


def data_root() -> Path:
    env = os.environ.get("ESGDESK_DATA")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return _packaged_root() or Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return data_root() / "forms"


def templates_dir() -> Path:
    return data_root() / "templates"


def exporters_dir() -> Path:
    return data_root() / "exporters"
