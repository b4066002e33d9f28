"""Bulk writes through PostgreSQL's COPY, for the scheduled recomputations.

Takes a DB-API cursor (psycopg2's), nothing from Odoo. COPY's text format
needs no escaping here: callers pass numbers, dates and selection keys only.
"""

import io


def copy_rows(cursor, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
