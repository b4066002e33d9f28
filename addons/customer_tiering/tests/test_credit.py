"""Credit policies per tier, nightly credit proposals, Finance's approval
onto Odoo's own credit fields, and the attacks of a salesperson on all of
it, in the ORM and over JSON-RPC."""

from psycopg2.errors import UniqueViolation

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.customer_credit_proposal import CRON_LOCK
from ..tools import run_lock
from .common import TieringCase
from .rpc_common import RpcAttackMixin

FINANCE = "account.group_account_manager"


class CreditSetup:
    @classmethod
    def _credit_setup(cls):
        cls.finance = cls._user(
            "credit_finance", f"base.group_user,base.group_partner_manager,{FINANCE}"
        )
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")
        cls.term_now = cls.env.ref("account.account_payment_term_immediate")
        policies = cls.env["customer.credit.policy"]
        cls.policy_a1 = policies.create(
            {
                "company_id": cls.company.id,
                "scheme": "scorecard",
                "tier": "A1",
                "name": "AAA",
                "limit_type": "percent",
                "limit_percent": 25.0,
                "payment_term_id": cls.term_30.id,
                "trust": "good",
            }
        )
        cls.policy_c = policies.create(
            {
                "company_id": cls.company.id,
                "scheme": "scorecard",
                "tier": "C",
                "name": "C",
                "limit_type": "fixed",
                "limit_amount": 5000.0,
                "payment_term_id": cls.term_now.id,
                "trust": "bad",
                "sequence": 20,
            }
        )
        cls.best = cls._customer("Credit Best Co")
        cls.weak = cls._customer("Credit Weak Co")
        cls.middle = cls._customer("Credit Middle Co")
        cls._order(cls.best, 60000.0, 30)
        cls._order(cls.best, 40000.0, 200)
        cls._order(cls.best, 99000.0, 400)  # older than 12 months
        cls._order(cls.weak, 1000.0, 10)
        for partner, grade in ((cls.best, "A1"), (cls.weak, "C"), (cls.middle, "B1")):
            cls._grade(partner, grade)

    @classmethod
    def _grade(cls, partner, grade):
        partner.sudo().write(
            {"tier_score_grade": grade, "tier_company_id": cls.company.id}
        )

    def _propose(self):
        return self.env["customer.credit.proposal"].sudo()._cron_propose()

    def _proposals(self, partner, state="proposed"):
        return (
            self.env["customer.credit.proposal"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("state", "=", state)])
        )

    def _credit(self, partner):
        self.env.invalidate_all()
        partner = partner.sudo().with_company(self.company)
        return (
            partner.credit_limit,
            partner.use_partner_credit_limit,
            partner.property_payment_term_id,
            partner.trust,
            partner.credit_rating,
        )


