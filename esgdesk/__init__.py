"""esgdesk: collect a company's annual ESG figures and publish them as a workbook and as XBRL."""

__version__ = "0.1.0"
