"""The same report on a shared PostgreSQL server.

A report published to a server lives in its own PostgreSQL schema holding the same tables as a
report file (their DDL is derived from the file's, `ddl`), and is read and written by the same
`Report` and `Batch` code through a connection that speaks the file's SQL dialect (`dialect`).
`ServerReport` adds what several people at once need: one transaction per edit serialised on the
report's audit chain, conflicts instead of silent overwrites, and other people's edits announced
with LISTEN/NOTIFY.

Telling a URL from a path needs only `esgdesk.core.server_url`: psycopg loads only when a
`postgresql://` URL is opened.
"""
