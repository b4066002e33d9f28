"""Concurrency failures in a scheduled action's batch are retried, not lost.

An RPC call that meets a serialization failure, a deadlock or a lock it may
not wait for is replayed by Odoo (``odoo.service.model.retrying``); a cron
worker's job is not: the batch fails, and ir.cron puts the job off to its next
interval, a day for the nightly engines. Under load (salespeople claiming,
logging contacts and judging leads while the engines run) that postponed the
recycling, the tier recompute and the first-contact scan. A batch of the
suite's engines therefore replays itself in a fresh transaction, the way
Odoo replays an RPC call, when it runs in a cron worker's job transaction:
there, everything since the last commit is the batch's own work (ir.cron
commits its progress row just before calling), so rolling back loses nothing
of anybody else. Elsewhere (a manual trigger, a test) the caller's
transaction is not the batch's to roll back, and the caller retries.
"""

import functools
import logging
import random
import time

from psycopg2 import errorcodes

from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)

TRIES = 5


def retry_on_conflict(method):
    """Decorates the entry point of a scheduled action: replays it up to
    ``TRIES`` times after a concurrency failure when it runs as a cron
    worker's job."""

    @functools.wraps(method)
    def replaying(self, *args, **kwargs):
        if not self.env.context.get("cron_id"):
            return method(self, *args, **kwargs)
        for attempt in range(1, TRIES + 1):
            try:
                result = method(self, *args, **kwargs)
                self.env.flush_all()
                return result
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as exc:
                if attempt == TRIES:
                    raise
                self.env.cr.rollback()
                self.env.registry.reset_changes()
                wait = random.uniform(0.0, 2**attempt)
                _logger.info(
                    "%s, %s tries left, try again in %.2f s (%s)",
                    errorcodes.lookup(exc.pgcode) if exc.pgcode else type(exc).__name__,
                    TRIES - attempt,
                    wait,
                    method.__qualname__,
                )
                time.sleep(wait)
        raise RuntimeError("unreachable")

    replaying.retries_on_conflict = True
    return replaying
