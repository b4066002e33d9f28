"""The weighted value scorecard: indicators and bands as rows, the engine's
score and grade, the breakdown, and the attacks on all of them."""

from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from ..services import scorecard
from .common import TieringCase
from .rpc_common import RpcAttackMixin

ATTACK_CONTEXT = {
    "active_test": False,
    "tracking_disable": True,
    "default_company_id": False,
    "default_tier_score_grade": "A1",
}


@tagged("post_install", "-at_install")
class TestScorecard(TieringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = cls._customer("Big Buyer")
        cls.mid = cls._customer("Mid Buyer")
        cls.small = cls._customer("Small Buyer", user=cls.other_salesperson)
        cls._monthly_orders(cls.big, 50000.0, 12)
        cls._monthly_orders(cls.mid, 10000.0, 6)
        cls._order(cls.small, 1000.0, 40)
        cls.customers = cls.big | cls.mid | cls.small
        cls.indicators = cls.env["customer.score.indicator"].search(
            [("company_id", "=", cls.company.id)]
        )
        cls.bands = cls.env["customer.score.band"].search(
            [("company_id", "=", cls.company.id)]
        )
        cls.env["customer.tier.engine"]._recompute_partners(cls.customers)

    def _indicator(self, source):
        return self.indicators.filtered(lambda i: i.source == source)

    def _commit_checks(self):
        """What the end of the request runs (``cr.commit`` runs precommit)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    # ------------------------------------------------------------------
    # configuration rows
    # ------------------------------------------------------------------
    def test_default_indicators_and_bands_for_each_company(self):
        self.assertEqual(
            sorted(
                zip(
                    self.indicators.mapped("source"),
                    self.indicators.mapped("weight"),
                    strict=True,
                )
            ),
            sorted(scorecard.DEFAULT_INDICATORS),
        )
        self.assertEqual(
            sorted((band.score_from, band.grade) for band in self.bands),
            sorted(scorecard.DEFAULT_BANDS),
        )
        company = self.env["res.company"].create({"name": "Later Co"})
        self.assertEqual(
            sum(
                self.env["customer.score.indicator"]
                .search([("company_id", "=", company.id)])
                .mapped("weight")
            ),
            100,
        )

    def test_weights_must_add_up_to_100(self):
        self._indicator("sales").with_user(self.manager).weight = 50
        with self.assertRaisesRegex(ValidationError, r"Weight:.*110"):
            self._commit_checks()
        # several rows changed in one request: checked once, at its end
        self._indicator("sales").with_user(self.manager).weight = 30
        self._indicator("margin").with_user(self.manager).weight = 30
        self._commit_checks()
        self._indicator("share").with_user(self.manager).active = False
        with self.assertRaisesRegex(ValidationError, r"Weight:.*90"):
            self._commit_checks()

    def test_band_and_indicator_values_checked(self):
        with self.assertRaisesRegex(ValidationError, "Score From"):
            self.bands[0].with_user(self.manager).score_from = 120
        with self.assertRaisesRegex(ValidationError, "Cap"):
            self._indicator("growth").with_user(self.manager).write(
                {"normalisation": "linear", "floor": 10, "cap": 5}
            )

    # ------------------------------------------------------------------
    # the engine
    # ------------------------------------------------------------------
    def test_engine_scores_grades_and_history(self):
        scores = self.customers.mapped("tier_score")
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertGreater(self.big.tier_score, self.small.tier_score)
        for partner in self.customers:
            self.assertEqual(
                partner.tier_score_grade, scorecard.grade(partner.tier_score)
            )
        history = self.env["customer.tier.history"].search(
            [("partner_id", "=", self.big.id), ("scheme", "=", "scorecard")]
        )
        self.assertEqual(history.new_value, self.big.tier_score_grade)
        self.assertEqual(history.score, self.big.tier_score)
        self.assertIn(
            self.big,
            self.env["res.partner"].search(
                [("tier_score_grade", "=", self.big.tier_score_grade)]
            ),
        )

    def test_breakdown_explains_the_score(self):
        result = self.env["customer.tier.engine"]._score_breakdown(self.big)
        self.assertEqual(result.score, self.big.tier_score)
        self.assertEqual(len(result.rows), 5)
        self.assertAlmostEqual(
            sum(row.contribution for row in result.rows), result.score, delta=0.05
        )
        action = self.big.with_user(self.salesperson).action_open_score_breakdown()
        html = self.env["customer.score.breakdown"].browse(action["res_id"]).breakdown
        self.assertIn("Sales Amount", html)
        self.assertIn(f"{self.big.tier_score:.2f}", html)

    def test_bands_and_weights_move_the_grade(self):
        self.bands.filtered(lambda b: b.grade == "A1").score_from = 0
        self.bands.filtered(lambda b: b.grade != "A1").unlink()
        self.env["customer.tier.engine"]._recompute_partners(self.customers)
        self.assertEqual(set(self.customers.mapped("tier_score_grade")), {"A1"})

    def test_override_beats_the_grade(self):
        self.env["customer.tier.override"].with_user(self.manager).create(
            {
                "partner_id": self.small.id,
                "scheme": "scorecard",
                "value": "A1",
                "reason": "Strategic account",
            }
        )
        self.assertEqual(self.small.tier_score_grade, "A1")
        with self.assertRaisesRegex(ValidationError, "Tier"):
            self.env["customer.tier.override"].with_user(self.manager).create(
                {
                    "partner_id": self.mid.id,
                    "scheme": "scorecard",
                    "value": "vip",
                    "reason": "Wrong scheme",
                }
            )

    def test_manual_indicator_counts(self):
        self._indicator("sales").weight = 30
        strategic = self.env["customer.score.indicator"].create(
            {
                "name": "Strategic Value",
                "source": "manual",
                "weight": 10,
                "normalisation": "linear",
                "company_id": self.company.id,
            }
        )
        self._commit_checks()
        before = self.small.tier_score
        self.env["customer.score.manual.value"].with_user(
            self.other_salesperson
        ).create(
            {"partner_id": self.small.id, "indicator_id": strategic.id, "value": 100}
        )
        self.env["customer.tier.engine"]._recompute_partners(self.customers)
        self.assertAlmostEqual(self.small.tier_score, before + 10, delta=0.01)
        with self.assertRaisesRegex(ValidationError, "Value"):
            self.env["customer.score.manual.value"].create(
                {"partner_id": self.big.id, "indicator_id": strategic.id, "value": 101}
            )

    def test_nightly_scores_equal_the_breakdown(self):
        """The engine scores a batch without breakdown rows, reusing the tier
        metrics and reading the manual values in SQL; every stored score and
        grade equals the one its breakdown computes from scratch."""
        engine = self.env["customer.tier.engine"]
        self._indicator("sales").weight = 30
        influence = self.env["customer.score.indicator"].create(
            {
                "name": "Industry Influence",
                "sequence": 100,
                "source": "manual",
                "weight": 10,
                "normalisation": "rank",
                "company_id": self.company.id,
            }
        )
        self._commit_checks()
        self.env["customer.score.manual.value"].with_user(self.manager).create(
            [
                {"partner_id": self.big.id, "indicator_id": influence.id, "value": 40},
                {"partner_id": self.mid.id, "indicator_id": influence.id, "value": 70},
            ]
        )
        self.assertEqual(
            engine._manual_score_values(influence),
            {influence.id: {self.big.id: 40.0, self.mid.id: 70.0}},
        )
        engine._recompute_partners(self.customers)
        influence_rows = {}
        for partner in self.customers:
            result = engine._score_breakdown(partner)
            self.assertEqual(
                (partner.tier_score, partner.tier_score_grade),
                (result.score, result.grade),
            )
            row = result.rows[-1]
            influence_rows[partner] = (row.indicator, row.value, row.normalised)
        self.assertEqual(
            influence_rows,
            {
                self.big: ("Industry Influence", 40.0, 0.0),
                self.mid: ("Industry Influence", 70.0, 100.0),
                self.small: ("Industry Influence", None, 0.0),
            },
        )

    # ------------------------------------------------------------------
    # attacks
    # ------------------------------------------------------------------
    def test_salesperson_cannot_set_score_or_grade(self):
        before = (self.big.tier_score, self.big.tier_score_grade)
        for vals in ({"tier_score": 99.0}, {"tier_score_grade": "A1"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.big.with_user(self.salesperson).with_context(
                    **ATTACK_CONTEXT
                ).write(vals)
        created = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .with_context(**ATTACK_CONTEXT)
            .create(
                {"name": "Self-graded", "tier_score": 99.0, "tier_score_grade": "A1"}
            )
        )
        self.assertFalse(created.tier_score)
        self.assertFalse(created.tier_score_grade)
        self.env.invalidate_all()
        self.assertEqual((self.big.tier_score, self.big.tier_score_grade), before)

    def test_salesperson_cannot_configure_the_scorecard(self):
        weights = self.indicators.mapped("weight")
        Indicator = self.env["customer.score.indicator"].with_user(self.salesperson)
        Band = self.env["customer.score.band"].with_user(self.salesperson)
        with self.assertRaises(AccessError):
            Indicator.create({"name": "Mine", "source": "sales", "weight": 0})
        with self.assertRaises(AccessError):
            self.indicators[0].with_user(self.salesperson).weight = 100
        with self.assertRaises(AccessError):
            self.indicators[0].with_user(self.salesperson).unlink()
        with self.assertRaises(AccessError):
            Band.create({"grade": "A1", "score_from": 1})
        with self.assertRaises(AccessError):
            self.bands[0].with_user(self.salesperson).score_from = 1
        self.env.invalidate_all()
        self.assertEqual(self.indicators.mapped("weight"), weights)
        self.assertEqual(len(self.bands.exists()), 5)

    def test_manual_values_only_for_own_customers(self):
        self._indicator("share").write(
            {"source": "manual", "normalisation": "linear", "name": "Influence"}
        )
        influence = self._indicator("manual")
        Value = self.env["customer.score.manual.value"]
        foreign = Value.create(
            {"partner_id": self.small.id, "indicator_id": influence.id, "value": 20}
        )
        as_salesperson = Value.with_user(self.salesperson).with_context(
            **ATTACK_CONTEXT
        )
        with self.assertRaises(AccessError):
            as_salesperson.create(
                {"partner_id": self.small.id, "indicator_id": influence.id, "value": 90}
            )
        with self.assertRaises(AccessError):
            foreign.with_user(self.salesperson).value = 90
        with self.assertRaises(AccessError):
            foreign.with_user(self.salesperson).unlink()
        own = as_salesperson.create(
            {"partner_id": self.big.id, "indicator_id": influence.id, "value": 90}
        )
        with self.assertRaises(AccessError):
            own.partner_id = self.small
        self.assertFalse(as_salesperson.search([("partner_id", "=", self.small.id)]))
        self.env.invalidate_all()
        self.assertEqual(foreign.value, 20)
        self.assertEqual(own.partner_id, self.big)
        self.assertEqual(
            Value.with_user(self.manager).search([("indicator_id", "=", influence.id)]),
            foreign | own,
        )


@tagged("post_install", "-at_install")
class TestScorecardCompanies(TieringCase):
    """A user of company B sees nothing of company A's scorecard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "Scorecard Co B", "currency_id": cls.usd.id}
        )
        cls.env.user.company_ids |= cls.company_b
        cls.manager_b = new_test_user(
            cls.env,
            login="score_b_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.customer_a = cls._customer("Scored Customer of A")
        indicator = cls.env["customer.score.indicator"].search(
            [("company_id", "=", cls.company.id), ("source", "=", "share")]
        )
        indicator.write({"source": "manual", "normalisation": "linear"})
        cls.value_a = cls.env["customer.score.manual.value"].create(
            {"partner_id": cls.customer_a.id, "indicator_id": indicator.id, "value": 50}
        )
        cls.indicators_a = cls.env["customer.score.indicator"].search(
            [("company_id", "=", cls.company.id)]
        )

    def test_other_company_sees_nothing(self):
        for model, records in (
            ("customer.score.indicator", self.indicators_a),
            (
                "customer.score.band",
                self.env["customer.score.band"].search(
                    [("company_id", "=", self.company.id)]
                ),
            ),
            ("customer.score.manual.value", self.value_a),
        ):
            as_b = (
                self.env[model]
                .with_user(self.manager_b)
                .with_context(allowed_company_ids=self.company_b.ids, active_test=False)
            )
            with self.subTest(model=model):
                found = as_b.search([])
                self.assertFalse(found & records)
                self.assertLessEqual(set(found.company_id.ids), set(self.company_b.ids))
                with self.assertRaises(AccessError):
                    records.with_user(self.manager_b).with_context(
                        allowed_company_ids=self.company_b.ids
                    ).read(["company_id"])
        with self.assertRaises(AccessError):
            self.value_a.with_user(self.manager_b).value = 0
        self.env.invalidate_all()
        self.assertEqual(self.value_a.value, 50)


@tagged("post_install", "-at_install")
class TestScorecardWeightsWizard(TieringCase):
    def test_weights_moved_in_one_save(self):
        manager = self.env["customer.score.weights.wizard"].with_user(
            self._user("score_wiz_manager", "sales_team.group_sale_manager")
        )
        wizard = manager.create({})
        self.assertEqual(wizard.total, 100)
        sales = wizard.line_ids.filtered(
            lambda line: line.indicator_id.source == "sales"
        )
        margin = wizard.line_ids.filtered(
            lambda line: line.indicator_id.source == "margin"
        )
        wizard.write(
            {
                "line_ids": [
                    Command.update(sales.id, {"weight": 30}),
                    Command.update(margin.id, {"weight": 30}),
                ]
            }
        )
        wizard.action_apply()
        self.assertEqual(
            (sales.indicator_id.weight, margin.indicator_id.weight), (30, 30)
        )
        salesperson = self._user("score_wiz_sales", "sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            self.env["customer.score.weights.wizard"].with_user(salesperson).create({})
        wizard = manager.create({})
        wizard.line_ids[0].weight += 5
        with self.assertRaisesRegex(ValidationError, r"Weight:.*105"):
            wizard.action_apply()
        # the request would roll back; so does the test, without the check
        # still pending on the cursor
        self.env.cr.precommit.clear()


@tagged("post_install", "-at_install")
class TestScorecardRpcAttacks(RpcAttackMixin, TieringCase, HttpCase):
    """The scorecard's refusals over JSON-RPC, with the context a client
    sends: the configuration rows, the weights wizard and the engine's score
    and grade on the customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = cls._customer("Rpc Big Buyer")
        cls._monthly_orders(cls.big, 50000.0, 6)
        cls.indicators = cls.env["customer.score.indicator"].search(
            [("company_id", "=", cls.company.id)]
        )
        cls.bands = cls.env["customer.score.band"].search(
            [("company_id", "=", cls.company.id)]
        )
        cls.env["customer.tier.engine"]._recompute_partners(cls.big)
        cls.client_context = cls._web_client_context()

    def _refused(self, model, method, *args, context=None, **kwargs):
        return self.assertRpcRefused(
            "tier_salesperson",
            model,
            method,
            *args,
            context=dict(self.client_context, **(context or {})),
            **kwargs,
        )

    def _configuration(self):
        self.env.invalidate_all()
        Indicator = self.env["customer.score.indicator"].with_context(active_test=False)
        Band = self.env["customer.score.band"].with_context(active_test=False)
        domain = [("company_id", "=", self.company.id)]
        return (
            Indicator.search(domain).mapped(
                lambda i: (i.name, i.source, i.weight, i.floor, i.cap, i.active)
            ),
            Band.search(domain).mapped(lambda b: (b.grade, b.score_from)),
        )

    def _grade(self):
        self.env.invalidate_all()
        return (self.big.tier_score, self.big.tier_score_grade)

    def test_rpc_salesperson_cannot_configure_the_scorecard(self):
        before = self._configuration()
        indicator, band = self.indicators[0], self.bands[0]
        self._refused(
            "customer.score.indicator", "write", [indicator.id], {"weight": 100}
        )
        self._refused(
            "customer.score.indicator", "write", [indicator.id], {"active": False}
        )
        self._refused(
            "customer.score.indicator",
            "create",
            [{"name": "Mine", "source": "manual", "weight": 0}],
        )
        self._refused("customer.score.indicator", "unlink", [indicator.id])
        self._refused("customer.score.band", "write", [band.id], {"score_from": 1})
        self._refused(
            "customer.score.band", "create", [{"grade": "A1", "score_from": 1}]
        )
        self._refused("customer.score.band", "unlink", [band.id])
        self.assertEqual(self._configuration(), before)

    def test_rpc_salesperson_cannot_move_the_weights(self):
        before = self._configuration()
        self._refused("customer.score.weights.wizard", "create", [{}])
        self._refused(
            "customer.score.weights.wizard",
            "create",
            [
                {
                    "company_id": self.company.id,
                    "line_ids": [
                        Command.create(
                            {"indicator_id": self.indicators[0].id, "weight": 100}
                        )
                    ],
                }
            ],
        )
        # a wizard a manager left open is not the salesperson's to apply
        wizard = (
            self.env["customer.score.weights.wizard"].with_user(self.manager).create({})
        )
        wizard.line_ids[0].weight += 10
        wizard.line_ids[1].weight -= 10
        self._refused("customer.score.weights.wizard", "action_apply", [wizard.id])
        self._refused(
            "customer.score.weights.line",
            "write",
            wizard.line_ids.ids,
            {"weight": 50},
        )
        self.assertEqual(self._configuration(), before)

    def test_rpc_salesperson_cannot_set_the_score_or_grade(self):
        before = self._grade()
        self.assertTrue(before[1])
        for vals in (
            {"tier_score": 99.0},
            {"tier_score_grade": "A1"},
            {"tier_score": 99.0, "tier_score_grade": "A1"},
        ):
            with self.subTest(vals=vals):
                self._refused("res.partner", "write", [self.big.id], vals)
        self.assertEqual(self._grade(), before)
        partner_id = self.rpc(
            "tier_salesperson",
            "res.partner",
            "create",
            [
                {
                    "name": "Rpc Self-graded",
                    "is_company": True,
                    "tier_score": 99.0,
                    "tier_score_grade": "A1",
                }
            ],
            context=self.client_context,
        )
        created = self.env["res.partner"].browse(partner_id)
        self.assertFalse(created.tier_score)
        self.assertFalse(created.tier_score_grade)
        # a default in the context is dropped like a value
        partner_id = self.rpc(
            "tier_salesperson",
            "res.partner",
            "create",
            [{"name": "Rpc Default-graded", "is_company": True}],
            context=dict(
                self.client_context,
                default_tier_score_grade="A1",
                default_tier_score=99.0,
            ),
        )
        created = self.env["res.partner"].browse(partner_id)
        self.assertFalse(created.tier_score)
        self.assertFalse(created.tier_score_grade)


@tagged("post_install", "-at_install")
class TestScoreBreakdown(TieringCase):
    """*Why this grade?* ranks the customer against its whole company: a
    dialog computes it when asked, never a read of the customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = cls._customer("Explained Buyer")
        cls.foreign = cls._customer("Foreign Explained Buyer", cls.other_salesperson)
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Explained Buyer's Buyer", "parent_id": cls.big.id}
        )
        cls._monthly_orders(cls.big, 50000.0, 6)
        cls._monthly_orders(cls.foreign, 8000.0, 3)
        cls.engine = cls.env["customer.tier.engine"]
        cls.engine._recompute_partners(cls.big | cls.foreign)
        cls.Breakdown = cls.env["customer.score.breakdown"]

    def _company_ranked(self):
        """Fails whatever ranks the customer against its company."""
        return patch.object(
            type(self.engine),
            "_fetch_stats",
            side_effect=AssertionError("the company's sales were aggregated"),
        )

    def test_reading_the_form_does_not_rank_the_company(self):
        self.assertNotIn("tier_score_breakdown", self.env["res.partner"]._fields)
        for user in (self.salesperson, self.manager):
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user)
                views = Partner.get_views([(False, "form")])
                names = list(views["models"]["res.partner"]["fields"])
                self.assertIn("tier_score_grade", names)
                self.assertIn(
                    "action_open_score_breakdown", views["views"]["form"]["arch"]
                )
                self.env.invalidate_all()
                with self._company_ranked():
                    values = Partner.browse(self.big.id).web_read(
                        {name: {} for name in names}
                    )
                    # any read, every field, as the Contacts app's form may
                    Partner.browse(self.big.id).read()
                self.assertEqual(
                    (values[0]["tier_score"], values[0]["tier_score_grade"]),
                    (self.big.tier_score, self.big.tier_score_grade),
                )
        # the patch does catch a ranking
        with self._company_ranked(), self.assertRaises(AssertionError):
            self.big.with_user(self.salesperson).action_open_score_breakdown()

    def test_dialog_explains_the_stored_score_and_grade(self):
        self.assertTrue(self.big.tier_score_grade)
        result = self.engine._score_breakdown(self.big)
        self.assertEqual(
            (result.score, result.grade),
            (self.big.tier_score, self.big.tier_score_grade),
        )
        for user, partner in (
            (self.salesperson, self.big),
            (self.salesperson, self.buyer),
            (self.manager, self.big),
            (self.manager, self.foreign),
        ):
            with self.subTest(user=user.login, partner=partner.name):
                action = partner.with_user(user).action_open_score_breakdown()
                self.assertEqual(
                    (action["res_model"], action["target"], action["view_mode"]),
                    ("customer.score.breakdown", "new", "form"),
                )
                dialog = self.Breakdown.with_user(user).browse(action["res_id"])
                customer = partner.commercial_partner_id
                self.assertEqual(dialog.partner_id, customer)
                # computed once, at creation: reading it again ranks nothing
                self.env.invalidate_all()
                with self._company_ranked():
                    html = dialog.breakdown
                self.assertIn("o_tier_score_breakdown", html)
                self.assertIn(
                    f"{customer.tier_score:.2f} ({customer.tier_score_grade})", html
                )
                for row in self.engine._score_breakdown(customer).rows:
                    self.assertIn(row.indicator, html)
                    self.assertIn(f"{row.contribution:.2f}", html)

    def test_salesperson_cannot_open_another_salespersons_breakdown(self):
        count = self.Breakdown.sudo().search_count([])
        forged = "<p class='forged'>A1 for everyone</p>"
        as_salesperson = self.Breakdown.with_user(self.salesperson).with_context(
            **ATTACK_CONTEXT, default_breakdown=forged
        )
        foreign_buyer = self.env["res.partner"].create(
            {"name": "Foreign Buyer", "parent_id": self.foreign.id}
        )
        for partner in (self.foreign, foreign_buyer):
            with self.subTest(partner=partner.name):
                with self.assertRaises(AccessError):
                    partner.with_user(self.salesperson).with_context(
                        **ATTACK_CONTEXT
                    ).action_open_score_breakdown()
                with self.assertRaises(AccessError):
                    as_salesperson.create({"partner_id": partner.id})
        # a customer he may not read: another company's, even his own there
        company_b = self.env["res.company"].create({"name": "Breakdown Co B"})
        unreadable = self.env["res.partner"].create(
            {
                "name": "Customer of B",
                "is_company": True,
                "company_id": company_b.id,
                "user_id": self.salesperson.id,
            }
        )
        with self.assertRaises(AccessError):
            unreadable.with_user(self.salesperson).action_open_score_breakdown()
        with self.assertRaises(AccessError):
            as_salesperson.create({"partner_id": unreadable.id})
        self.assertEqual(self.Breakdown.sudo().search_count([]), count)

        # his own customer: what he sends for the breakdown is replaced, and
        # the dialog is not his to rewrite or to point at another customer
        own = as_salesperson.create({"partner_id": self.big.id, "breakdown": forged})
        self.assertNotIn("forged", own.breakdown)
        self.assertIn(f"{self.big.tier_score:.2f}", own.breakdown)
        for vals in ({"breakdown": forged}, {"partner_id": self.foreign.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                own.write(vals)
        # nor is another salesperson's dialog his to read
        theirs = self.foreign.with_user(
            self.other_salesperson
        ).action_open_score_breakdown()
        theirs = self.Breakdown.browse(theirs["res_id"])
        self.assertFalse(
            self.Breakdown.with_user(self.salesperson).search([("id", "=", theirs.id)])
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesperson).read(["breakdown"])
        self.env.invalidate_all()
        self.assertEqual((own.partner_id, theirs.partner_id), (self.big, self.foreign))
        self.assertNotIn("forged", own.breakdown)


@tagged("post_install", "-at_install")
class TestScoreBreakdownRpcAttacks(RpcAttackMixin, TieringCase, HttpCase):
    """The same refusals over JSON-RPC, with the context a client sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._customer("Rpc Explained Buyer")
        cls.foreign = cls._customer("Rpc Foreign Buyer", cls.other_salesperson)
        cls._monthly_orders(cls.own, 20000.0, 3)
        cls._monthly_orders(cls.foreign, 30000.0, 3)
        cls.env["customer.tier.engine"]._recompute_partners(cls.own | cls.foreign)
        cls.client_context = cls._web_client_context(default_breakdown="<p>forged</p>")

    def test_rpc_salesperson_cannot_open_another_salespersons_breakdown(self):
        Breakdown = self.env["customer.score.breakdown"].sudo()
        count = Breakdown.search_count([])
        for model, method, args in (
            ("res.partner", "action_open_score_breakdown", [[self.foreign.id]]),
            ("customer.score.breakdown", "create", [[{"partner_id": self.foreign.id}]]),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    "tier_salesperson",
                    model,
                    method,
                    *args,
                    context=self.client_context,
                )
        self.assertEqual(Breakdown.search_count([]), count)
        action = self.rpc(
            "tier_salesperson",
            "res.partner",
            "action_open_score_breakdown",
            [self.own.id],
            context=self.client_context,
        )
        own = Breakdown.browse(action["res_id"])
        self.assertEqual(own.partner_id, self.own)
        self.assertNotIn("forged", own.breakdown)
        self.assertIn(f"{self.own.tier_score:.2f}", own.breakdown)
        self.assertRpcRefused(
            "tier_salesperson",
            "customer.score.breakdown",
            "write",
            [own.id],
            {"partner_id": self.foreign.id, "breakdown": "<p>forged</p>"},
            context=self.client_context,
        )
        self.assertEqual(own.partner_id, self.own)
        self.assertNotIn("forged", own.breakdown)
