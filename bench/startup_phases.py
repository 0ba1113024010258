"""`python -m bench.startup_phases [RUNS]`: where the `startup` row's time goes, phase by phase.

Both sides are started as the bench starts them (fresh processes, offscreen, closing after the first
paint) and stamp the wall clock as they pass each phase; the parent stamps the launch and the exit.
The app runs esgdesk's own start-up path (`esgdesk.gui.app.run_app`), its phases seen through thin
wrappers; the bare window is the bench's own, stamped. Medians over RUNS runs (default 15), interleaved.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.cases_app import BARE_WINDOW, _child_env, demo_report

STAMP = "import os, time\ndef _stamp(what):\n    os.write(2, f'@@ {time.time()} {what}\\n'.encode())\n"

APP = (
    STAMP
    + """
_stamp("Python and site")
import gc, sys
from pathlib import Path
gc.disable()  # as esgdesk.cli.main.start_app does
import esgdesk.core.store, esgdesk.core.validation
_stamp("esgdesk's core modules")
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
_stamp("PySide6's import")
import esgdesk.gui.app as app_module
from esgdesk.gui import main_window
_stamp("esgdesk's GUI modules")
window_class = main_window.MainWindow
plain_init, plain_open = window_class.__init__, window_class.open_path
def init(self, *args, **kwargs):
    _stamp("QApplication, settings")
    plain_init(self, *args, **kwargs)
    _stamp("MainWindow()")
def open_path(self, *args, **kwargs):
    done = plain_open(self, *args, **kwargs)
    _stamp("opening the report")
    return done
window_class.__init__, window_class.open_path = init, open_path
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            _stamp("first paint")
        return False
plain_exec = QApplication.exec
def exec_(*_args):
    # On the shown window, as the app watches for its own first paint: a filter on the whole
    # application would hand every event to Python and slow what it measures.
    watcher = Painted()
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, window_class) and w.isVisible())
    window.installEventFilter(watcher)
    _stamp("office menu, geometry, show()")
    code = plain_exec()
    _stamp("painting done, closing")
    return code
QApplication.exec = exec_
code = app_module.run_app(Path(sys.argv[1]))
sys.exit(code)
"""
)


def _stamped(script: str, marks: list[tuple[str, str]]) -> str:
    """`script` with a stamp before each line named in `marks` (line, phase); each line must be there."""
    for line, phase in marks:
        if line not in script:
            raise RuntimeError(f"the bare window no longer has the line {line!r}: update bench.startup_phases")
        indent = line[: len(line) - len(line.lstrip())]
        script = script.replace(line, f"{indent}_stamp({phase!r})\n{line}", 1)
    return script


_EXIT = "sys.exit(app.exec())"
BARE = STAMP + _stamped(
    '_stamp("Python and site")\n' + BARE_WINDOW.replace(_EXIT, "code = app.exec()\nsys.exit(code)"),
    [
        ("app = QApplication(sys.argv)", "PySide6's import"),
        ("model = QStandardItemModel(40, 7)", "QApplication, settings"),
        ("window.installEventFilter(FirstPaint(window))", "MainWindow()"),
        ("            QTimer.singleShot(0, window.close)", "first paint"),
        ("sys.exit(code)", "painting done, closing"),
    ],
)
if _EXIT not in BARE_WINDOW:
    raise RuntimeError("the bare window no longer ends with sys.exit(app.exec()): update bench.startup_phases")

PHASES = (
    "Python and site",
    "esgdesk's core modules",
    "PySide6's import",
    "esgdesk's GUI modules",
    "QApplication, settings",
    "MainWindow()",
    "opening the report",
    "office menu, geometry, show()",
    "first paint",
    "painting done, closing",
    "interpreter exit",
)


def phases(script: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Milliseconds spent in each phase of one run, from the launch to the process's exit."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True)
    end = time.time()
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no message")
    out: dict[str, float] = {}
    previous = start
    for line in done.stderr.splitlines():
        if line.startswith("@@ "):
            stamp, what = line[3:].split(" ", 1)
            out[what] = (float(stamp) - previous) * 1000
            previous = float(stamp)
    out["interpreter exit"] = (end - previous) * 1000
    out["total"] = (end - start) * 1000
    return out


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 15
    with tempfile.TemporaryDirectory(prefix="esgdesk-phases-") as tmp:
        folder = Path(tmp)
        report = demo_report(folder)
        env = _child_env(folder)
        seen: dict[str, list[dict[str, float]]] = {"app": [], "bare": []}
        for n in range(runs + 1):  # the first pair warms the caches, as the bench's own run does
            app, bare = phases(APP, [str(report)], env), phases(BARE, [], env)
            if n:
                seen["app"].append(app)
                seen["bare"].append(bare)
    print(f"| phase (median of {runs}, ms) | esgdesk | bare window |")
    print("|---|---:|---:|")
    for name in (*PHASES, "total"):
        cells = [
            f"{statistics.median(r[name] for r in seen[who]):.1f}" if name in seen[who][0] else "—"
            for who in ("app", "bare")
        ]
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main(sys.argv[1:]))
