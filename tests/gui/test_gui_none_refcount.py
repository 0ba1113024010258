"""The app survives a long session of repaints and exits cleanly (PySide6 6.12 on Python 3.11 lost a
reference to None on every call returning nothing and aborted; pyproject.toml keeps that release out)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def test_many_paints_then_a_clean_exit(demo_path: Path, tmp_path: Path) -> None:
    # Enough repaints of the whole window to use up None's own references where they are lost.
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from esgdesk.gui.app import build_window, create_app
        from esgdesk.gui.settings import AppSettings
        app = create_app()
        window = build_window(Path({str(demo_path)!r}), settings=AppSettings.at(Path({str(tmp_path / "s.ini")!r})))
        window.resize(1440, 900)
        window.show()
        for _ in range(60):
            window.grab()
        window.close()
        print("closed")
    """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("closed")