@tagged("post_install", "-at_install")
class TestCreditPolicy(CreditSetup, TieringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_setup()

    def test_policy_values_validated_with_the_field_named(self):
        policy = self.policy_a1
        for vals, field in (
            ({"limit_percent": 1000.5}, "Limit (%)"),
            ({"limit_percent": -1.0}, "Limit (%)"),
            ({"limit_type": "fixed", "limit_amount": -1.0}, "Credit Limit"),
            ({"tier": "vip"}, "Tier or Grade"),
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as caught:
                with self.env.cr.savepoint():
                    policy.write(vals)
            self.assertIn(field, str(caught.exception))
        with (
            self.assertRaises(UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.policy_c.copy({"name": "Again"})
        policy.write({"limit_percent": 1000.0})
        self.assertEqual(policy.limit_percent, 1000.0)

    def test_nightly_proposals(self):
        self.assertEqual(self._propose(), 2)
        best = self._proposals(self.best)
        self.assertEqual(best.policy_id, self.policy_a1)
        self.assertEqual(best.sales_amount, 100000.0)
        self.assertEqual(best.proposed_limit, 25000.0)
        self.assertEqual(best.proposed_rating, "AAA")
        self.assertEqual(best.proposed_term_id, self.term_30)
        self.assertEqual(best.proposed_trust, "good")
        self.assertEqual(best.current_limit, 0.0)
        self.assertFalse(best.current_use_limit)
        self.assertIn("25% of 100,000.00", best.reason)
        weak = self._proposals(self.weak)
        self.assertEqual(
            (weak.proposed_limit, weak.proposed_term_id, weak.proposed_trust),
            (5000.0, self.term_now, "bad"),
        )
        self.assertFalse(self._proposals(self.middle), "B1 has no policy")

    def test_rerun_changes_nothing(self):
        self._propose()
        before = self.env["customer.credit.proposal"].sudo().search([])
        self.assertEqual(self._propose(), 0)
        after = self.env["customer.credit.proposal"].sudo().search([])
        self.assertEqual(after, before)
        self.assertEqual(set(after.mapped("state")), {"proposed"})

    def test_a_second_simultaneous_run_leaves(self):
        with self.env.registry.cursor() as other:
            run_lock.hold(other, CRON_LOCK)
            self.assertEqual(self._propose(), 0)
            self.assertFalse(self._proposals(self.best))
        self.assertEqual(self._propose(), 2)

    def test_changed_sales_supersede_the_open_proposal(self):
        self._propose()
        first = self._proposals(self.best)
        self._order(self.best, 20000.0, 5)
        self.assertEqual(self._propose(), 1)
        self.assertEqual(first.state, "superseded")
        second = self._proposals(self.best)
        self.assertEqual(second.proposed_limit, 30000.0)

    def test_proposal_superseded_when_nothing_is_left_to_change(self):
        self._propose()
        proposal = self._proposals(self.weak)
        self.weak.with_user(self.finance).with_company(self.company).write(
            {
                "credit_limit": 5000.0,
                "property_payment_term_id": self.term_now.id,
                "trust": "bad",
                "credit_rating": "C",
            }
        )
        self._propose()
        self.assertEqual(proposal.state, "superseded")
        self.assertFalse(self._proposals(self.weak))
        self._grade(self.best, "B1")
        self._propose()
        self.assertFalse(self._proposals(self.best), "no policy any more")

    def test_one_open_proposal_per_customer_in_the_database(self):
        self._propose()
        proposal = self._proposals(self.best)
        with (
            self.assertRaises(UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            proposal.sudo().copy({"state": "proposed"})

    def test_finance_approves_in_bulk_onto_odoos_fields(self):
        self._propose()
        proposals = self._proposals(self.best) | self._proposals(self.weak)
        proposals.with_user(self.finance).action_approve()
        self.assertEqual(set(proposals.mapped("state")), {"approved"})
        self.assertEqual(proposals.decided_by_id, self.finance)
        self.assertEqual(
            self._credit(self.best), (25000.0, True, self.term_30, "good", "AAA")
        )
        self.assertEqual(
            self._credit(self.weak), (5000.0, True, self.term_now, "bad", "C")
        )
        note = self.best.message_ids[:1]
        self.assertIn("Credit proposal approved", note.body)
        self.assertEqual(note.author_id, self.finance.partner_id)
        self.assertEqual(self._propose(), 0, "nothing left to propose")
        # Odoo's own enforcement reads the approved limit on quotations.
        self.company.account_use_credit_limit = True
        order = self.env["sale.order"].create(
            {
                "partner_id": self.weak.id,
                "company_id": self.company.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "price_unit": 9000.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        self.assertTrue(order.partner_credit_warning)

    def test_bulk_approval_is_all_or_nothing(self):
        self._propose()
        done = self._proposals(self.weak)
        done.with_user(self.finance).action_approve()
        waiting = self._proposals(self.best)
        before = self._credit(self.best)
        with self.assertRaises(UserError) as caught, self.env.cr.savepoint():
            (waiting | done).with_user(self.finance).action_approve()
        self.assertIn("Approved already", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(waiting.state, "proposed")
        self.assertEqual(self._credit(self.best), before)

    def test_reject_needs_a_note_and_is_not_proposed_again(self):
        self._propose()
        proposal = self._proposals(self.best)
        as_finance = proposal.with_user(self.finance)
        with self.assertRaises(UserError):
            as_finance.action_reject()
        as_finance.decision_note = "Wait for the audited accounts."
        as_finance.action_reject()
        self.assertEqual(proposal.state, "rejected")
        self.assertEqual(self._propose(), 0)
        self.assertFalse(self._proposals(self.best))
        # another proposal (sales changed) is made again
        self._order(self.best, 20000.0, 5)
        self.assertEqual(self._propose(), 1)

    def test_rating_shown_to_the_salesperson(self):
        self._propose()
        self._proposals(self.best).with_user(self.finance).action_approve()
        self.assertEqual(self.best.with_user(self.salesperson).credit_rating, "AAA")

    def test_contacts_still_synced_from_their_company(self):
        self.best.with_user(self.finance).with_company(self.company).write(
            {"property_payment_term_id": self.term_30.id}
        )
        contact = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .create({"name": "Best Buyer", "parent_id": self.best.id})
        )
        self.assertEqual(
            contact.sudo().with_company(self.company).property_payment_term_id,
            self.term_30,
        )


@tagged("post_install", "-at_install")
class TestCreditAttacks(CreditSetup, TieringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_setup()

    def test_salesperson_cannot_change_policies(self):
        policies = self.env["customer.credit.policy"].with_user(self.salesperson)
        self.assertEqual(policies.search([]), self.policy_a1 | self.policy_c)
        with self.assertRaises(AccessError):
            policies.create(
                {"scheme": "scorecard", "tier": "B1", "name": "B", "limit_percent": 5}
            )
        with self.assertRaises(AccessError):
            self.policy_a1.with_user(self.salesperson).write({"limit_percent": 900})
        with self.assertRaises(AccessError):
            self.policy_a1.with_user(self.salesperson).unlink()
        self.assertEqual(self.policy_a1.limit_percent, 25.0)
        # the sales manager does
        self.policy_a1.with_user(self.manager).limit_percent = 30.0
        self.assertEqual(self.policy_a1.limit_percent, 30.0)

    def test_salesperson_cannot_write_credit_fields(self):
        before = self._credit(self._with_values())
        partner = self.best.with_user(self.salesperson).with_company(self.company)
        for vals in (
            {"credit_limit": 1e9},
            {"use_partner_credit_limit": False},
            {"property_payment_term_id": self.term_now.id},
            {"trust": "good"},
            {"credit_rating": "AAA"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                partner.with_context(tracking_disable=True).write(vals)
        # a sales manager neither: Finance decides
        for vals in ({"trust": "good"}, {"credit_rating": "AAA"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.best.with_user(self.manager).write(vals)
        self.assertEqual(self._credit(self.best), before)

    def _with_values(self):
        self.best.with_user(self.finance).with_company(self.company).write(
            {
                "credit_limit": 100.0,
                "property_payment_term_id": self.term_30.id,
                "trust": "normal",
                "credit_rating": "B",
            }
        )
        return self.best

    def test_payment_terms_read_only_on_the_salespersons_form(self):
        self.assertFalse(self.best.with_user(self.salesperson).credit_editable)
        self.assertFalse(self.best.with_user(self.manager).credit_editable)
        self.assertTrue(self.best.with_user(self.finance).credit_editable)

    def test_credit_fields_dropped_when_a_salesperson_creates(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .with_context(default_credit_rating="AAA", default_trust="good")
            .create(
                {
                    "name": "Self Rated Co",
                    "is_company": True,
                    "credit_limit": 1e9,
                    "property_payment_term_id": self.term_30.id,
                    "trust": "good",
                    "credit_rating": "AAA",
                }
            )
        )
        reference = self.env["res.partner"].create({"name": "Plain Co"})
        self.assertEqual(self._credit(partner), self._credit(reference))
        self.assertFalse(self._credit(partner)[4])

    def test_only_finance_decides(self):
        self._propose()
        proposal = self._proposals(self.best)
        for user in (self.salesperson, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                proposal.with_user(user).action_approve()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                proposal.with_user(user).with_context(
                    default_decision_note="no"
                ).action_reject()
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(self._credit(self.best)[4], False)

    def test_nobody_moves_or_forges_proposals(self):
        self._propose()
        proposal = self._proposals(self.best)
        as_finance = proposal.with_user(self.finance)
        for vals in (
            {"state": "approved"},
            {"proposed_limit": 1e9},
            {"proposed_rating": "AAA+"},
            {"partner_id": self.weak.id},
            {"decided_by_id": self.finance.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_finance.write(vals)
        for user in (self.salesperson, self.manager, self.finance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["customer.credit.proposal"].with_user(user).create(
                    {
                        "partner_id": self.middle.id,
                        "company_id": self.company.id,
                        "proposed_limit": 1e9,
                        "state": "approved",
                    }
                )
        with self.assertRaises(AccessError):
            proposal.with_user(self.salesperson).read(["proposed_limit"])
        self.env.invalidate_all()
        self.assertEqual(
            (proposal.state, proposal.proposed_limit, proposal.partner_id),
            ("proposed", 25000.0, self.best),
        )
        self.assertFalse(self._proposals(self.middle))

    def test_other_company_sees_no_credit_record(self):
        self._propose()
        proposal = self._proposals(self.best)
        main = self.env.ref("base.main_company")
        outsider = new_test_user(
            self.env,
            login="credit_outsider",
            groups=f"sales_team.group_sale_manager,base.group_partner_manager,{FINANCE}",
            company_id=main.id,
            company_ids=[Command.set(main.ids)],
        )
        self.assertNotIn(self.company, outsider.company_ids)
        env = self.env(user=outsider, context={"allowed_company_ids": main.ids})
        self.assertFalse(
            env["customer.credit.policy"].search([]) & (self.policy_a1 | self.policy_c)
        )
        self.assertFalse(env["customer.credit.proposal"].search([]) & proposal)
        with self.assertRaises(AccessError):
            proposal.with_env(env).action_approve()
        with self.assertRaises(AccessError):
            self.policy_a1.with_env(env).write({"limit_percent": 1.0})
        self.env.invalidate_all()
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(self.policy_a1.limit_percent, 25.0)

    def test_approval_ignores_a_forged_context(self):
        self._propose()
        proposal = self._proposals(self.best)
        with self.assertRaises(AccessError):
            proposal.with_user(self.salesperson).with_context(
                su=True, uid=self.finance.id, active_test=False
            ).action_approve()
        self.assertEqual(proposal.state, "proposed")


@tagged("post_install", "-at_install")
class TestCreditRpcAttacks(RpcAttackMixin, CreditSetup, TieringCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_setup()
        cls.client_context = cls._web_client_context()

    def _refused(self, login, model, method, *args, **kwargs):
        return self.assertRpcRefused(
            login, model, method, *args, context=self.client_context, **kwargs
        )

    def test_rpc_salesperson_credit_fields(self):
        before = self._credit(self.best)
        for vals in (
            {"credit_limit": 1e9},
            {"trust": "good"},
            {"property_payment_term_id": self.term_30.id},
            {"credit_rating": "AAA"},
        ):
            with self.subTest(vals=vals):
                self._refused(
                    "tier_salesperson", "res.partner", "write", [self.best.id], vals
                )
        self.assertEqual(self._credit(self.best), before)
        created = self.rpc(
            "tier_salesperson",
            "res.partner",
            "create",
            [{"name": "Rpc Rated Co", "trust": "good", "credit_rating": "AAA"}],
            context=dict(self.client_context, default_property_payment_term_id=1),
        )
        partner = self.env["res.partner"].browse(created)
        reference = self.env["res.partner"].create({"name": "Plain Co"})
        self.assertEqual(self._credit(partner), self._credit(reference))

    def test_rpc_policies_and_proposals(self):
        self._refused(
            "tier_salesperson",
            "customer.credit.policy",
            "create",
            [{"scheme": "scorecard", "tier": "B1", "name": "B", "limit_percent": 5}],
        )
        self._refused(
            "tier_salesperson",
            "customer.credit.policy",
            "write",
            [self.policy_a1.id],
            {"limit_percent": 999},
        )
        self.assertEqual(self.policy_a1.limit_percent, 25.0)
        self._propose()
        proposal = self._proposals(self.best)
        for login in ("tier_salesperson", "tier_manager"):
            self._refused(
                login, "customer.credit.proposal", "action_approve", [proposal.id]
            )
        self._refused(
            "credit_finance",
            "customer.credit.proposal",
            "write",
            [proposal.id],
            {"state": "approved", "proposed_limit": 1e9},
        )
        self._refused(
            "credit_finance",
            "customer.credit.proposal",
            "create",
            [{"partner_id": self.middle.id, "company_id": self.company.id}],
        )
        self.assertEqual(
            (proposal.state, proposal.proposed_limit), ("proposed", 25000.0)
        )
        self.assertFalse(self._credit(self.best)[4])
        # Finance approves over the wire too
        self.rpc(
            "credit_finance",
            "customer.credit.proposal",
            "action_approve",
            [proposal.id],
            context=self.client_context,
        )
        self.assertEqual(proposal.state, "approved")
        self.assertEqual(self._credit(self.best)[0], 25000.0)
