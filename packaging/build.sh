#!/usr/bin/env bash
# Builds the Linux installers from a clean clone, into dist/:
#   dist/esgdesk/esgdesk                          the one-folder bundle (PyInstaller)
#   dist/esgdesk-<version>-linux-x86_64.tar.gz    the bundle as a tarball
#   dist/esgdesk_<version>_amd64.deb              the bundle in /opt/esgdesk, with menu entry, icon, file type
#
#   bash packaging/build.sh                 # or: make dist
#   DIST=/elsewhere WORK=/tmp/w bash packaging/build.sh
#
# It installs what the build lacks (system packages, the virtualenv, PyInstaller) at the versions pinned in
# packaging/constraints.txt; a machine that has them rebuilds without network.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="$(mkdir -p "${DIST:-$ROOT/dist}" && cd "${DIST:-$ROOT/dist}" && pwd)"
WORK="$(mkdir -p "${WORK:-$ROOT/build}" && cd "${WORK:-$ROOT/build}" && pwd)"
PY="$ROOT/.venv/bin/python"
say() { echo "build: $*" >&2; }

# --- the build machine -------------------------------------------------------------------------------
# A fresh machine gets the system packages and the virtualenv from `make setup`; otherwise only what the
# build itself lacks is installed (PyInstaller reads ELF headers with objdump, from binutils).
[ -f "$ROOT/.venv/.installed" ] || make -s -C "$ROOT" setup
missing=()
command -v objdump >/dev/null || missing+=(binutils)
command -v dpkg-deb >/dev/null || missing+=(dpkg)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The installer is built from the versions pinned in packaging/constraints.txt (`make constraints` writes it).
# pip leaves what already matches, without the network, and replaces what does not.
mapfile -t REQUIREMENTS < <("$PY" -c '
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["packaging"]))')
say "checking .venv against packaging/constraints.txt"
"$PY" -m pip install -q --disable-pip-version-check -c "$ROOT/packaging/constraints.txt" "${REQUIREMENTS[@]}"

VERSION="$("$PY" -c 'import esgdesk; print(esgdesk.__version__)')"
ARCH="$(dpkg --print-architecture)"           # amd64
MACHINE="$(uname -m)"                        # x86_64
TARBALL="$DIST/esgdesk-$VERSION-linux-$MACHINE.tar.gz"
DEB="$DIST/esgdesk_${VERSION}_$ARCH.deb"

# --- the bundle --------------------------------------------------------------------------------------
say "bundling esgdesk $VERSION with PyInstaller"
rm -rf "$DIST/esgdesk" "$TARBALL" "$DEB"
if ! "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK/pyinstaller" \
      "$ROOT/packaging/esgdesk.spec" >"$WORK/pyinstaller.log" 2>&1; then
  tail -n 40 "$WORK/pyinstaller.log" >&2
  say "PyInstaller failed; the full log is $WORK/pyinstaller.log"
  exit 1
fi
BUNDLE="$DIST/esgdesk"
got="$("$BUNDLE/esgdesk" --version)"
[ "$got" = "esgdesk $VERSION" ] || { say "the bundle says '$got', expected 'esgdesk $VERSION'"; exit 1; }
find "$BUNDLE" -type d -exec chmod 755 {} +
chmod -R go-w,a+rX "$BUNDLE"

# --- the tarball (in the background: the .deb is built at the same time on the second core) ----------
tar -C "$DIST" --owner=0 --group=0 --numeric-owner --sort=name -cf - esgdesk | gzip -6 >"$TARBALL.part" &
TAR_PID=$!

# --- the .deb ----------------------------------------------------------------------------------------
STAGE="$WORK/deb/esgdesk_${VERSION}_$ARCH"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
         "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/doc/esgdesk"
cp -a "$BUNDLE" "$STAGE/opt/esgdesk"
ln -s /opt/esgdesk/esgdesk "$STAGE/usr/bin/esgdesk"
install -m 644 packaging/linux/esgdesk.desktop "$STAGE/usr/share/applications/esgdesk.desktop"
install -m 644 packaging/linux/esgdesk-mime.xml "$STAGE/usr/share/mime/packages/esgdesk.xml"
install -m 644 packaging/linux/copyright "$STAGE/usr/share/doc/esgdesk/copyright"
install -D -m 644 packaging/icons/esgdesk.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/esgdesk.svg"
for png in packaging/icons/esgdesk-*.png; do
  size="${png##*-}"; size="${size%.png}"
  install -D -m 644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x$size/apps/esgdesk.png"
done
# The oldest C library the bundle runs on is the newest GLIBC_ symbol version any of its files asks for.
GLIBC="$(find "$STAGE/opt/esgdesk" -type f \( -name '*.so*' -o -name esgdesk \) -print0 \
         | xargs -0 -n 50 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' \
         | sort -uV | tail -n 1)"
SIZE="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" -e "s/@GLIBC@/${GLIBC:-2.34}/" \
    packaging/linux/control.in >"$STAGE/DEBIAN/control"
# The menu, MIME and icon caches are refreshed by the dpkg triggers of desktop-file-utils,
# shared-mime-info and hicolor-icon-theme: no maintainer scripts are needed.
find "$STAGE" -type d -exec chmod 755 {} +
dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$DEB" >/dev/null

wait "$TAR_PID"
mv "$TARBALL.part" "$TARBALL"
rm -rf "$STAGE"
say "done: $(du -sh "$BUNDLE" | cut -f1) bundle, $(du -h "$TARBALL" | cut -f1) $TARBALL, $(du -h "$DEB" | cut -f1) $DEB"
