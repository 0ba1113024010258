#!/usr/bin/env bash
# Installs the Linux artefacts from dist/ into scratch folders and runs the bundled esgdesk with the
# network cut (a network namespace with nothing but loopback): demo, validate, export, Arelle, window.
#   bash packaging/smoke.sh [--measure] [--dist DIR]
# Needs root for `unshare -n`, or unprivileged user namespaces (then `unshare -rn`).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Any Python 3 runs the checks (standard library only); the app itself is the bundle's own.
PY="$(command -v python3 || echo "$HERE/../.venv/bin/python")"
if [ "$(id -u)" -eq 0 ]; then
  exec unshare -n -- "$PY" "$HERE/smoke.py" "$@"
fi
exec unshare -rn -- "$PY" "$HERE/smoke.py" "$@"
