from odoo import SUPERUSER_ID, api, fields, models

from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
    strip_guarded_create,
)

from ..services import referrals

#: set by the engines only, managers included: a referrer set by hand is a
#: reward claimed by hand
REFERRAL_FIELDS = ("referrer_id", "referrer_team_id", "referral_date")


class CrmReferralMixin(models.AbstractModel):
    """Who brought this lead or customer to its team: recorded by the
    engines when a record registered by a member of one team is allocated,
    transferred or claimed into another team. The first referral wins; a
    later hand-out keeps it, so the reward goes to whoever found the
    prospect, not to whoever passed it on last."""

    _name = "crm.referral.mixin"
    _description = "Referral"

    referrer_id = fields.Many2one(
        "res.users",
        string="Referring Salesperson",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The salesperson of another team who registered this record and "
        "whose team handed it over: rewarded when it becomes business.",
    )
    referrer_team_id = fields.Many2one(
        "crm.team", string="Referring Team", readonly=True, copy=False
    )
    referral_date = fields.Datetime(string="Referred On", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_guarded_create(self, vals_list, REFERRAL_FIELDS, group=None)
        return super().create(vals_list)

    def write(self, vals):
        check_guarded_write(self, vals, REFERRAL_FIELDS, group=None)
        return super().write(vals)

    def _referral_record(self):
        """Records the referral of the records just handed to their owner,
        in the owner's team (the record's own team when he is one of its
        members). Called by the engines, as superuser, after their checks."""
        records = self.sudo().filtered(
            lambda record: (
                not record.referrer_id
                and record.user_id
                and record.registered_by_id
                and record.registered_by_id.id != SUPERUSER_ID
            )
        )
        if not records:
            return
        facts = self.env["sales.policy.facts"]
        teams_by_company = {
            company: facts._salesperson_teams(
                group.registered_by_id | group.user_id, company or None
            )
            for company, group in records.grouped("company_id").items()
        }
        now = fields.Datetime.now()
        for record in records:
            teams = teams_by_company[record.company_id]
            owner_teams = teams[record.user_id.id]
            own_team = record.team_id.id if "team_id" in record._fields else False
            receiving = (
                own_team if own_team in owner_teams else (owner_teams or [False])[0]
            )
            referrer_team = referrals.referral(
                record.registered_by_id.id,
                teams[record.registered_by_id.id],
                record.user_id.id,
                receiving,
            )
            if referrer_team:
                record._referral_write(
                    {
                        "referrer_id": record.registered_by_id.id,
                        "referrer_team_id": referrer_team,
                        "referral_date": now,
                    }
                )

    def _referral_write(self, vals):
        return self.sudo().write(vals)
