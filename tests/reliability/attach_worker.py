"""Attaches numbered files to a report and acknowledges each on stdout once `attach` has returned.

Run as: python attach_worker.py REPORT FIRST. File i is named e<i>.bin; its bytes are `content(i)`.
"""

from __future__ import annotations

import sys


def content(i: int) -> bytes:
    # Sizes vary from a few bytes to ~300 kB, so that kills land inside large writes too.
    return f"evidence {i};".encode() * (1 + (i * 7919) % 25_000)


def main() -> None:
    from esgdesk.core.store import Report

    path, first = sys.argv[1], int(sys.argv[2])
    rep = Report.open(path)
    print("ready", flush=True)
    i = first
    while True:
        rep.attach("electricity", f"e{i}.bin", content(i), year=2000 + i % 8, note=f"file {i}")
        print(f"ack {i}", flush=True)
        i += 1


if __name__ == "__main__":
    main()
