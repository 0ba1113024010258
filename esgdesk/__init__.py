"""esgdesk: collect a company's annual ESG figures and publish them as a workbook and as XBRL."""

__version__ = "0.1.0"

# The one place the workflow's rules are installed: every report opened by the app, the command line
# or a script enforces them. Named, not imported, so that `import esgdesk` stays cheap.
from esgdesk.core import hooks as _hooks

_hooks.provide_guards("esgdesk.core.workflow.guards:guards_for")
