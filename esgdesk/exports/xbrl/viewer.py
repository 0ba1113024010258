"""The interactive viewer page of an Inline XBRL report, built by the Arelle iXBRL viewer.

The `ixbrl-viewer` package is an Arelle plug-in: Arelle loads the report, and the plug-in writes one
HTML page holding the report and its facts, with the viewer's script (`ixbrlviewer.js`) copied beside
it and referenced by a relative path, so the page opens from disk with no network. It runs through the
same offline Arelle process as validation (`validator.validate_with_arelle`), so a bundled app needs no
Python of its own; the page is written to a temporary folder first and moved beside the report only
when complete, so a failed or cancelled run leaves no half page.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

from esgdesk.core.errors import UnusableInput
from esgdesk.core.jobs import CancelToken
from esgdesk.exports.xbrl.validator import DEFAULT_TIMEOUT, ArelleFailed, validate_with_arelle

VIEWER_SCRIPT = "ixbrlviewer.js"
PLUGIN_PACKAGE = "iXBRLViewerPlugin"


def viewer_plugin_dir() -> Path:
    """Where the viewer plug-in is installed; found without importing it (it imports Arelle)."""
    spec = importlib.util.find_spec(PLUGIN_PACKAGE)
    if spec is None or spec.origin is None:
        raise ArelleFailed("the interactive viewer is not installed (the ixbrl-viewer package is missing)")
    return Path(spec.origin).parent


def viewer_page_for(inline: Path) -> Path:
    return inline.with_name(f"{inline.stem}-viewer.html")


def write_viewer(inline: Path | str, *, cancel: CancelToken | None = None, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Write `<report>-viewer.html` and `ixbrlviewer.js` beside the Inline XBRL page `inline`."""
    inline = Path(inline).resolve()  # Arelle runs in a folder of its own
    if not inline.is_file():
        raise UnusableInput("no such Inline XBRL page", where=str(inline))
    page = viewer_page_for(inline)
    plugin = viewer_plugin_dir()
    with tempfile.TemporaryDirectory(dir=inline.parent, prefix=".viewer-") as tmp:
        draft = Path(tmp) / page.name
        result = validate_with_arelle(
            inline, plugins=[str(plugin)], extra_args=["--save-viewer", str(draft)], cancel=cancel, timeout=timeout
        )
        script = Path(tmp) / VIEWER_SCRIPT
        if not draft.is_file() or not script.is_file():
            said = [m.text for m in result.messages if m.code.startswith("viewer:") and m.level == "error"]
            why = said[0] if said else "Arelle wrote no page"
            raise ArelleFailed(f"the interactive viewer was not written: {why}", where=str(inline))
        # The script first: a page is never there without the script it needs.
        os.replace(script, inline.parent / VIEWER_SCRIPT)
        os.replace(draft, page)
    return page
