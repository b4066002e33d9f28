from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import referrals


class CrmReferralBand(models.Model):
    """One band of a company's referral rewards: from which month's amount
    credited, or number of orders, a referrer earns a fixed reward or a
    percentage of the amount credited. Rows, so an administrator adds a
    band instead of editing a formula; the higher reward wins when several
    bands match."""

    _name = "crm.referral.band"
    _description = "Referral Reward Band"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    measure = fields.Selection(
        [(referrals.AMOUNT, "Amount Credited"), (referrals.COUNT, "Order Count")],
        required=True,
        default=referrals.AMOUNT,
        help="What the referrer's month is measured by: the amount credited "
        "to the teams he referred customers to, or the number of their orders.",
    )
    value_from = fields.Float(
        string="From", required=True, help="Included: the band starts here."
    )
    value_to = fields.Float(
        string="To", help="Excluded: the band stops below it; 0 leaves it open."
    )
    reward_type = fields.Selection(
        [(referrals.FIXED, "Fixed Amount"), (referrals.PERCENTAGE, "Percentage")],
        required=True,
        default=referrals.PERCENTAGE,
    )
    value = fields.Float(
        string="Reward",
        required=True,
        help="A fixed amount in company currency, or a percentage of the "
        "amount credited in the month.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )

    @api.depends("measure", "value_from", "value_to", "reward_type", "value")
    def _compute_display_name(self):
        measures = dict(self._fields["measure"]._description_selection(self.env))
        for band in self:
            band.display_name = self.env._(
                "%(measure)s from %(start)s: %(reward)s%(unit)s",
                measure=measures.get(band.measure, ""),
                start=band.value_from,
                reward=band.value,
                unit="%" if band.reward_type == referrals.PERCENTAGE else "",
            )

    @api.constrains("measure", "value_from", "value_to", "reward_type", "value")
    def _check_band(self):
        for band in self:
            problem = referrals.band_problem(
                band.measure,
                band.value_from,
                band.value_to,
                band.reward_type,
                band.value,
            )
            if not problem:
                continue
            field, kind = problem
            label = self._fields[field].get_description(self.env)["string"]
            if kind == "not_above_from":
                message = self.env._(
                    "%(field)s: enter a value above From (%(start)s), or 0 to "
                    "leave the band open.",
                    field=label,
                    start=band.value_from,
                )
            elif kind == "above_100":
                message = self.env._(
                    "%(field)s: a percentage reward is at most 100.", field=label
                )
            elif kind == "negative":
                message = self.env._(
                    "%(field)s: enter 0 or a positive number.", field=label
                )
            else:
                message = self.env._("%(field)s: choose one of the list.", field=label)
            raise ValidationError(message)

    def _to_band(self):
        return referrals.Band(
            self.id,
            self.sequence,
            self.measure,
            self.value_from,
            self.value_to,
            self.reward_type,
            self.value,
        )
