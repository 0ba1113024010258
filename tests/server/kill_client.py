"""A client of a server report for the kill tests: `python kill_client.py URL edits` makes numbered edits and
acknowledges each on stdout once it returned; `python kill_client.py URL batch` acknowledges one edit, then
stops in the middle of a batch (after five writes) until it is killed."""

from __future__ import annotations

import sys
import time

KEYS = ["employees_total", "water_total", "patents_total", "natural_gas_total"]


def main() -> None:
    from esgdesk.core.store import open_report

    url, mode = sys.argv[1], sys.argv[2]
    rep = open_report(url)
    print("ready", flush=True)
    if mode == "batch":
        rep.set_text("employees_total", "1111", why="acknowledged")
        print("ack", flush=True)
        with rep.batch(why="never committed") as b:
            for ind in KEYS:
                b.set_value(ind, rep.parse(ind, "9999"))
            print("inside", flush=True)
            time.sleep(600)
        return
    i = 0
    while True:
        ind = KEYS[i % len(KEYS)]
        rep.set_text(ind, str(10000 + i), why=f"edit {i}")
        print(f"ack {i}", flush=True)
        i += 1


if __name__ == "__main__":
    main()
