"""One run at a time of a scheduled action, across workers and servers.

A run takes a transaction-level advisory lock named after the job: a second
run started meanwhile, on any server of the database, finds it taken and
leaves at once instead of doing the same work twice; the lock goes with the
transaction, so a killed run leaves nothing behind to clean.
"""

from odoo.tools import SQL


def try_lock(cr, name):
    """True when this transaction now holds the lock ``name``."""
    cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", name))
    return cr.fetchone()[0]


def hold(cr, name):
    """Waits for and holds the lock ``name`` (a run under way, in tests)."""
    cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", name))
