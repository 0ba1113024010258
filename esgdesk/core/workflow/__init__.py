"""Departments and the ESG office: who owns which figures, collection files issued to them, merging
the returned files, review of sections, status, and group consolidation. No Qt here."""
