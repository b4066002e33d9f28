from odoo import Command

from odoo.addons.customer_tiering.tests.common import CompanyCase

from .common import approved_transfer

SALESMAN = "sales_team.group_sale_salesman"
MANAGER = "sales_team.group_sale_manager"


class ReferralCase(CompanyCase):
    """Two teams of one company: the scout of team X registers prospects
    that the closers of team Y end up owning; two managers of no team."""

    company_name = "Referral Test Co"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.team"].search([("use_fair_allocation", "=", True)]).write(
            {"use_fair_allocation": False}
        )
        cls.team_x = cls.env["crm.team"].create(
            {"name": "Team X", "company_id": cls.company.id}
        )
        cls.team_y = cls.env["crm.team"].create(
            {"name": "Team Y", "company_id": cls.company.id, "use_leads": True}
        )
        cls.scout = cls._user("ref_scout", SALESMAN)
        cls.mate = cls._user("ref_mate", SALESMAN)
        cls.closer = cls._user("ref_closer", SALESMAN)
        cls.manager = cls._user("ref_manager", MANAGER)
        cls.manager_2 = cls._user("ref_manager_2", MANAGER)
        cls.env["crm.team.member"].create(
            [
                {"crm_team_id": cls.team_x.id, "user_id": cls.scout.id},
                {"crm_team_id": cls.team_x.id, "user_id": cls.mate.id},
                {"crm_team_id": cls.team_y.id, "user_id": cls.closer.id},
            ]
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Referral Widget", "list_price": 100.0}
        )

    @classmethod
    def _registered(cls, model, registrant, **values):
        """A record registered by ``registrant``, in the pool."""
        base = {"company_id": cls.company.id, "user_id": False}
        if model == "crm.lead":
            base.update(name="Referred lead", type="lead", team_id=cls.team_y.id)
        else:
            base.update(name="Referred Customer", is_company=True)
        record = cls.env[model].create({**base, **values})
        record.sudo().write({"registered_by_id": registrant.id})
        return record

    def _allocate(self, leads, user):
        self.env["crm.lead.allocate.wizard"].with_user(self.manager).create(
            {
                "lead_ids": [Command.set(leads.ids)],
                "user_id": user.id,
                "reason": "Direct",
            }
        ).action_allocate()

    def _transfer(self, record, to_user):
        return approved_transfer(self.manager, record, to_user)

    def _claim(self, user, record):
        field = "lead_id" if record._name == "crm.lead" else "partner_id"
        claim = (
            self.env["crm.pool.claim"]
            .with_user(user)
            .create({field: record.id, "user_id": user.id, "reason": "I know them"})
        )
        if claim.state == "requested":
            claim.with_user(self.manager).action_approve()
        return claim

    def _order(self, partner, user, amount=1000.0, team=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": self.company.id,
                "user_id": user.id,
                "team_id": (team or self.team_y).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def _referred_customer(self, owner=None):
        customer = self._registered("res.partner", self.scout)
        self._claim(owner or self.closer, customer)
        return customer

    def _bands(self, *rows):
        return self.env["crm.referral.band"].create(
            [
                dict(
                    zip(
                        ("measure", "value_from", "value_to", "reward_type", "value"),
                        row,
                        strict=True,
                    ),
                    company_id=self.company.id,
                )
                for row in rows
            ]
        )
