"""Exports of a report: the key-performance-data workbook (and its import) and XBRL.

Domain code like the core: no Qt, and openpyxl and lxml are imported inside the functions
that need them so that starting the app never pays for them.
"""
