"""Makes numbered edits to a report and acknowledges each on stdout once `set_text` has returned.

Run as: python kill_worker.py REPORT FIRST. Edit i sets KEYS[i % len(KEYS)] to the number i.
"""

from __future__ import annotations

import sys

# Only the years the report holds: `esgdesk set` refuses any other year.
KEYS = [(ind, year) for year in (2022, 2023) for ind in ("electricity", "staff", "staff_male", "staff_female")]


def key_of(i: int) -> tuple[str, int]:
    return KEYS[i % len(KEYS)]


def main() -> None:
    from esgdesk.core.store import Report

    path, first = sys.argv[1], int(sys.argv[2])
    rep = Report.open(path)
    print("ready", flush=True)
    i = first
    while True:
        ind, year = key_of(i)
        rep.set_text(ind, str(i), year=year, why=f"edit {i}")
        print(f"ack {i}", flush=True)
        i += 1


if __name__ == "__main__":
    main()
