"""The domain core runs without Qt: importing every core and export module loads no PySide6."""

from __future__ import annotations

import contextlib
import pkgutil
import subprocess
import sys

import esgdesk.core


def _modules(package: str) -> list[str]:
    mod = __import__(package, fromlist=["x"])
    return [package] + [m.name for m in pkgutil.walk_packages(mod.__path__, package + ".")]


def test_core_and_exports_import_no_qt() -> None:
    names = _modules("esgdesk.core")
    with contextlib.suppress(ImportError):
        names += _modules("esgdesk.exports")
    code = (
        "import sys\n"
        f"for n in {names!r}: __import__(n)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"Qt imported by the core: {out.stdout}"
    assert esgdesk.core.__doc__ and "No Qt" in esgdesk.core.__doc__


def test_core_source_never_names_qt() -> None:
    from pathlib import Path

    root = Path(esgdesk.core.__file__).parent.parent
    offenders = []
    for folder in ("core", "exports"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "PySide6" in text or "from Qt" in text or "import Qt" in text:
                offenders.append(str(path))
    assert offenders == []
