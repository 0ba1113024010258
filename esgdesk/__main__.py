"""`python -m esgdesk`: the same command line as the installed `esgdesk` command."""

from esgdesk.cli.main import main

if __name__ == "__main__":
    main()
