"""A scheduled action's batch that meets a concurrency failure in a cron
worker is replayed in a fresh transaction instead of being put off to the
next interval; anywhere else the failure goes to the caller, whose
transaction it is."""

import re
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo.tests import TransactionCase, tagged

from ..tools import retry

SUITE = ("customer_tiering", "lead_allocation", "sales_discipline")


@tagged("post_install", "-at_install")
class TestCronRetry(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("customer_tiering.ir_cron_visit_due")
        cls.engine = type(cls.env["customer.tier.engine"])

    def _run(self, failures, **context):
        """Runs the cron's server action as ir.cron's job does, the engine
        failing ``failures`` times with a serialization failure first."""
        calls = []

        def visit_due(model):
            calls.append(model.env.context.get("cron_id"))
            if len(calls) <= failures:
                raise SerializationFailure("could not serialize access")
            return "done"

        action = self.env["ir.actions.server"].with_context(**context)
        with (
            patch.object(self.engine, "_cron_visit_due", visit_due),
            patch.object(self.env.cr, "rollback") as rollback,
            patch.object(type(self.registry), "reset_changes"),
            patch.object(retry, "time") as clock,
        ):
            try:
                action.browse(self.cron.ir_actions_server_id.id).run()
            finally:
                self.calls, self.rollbacks = calls, rollback.call_count
                self.waits = clock.sleep.call_count

    def test_cron_worker_replays_the_batch(self):
        self._run(failures=2, cron_id=self.cron.id)
        self.assertEqual(self.calls, [self.cron.id] * 3)
        self.assertEqual(self.rollbacks, 2)
        self.assertEqual(self.waits, 2)

    def test_cron_worker_gives_up_after_the_last_try(self):
        with self.assertRaises(SerializationFailure):
            self._run(failures=retry.TRIES, cron_id=self.cron.id)
        self.assertEqual(len(self.calls), retry.TRIES)
        self.assertEqual(self.rollbacks, retry.TRIES - 1)

    def test_outside_a_cron_worker_the_caller_gets_the_failure(self):
        """A manual trigger runs inside an RPC call that Odoo replays itself:
        rolling back there would roll back the caller's work."""
        with self.assertRaises(SerializationFailure):
            self._run(failures=1)
        self.assertEqual(self.calls, [None])
        self.assertEqual(self.rollbacks, 0)

    def test_every_scheduled_action_of_the_suite_replays(self):
        data = self.env["ir.model.data"].search(
            [("model", "=", "ir.cron"), ("module", "in", SUITE)]
        )
        crons = (
            self.env["ir.cron"]
            .with_context(active_test=False)
            .browse(data.mapped("res_id"))
        )
        self.assertGreaterEqual(len(crons), 10)
        for cron in crons:
            name = re.fullmatch(r"model\.(\w+)\(\)", cron.code.strip()).group(1)
            method = getattr(type(self.env[cron.model_id.model]), name)
            self.assertTrue(
                getattr(method, "retries_on_conflict", False),
                f"{cron.name}: {cron.model_id.model}.{name} is not decorated "
                "with retry_on_conflict",
            )
