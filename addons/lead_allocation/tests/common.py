from odoo.addons.customer_tiering.tests.common import CompanyCase

REVENUE = {"A": 900000.0, "B": 500000.0, "C": 300000.0, "D": 1000.0}


def approved_transfer(manager, record, to_user, reason="Move"):
    """``record`` (a lead or a customer) transferred to ``to_user`` with
    ``manager``'s approval: the evidence an approved transfer leaves."""
    field = "lead_id" if record._name == "crm.lead" else "partner_id"
    transfer = (
        record.env["crm.pool.transfer"]
        .with_user(manager)
        .create({field: record.id, "to_user_id": to_user.id, "reason": reason})
    )
    transfer.action_approve()
    return transfer


class AllocationCase(CompanyCase):
    """The test company with one fair-allocation team: a senior, two
    intermediates and a junior."""

    company_name = "Allocation Test Co"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_senior = cls.env.ref("lead_allocation.crm_salesperson_level_senior")
        cls.level_intermediate = cls.env.ref(
            "lead_allocation.crm_salesperson_level_intermediate"
        )
        cls.level_junior = cls.env.ref("lead_allocation.crm_salesperson_level_junior")
        cls.manager = cls._user("la_manager", "sales_team.group_sale_manager")
        cls.intake = cls._user("la_intake", "lead_allocation.group_intake_agent")
        # Other fair-allocation teams (demo data) stay out of these tests.
        cls.env["crm.team"].search([("use_fair_allocation", "=", True)]).write(
            {"use_fair_allocation": False}
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Fair Team",
                "company_id": cls.company.id,
                "use_leads": True,
                "use_opportunities": True,
                "use_fair_allocation": True,
            }
        )
        cls.senior = cls._member("la_senior", cls.level_senior)
        cls.intermediate_1 = cls._member("la_intermediate_1", cls.level_intermediate)
        cls.intermediate_2 = cls._member("la_intermediate_2", cls.level_intermediate)
        cls.junior = cls._member("la_junior", cls.level_junior)

    @classmethod
    def _member(cls, login, level, team=None, **values):
        user = cls._user(login, "sales_team.group_sale_salesman")
        cls.env["crm.team.member"].create(
            {
                "crm_team_id": (team or cls.team).id,
                "user_id": user.id,
                "level_id": level.id,
                **values,
            }
        )
        return user

    @classmethod
    def _leads(cls, lead_class, count=1, team=None, **values):
        return cls.env["crm.lead"].create(
            [
                {
                    "name": f"Lead {lead_class} {index}",
                    "type": "lead",
                    "user_id": False,
                    "team_id": (team or cls.team).id,
                    "company_id": cls.company.id,
                    "expected_revenue": REVENUE[lead_class],
                    **values,
                }
                for index in range(count)
            ]
        )

    def _allocate(self, leads=None):
        return self.env["crm.lead.allocation.engine"]._allocate(leads)

    def _membership(self, user):
        return self.env["crm.team.member"].search(
            [("user_id", "=", user.id), ("crm_team_id", "=", self.team.id)]
        )

    def _counts(self, leads):
        counts = {}
        for lead in leads:
            counts[lead.user_id] = counts.get(lead.user_id, 0) + 1
        return counts
