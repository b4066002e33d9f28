"""The floor of an engine's run: the bare SQL writes of the very rows the run
wrote, measured in the same run (not a benchmark itself).

An engine is compared with what no implementation can avoid: its results
written in one statement per table. ``Capture`` notes the tables' state
before the run, then what the run changed (updated columns of known rows,
new rows of other tables); after the run is rolled back, ``replay`` writes
the same values again with a COPY and one ``UPDATE ... FROM`` or
``INSERT ... SELECT`` per table, and times it.
"""

import io
import time


def _columns(cr, table):
    cr.execute(
        """
        SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
         WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped
         ORDER BY attnum
        """,
        [table],
    )
    return [(name, kind) for name, kind in cr.fetchall() if name != "id"]


def _rows(cr, table, columns, where, params):
    names = ", ".join(f'"{name}"' for name, __ in columns)
    cr.execute(f'SELECT id, {names} FROM "{table}" WHERE {where} ORDER BY id', params)
    return cr.fetchall()


class Capture:
    """``updated``: ``{table: ids}`` whose rows the run may update, or
    ``{table: (ids, prefix)}`` to watch only the columns named ``prefix...``
    (a wide table); ``inserted``: tables the run may add rows to."""

    def __init__(self, cr, updated, inserted):
        self.cr = cr
        self.updated = updated
        self.inserted = inserted
        self.before = {}
        self.max_ids = {}
        self.changes = {}
        self.table_seconds = {}

    def start(self):
        for table, watched in self.updated.items():
            ids, prefix = watched if isinstance(watched, tuple) else (watched, "")
            self.updated[table] = ids
            columns = [
                column
                for column in _columns(self.cr, table)
                if column[0].startswith(prefix)
            ]
            self.before[table] = (
                columns,
                _rows(self.cr, table, columns, "id = ANY(%s)", [ids]),
            )
        for table in self.inserted:
            self.cr.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')
            self.max_ids[table] = self.cr.fetchone()[0]

    def stop(self):
        """Notes what the run wrote; call before rolling it back."""
        for table, (columns, before) in self.before.items():
            after = _rows(
                self.cr, table, columns, "id = ANY(%s)", [self.updated[table]]
            )
            pairs = list(zip(before, after, strict=True))
            changed = [
                index
                for index in range(len(columns))
                if any(old[1 + index] != new[1 + index] for old, new in pairs)
            ]
            rows = [
                (row[0], *(row[1 + index] for index in changed))
                for old, row in pairs
                if old != row
            ]
            self.changes[table] = (
                "update",
                [columns[index] for index in changed],
                rows,
            )
        for table, max_id in self.max_ids.items():
            columns = _columns(self.cr, table)
            rows = _rows(self.cr, table, columns, "id > %s", [max_id])
            self.changes[table] = ("insert", columns, rows)

    def summary(self):
        return ", ".join(
            f"{table}: {len(rows)} rows {'updated' if kind == 'update' else 'added'}"
            + (f" ({len(columns)} columns)" if kind == "update" else "")
            for table, (kind, columns, rows) in self.changes.items()
            if rows
        )

    def replay(self):
        """Writes the same rows again, as the bare minimum does it: COPY into
        a staging table, then one ``UPDATE ... FROM`` or ``INSERT ...
        SELECT`` per table. Returns the seconds it took. Run it where the run
        was rolled back, and roll it back after."""
        # the suite's COPY formatting (a pure function); importable once the
        # addons path is configured
        from odoo.addons.customer_tiering.services.bulk import (  # noqa: PLC0415
            copy_text,
        )

        started = time.perf_counter()
        for table, (kind, columns, rows) in self.changes.items():
            if not rows or not columns:
                continue
            table_started = time.perf_counter()
            names = [f'"{name}"' for name, __ in columns]
            staged = ["id", *names] if kind == "update" else names
            self.cr.execute(
                f"CREATE TEMP TABLE floor_rows ON COMMIT DROP AS "
                f'SELECT {", ".join(staged)} FROM "{table}" WITH NO DATA'
            )
            values = rows if kind == "update" else [row[1:] for row in rows]
            self.cr._obj.copy_expert(
                f"COPY floor_rows ({', '.join(staged)}) FROM STDIN",
                io.StringIO(copy_text(values)),
            )
            if kind == "update":
                assignments = ", ".join(f"{name} = s.{name}" for name in names)
                self.cr.execute(
                    f'UPDATE "{table}" t SET {assignments} FROM floor_rows s '
                    "WHERE t.id = s.id"
                )
            else:
                self.cr.execute(
                    f'INSERT INTO "{table}" ({", ".join(names)}) '
                    f"SELECT {', '.join(names)} FROM floor_rows"
                )
            self.cr.execute("DROP TABLE floor_rows")
            self.table_seconds[table] = time.perf_counter() - table_started
        return time.perf_counter() - started

    def seconds(self, table):
        """The replay's seconds for ``table`` alone."""
        return self.table_seconds.get(table, 0.0)
