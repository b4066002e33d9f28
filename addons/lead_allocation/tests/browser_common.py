from odoo.addons.customer_tiering.tests.browser_common import BrowserCase


class FairTeamBrowserCase(BrowserCase):
    """Browser tests around one fair-allocation team of their own; the demo
    data's fair-allocation teams stay out of the rotation."""

    @classmethod
    def _fair_team(cls, name, levels):
        """``levels``: {user: level code}."""
        cls.env["crm.team"].search([("use_fair_allocation", "=", True)]).write(
            {"use_fair_allocation": False}
        )
        team = cls.env["crm.team"].create(
            {"name": name, "use_leads": True, "use_fair_allocation": True}
        )
        cls.env["crm.team.member"].create(
            [
                {
                    "crm_team_id": team.id,
                    "user_id": user.id,
                    "level_id": cls.env.ref(
                        f"lead_allocation.crm_salesperson_level_{level}"
                    ).id,
                }
                for user, level in levels.items()
            ]
        )
        return team
