#!/usr/bin/env bash
# System packages the app and its tests need on Debian/Ubuntu; installs only what is missing.
#   Qt offscreen/xcb: libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3, fonts (CJK for Chinese)
#   a real X server for screenshots: xvfb; workbook checks: libreoffice-calc; the server store's tests: postgresql; the XBRL viewer's test: chromium
set -euo pipefail
need=(python3 python3-venv libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3
      fonts-dejavu-core fonts-noto-cjk xvfb libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0
      libxcb-shape0 libxcb-render-util0 libxcb-image0 binutils)
if [ "${1:-}" = "--with-office" ] || [ "${ESGDESK_WITH_OFFICE:-}" = 1 ]; then need+=(libreoffice-calc postgresql chromium); fi
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3-venv is not needed where the interpreter in use already has venv (pyenv, official builds)
if python3 -c "import venv, ensurepip" 2>/dev/null; then
  tmp=(); for p in "${missing[@]}"; do [ "$p" = python3-venv ] || [ "$p" = python3 ] || tmp+=("$p"); done; missing=("${tmp[@]}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing system packages: ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
