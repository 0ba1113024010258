#!/usr/bin/env bash
# Builds the macOS app and disk image on a Mac (PyInstaller cannot cross-build):
#   dist/esgdesk.app                      (the spec's BUNDLE step: icon, version, .esg document type)
#   dist/esgdesk-<version>-macos-<arch>.dmg
#   bash packaging/macos/build-dmg.sh
# Needs Python 3.11+ from python.org or Homebrew, and the Xcode command line tools (hdiutil, codesign).
# Set CODESIGN_IDENTITY (a "Developer ID Application" identity) and NOTARY_PROFILE (a notarytool
# keychain profile) to sign and notarise; without them the image is ad-hoc signed, and Gatekeeper asks
# the user to confirm the first start (right-click, Open).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[ -x .venv/bin/python ] || python3 -m venv .venv
PY=.venv/bin/python
"$PY" -m pip install -q --upgrade pip
"$PY" -m pip install -q -c packaging/constraints.txt -e '.[packaging]'  # the pinned versions
VERSION="$("$PY" -c 'import esgdesk; print(esgdesk.__version__)')"
ARCH="$(uname -m)"

rm -rf dist/esgdesk dist/esgdesk.app
"$PY" -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/esgdesk.spec
got="$(dist/esgdesk.app/Contents/MacOS/esgdesk-cli --version)"
[ "$got" = "esgdesk $VERSION" ] || { echo "the bundle says '$got', expected 'esgdesk $VERSION'" >&2; exit 1; }

codesign --force --deep --options runtime --sign "${CODESIGN_IDENTITY:--}" dist/esgdesk.app

STAGE="$(mktemp -d)"
cp -R dist/esgdesk.app "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="dist/esgdesk-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
hdiutil create -volname "esgdesk $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
rm -rf "$STAGE"
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --sign "$CODESIGN_IDENTITY" "$DMG"
  if [ -n "${NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
  fi
fi
echo "built $DMG"
