"""The desktop app: a thin PySide6 layer over `esgdesk.core`."""

import sys

from esgdesk.gui.source_scan import prefill

_before = frozenset(sys.modules)
import PySide6.QtCore  # noqa: E402,F401  (here, so that the hook's table exists before the GUI modules load)

prefill(_before)
del _before
