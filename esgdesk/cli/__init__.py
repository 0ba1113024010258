"""The `esgdesk` command line: `main.py` is the entry point and the contract, the other modules hold the
commands."""
