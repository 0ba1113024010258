"""Spares PySide6's import hook from reading the source of modules whose answer is already known.

Once PySide6 is loaded, every module named in an import statement is checked once for whether it
uses PySide6, by reading its whole source text (`shibokensupport.feature`, for the `__feature__`
switches, which esgdesk does not use). At start-up that is some 65 modules, typing, enum and
esgdesk's own among them: about 5 ms before the first paint. The answers are known in advance:
esgdesk's GUI modules use PySide6, and no module loaded before PySide6 does (the core is Qt-free,
which an import contract holds). They are written into the hook's table before it asks.

The table is PySide6's internal; when a release renames it this does nothing and the hook reads
the sources as before (`tests/gui/test_gui_start_up.py` notices).
"""

from __future__ import annotations

import os
import sys

USES_PYSIDE = 0  # the hook's value for a module that uses PySide6 without feature switches
NOT_PYSIDE = -1  # the hook's value for a module it leaves alone


def feature_table() -> dict[str, int] | None:
    """PySide6's table of which modules use it, when this release keeps one."""
    table = getattr(sys.modules.get("shibokensupport.feature"), "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


def prefill(loaded_before: frozenset[str]) -> None:
    """Enter the modules loaded before PySide6 (`loaded_before`) and esgdesk's GUI modules."""
    table = feature_table()
    if table is None:
        return
    for name in loaded_before:
        if not name.startswith(("PySide6", "shiboken")):
            table.setdefault(name, NOT_PYSIDE)
    package = __name__.rpartition(".")[0]
    folder = os.path.dirname(__file__)
    for root, dirs, files in os.walk(folder):  # in a frozen bundle there are no sources: nothing to spare
        dirs[:] = [d for d in dirs if not d.startswith("__")]
        rel = os.path.relpath(root, folder)
        base = package if rel == "." else f"{package}.{rel.replace(os.sep, '.')}"
        for file in files:
            if file.endswith(".py"):
                stem = file[:-3]
                table.setdefault(base if stem == "__init__" else f"{base}.{stem}", USES_PYSIDE)
