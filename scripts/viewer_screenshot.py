"""Writes docs/screenshots/xbrl-viewer.png: the demo's interactive XBRL viewer page in headless Chromium.

Run from the checkout: `python scripts/viewer_screenshot.py` (needs Debian's chromium package). The page
is the one `esgdesk export DEMO --xbrl DIR --viewer` writes, opened from disk with the network cut off,
with one figure selected so that the fact inspector shows it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.chromium import Browser  # noqa: E402  (the tests' own offline browser driver)

CLICK = """(() => {
  const doc = document.querySelector('iframe[title="iXBRL document view"]').contentDocument;
  const el = [...doc.querySelectorAll('.ixbrl-element')].find(e => /[0-9]/.test(e.textContent));
  if (el) { el.scrollIntoView({block: 'center'}); el.click(); }
  return !!el;
})()"""


def main() -> int:
    out = ROOT / "docs" / "screenshots" / "xbrl-viewer.png"
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.esg"
        esgdesk = [sys.executable, "-m", "esgdesk"]
        subprocess.run([*esgdesk, "demo", str(demo)], check=True, capture_output=True)
        subprocess.run(
            [*esgdesk, "export", str(demo), "--xbrl", str(Path(tmp) / "xbrl"), "--viewer"],
            check=True,
            capture_output=True,
        )
        page = next((Path(tmp) / "xbrl").glob("*-viewer.html"))
        with Browser(width=1400, height=860) as browser:
            browser.open(page)
            browser.wait_for("!!document.querySelector('#ixv.post-processing-complete')")
            browser.evaluate(CLICK)
            browser.wait_for("document.querySelector('.fact-inspector-body').textContent.includes('Concept')")
            browser.screenshot(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
