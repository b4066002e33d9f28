from ast import literal_eval
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..services import territories
from .crm_lead import LEAD_CLASSES

REGION_FIELDS = ("country_id", "state_id", "city", "zip_prefix")
RULE_FIELDS = (
    "sequence",
    "team_id",
    "user_id",
    "country_id",
    "state_id",
    "city",
    "zip_prefix",
    "industry_id",
    "lead_class",
    "is_key",
)
PARTNER_ADDRESS_FIELDS = ("country_id", "state_id", "city", "zip", "industry_id")


class CrmTerritory(models.Model):
    """A region (and optionally an industry or a lead class) that belongs to a
    sales team: new leads without a team and customers take the team of the
    most specific territory they fall in (``services/territories.py``)."""

    _name = "crm.territory"
    _description = "Sales Territory"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", required=True, check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Preferred Salesperson",
        check_company=True,
        domain="[('share', '=', False)]",
        help="Receives the territory's leads when the rotation allows it "
        "(eligible level, capacity left, not suspended); it counts as his turn.",
    )
    country_id = fields.Many2one("res.country")
    state_id = fields.Many2one(
        "res.country.state",
        string="State / Province",
        domain="[('country_id', '=?', country_id)]",
    )
    city = fields.Char()
    zip_prefix = fields.Char(
        string="Postal Code Prefix",
        help="Matches the postal codes that start with it (spaces and dashes ignored).",
    )
    industry_id = fields.Many2one("res.partner.industry")
    lead_class = fields.Selection(LEAD_CLASSES)
    is_key = fields.Boolean(
        string="Key: allocated by a sales manager",
        help="Leads of this territory are not handed out by the rotation: they "
        "wait for the sales manager's direct allocation, with an activity for "
        "the team leader. A key territory without a region makes its class or "
        "industry key everywhere.",
    )

    @api.constrains("name", "team_id", *REGION_FIELDS, "lead_class")
    def _check_criteria(self):
        for territory in self:
            if not any(territory[name] for name in (*REGION_FIELDS, "lead_class")):
                raise ValidationError(
                    self.env._(
                        "%(fields)s: set at least one of them on territory %(name)s.",
                        fields=", ".join(
                            self._fields[name].get_description(self.env)["string"]
                            for name in (*REGION_FIELDS, "lead_class")
                        ),
                        name=territory.name,
                    )
                )

    @api.constrains("user_id", "team_id")
    def _check_user_in_team(self):
        for territory in self.filtered("user_id"):
            team = territory.team_id
            if territory.user_id not in team.member_ids | team.user_id:
                raise ValidationError(
                    self.env._(
                        "Preferred Salesperson: %(user)s is not a member of %(team)s; "
                        "add him to the team or choose one of its members.",
                        user=territory.user_id.name,
                        team=team.name,
                    )
                )

    @api.onchange("country_id")
    def _onchange_country_id(self):
        if self.state_id and self.state_id.country_id != self.country_id:
            self.state_id = False

    # ------------------------------------------------------------------
    # customers follow the rows
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._reassign_customers(records.company_id)
        return records

    def write(self, vals):
        companies = self.company_id
        result = super().write(vals)
        if set(vals) & {*RULE_FIELDS, "active", "company_id"}:
            self._reassign_customers(companies | self.company_id)
        return result

    def unlink(self):
        companies = self.company_id
        result = super().unlink()
        self._reassign_customers(companies)
        return result

    def _reassign_customers(self, companies):
        """The customers of ``companies`` (and the shared ones) take their
        territory again: one query for the ids, one batch assignment."""
        if not companies:
            return
        partner = self.env["res.partner"]
        partner.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT p.id FROM res_partner p WHERE %s"
                " AND (p.company_id IS NULL OR p.company_id = ANY(%s))",
                self.env["sales.policy.facts"]._customer_sql("p"),
                companies.ids,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self._assign_partners(partner.browse(ids))

    # ------------------------------------------------------------------
    # the engine: gather, decide with services/territories.py, write back
    # ------------------------------------------------------------------
    @api.model
    def _rules_by_company(self, companies):
        rows = (
            self.sudo()
            .with_context(active_test=True)
            .search_fetch(
                [("company_id", "in", companies.ids)],
                ["company_id", *RULE_FIELDS],
            )
        )
        by_company = defaultdict(list)
        for row in rows:
            by_company[row.company_id.id].append(
                territories.Rule(
                    id=row.id,
                    sequence=row.sequence,
                    team_id=row.team_id.id,
                    user_id=row.user_id.id or None,
                    country_id=row.country_id.id or None,
                    state_id=row.state_id.id or None,
                    city=row.city or None,
                    zip_prefix=row.zip_prefix or None,
                    industry_id=row.industry_id.id or None,
                    lead_class=row.lead_class or None,
                    is_key=row.is_key,
                )
            )
        return by_company, rows.team_id

    @api.model
    def _failed_domains(self, records, teams):
        """``{record id: team ids whose assignment domain it fails}``: Odoo's
        own team assignment domain narrows the team's territories, one search
        per team that has one."""
        failed = defaultdict(set)
        for team in teams.filtered("assignment_domain"):
            domain = literal_eval(team.assignment_domain or "[]")
            if not domain:
                continue
            passing = set(
                records.with_context(active_test=False)
                .search([("id", "in", records.ids), *domain])
                .ids
            )
            for record_id in set(records.ids) - passing:
                failed[record_id].add(team.id)
        return failed

    @api.model
    def _route_leads(self, leads):
        """Gives the open, team-less, owner-less ``leads`` the team of their
        most specific territory, the company's default team, or the reason
        they wait. Key leads get their team and wait for the sales manager.

        An engine action: it runs as the superuser and no client value
        decides anything but the lead's own address, industry and class."""
        self = self.sudo()
        leads = leads.sudo().filtered(
            lambda lead: not lead.team_id and not lead.user_id and lead.active
        )
        if not leads:
            return leads
        leads.fetch(["company_id", "country_id", "state_id", "city", "zip"])
        leads.partner_id.commercial_partner_id.fetch(["industry_id"])
        companies = leads.company_id | self.env.company
        rules, teams = self._rules_by_company(companies)
        failed = self._failed_domains(leads, teams)
        no_match = self.env._("no territory matches")
        key_reason = self.env._("key lead: waits for a sales manager's allocation")
        groups = defaultdict(list)
        for lead in leads:
            company = lead.company_id or self.env.company
            company_rules = rules.get(company.id, ())
            if not company_rules and not company.territory_default_team_id:
                continue  # the company does not route by territory
            subject = territories.Subject(
                country_id=lead.country_id.id or None,
                state_id=lead.state_id.id or None,
                city=lead.city,
                zip=lead.zip,
                industry_id=lead.partner_id.commercial_partner_id.industry_id.id
                or None,
                lead_class=lead.allocation_class or None,
            )
            excluded = frozenset(failed.get(lead.id, ()))
            rule = territories.match(company_rules, subject, excluded)
            if rule:
                key = territories.is_key(company_rules, subject, excluded)
                vals = (
                    ("team_id", rule.team_id),
                    ("territory_id", rule.id),
                    ("allocation_key", key),
                    ("allocation_block_reason", key_reason if key else False),
                )
            elif company.territory_default_team_id:
                vals = (
                    ("team_id", company.territory_default_team_id.id),
                    ("territory_id", False),
                    ("allocation_key", False),
                    ("allocation_block_reason", False),
                )
            else:
                vals = (
                    ("territory_id", False),
                    ("allocation_key", False),
                    ("allocation_block_reason", no_match),
                )
            groups[vals].append(lead.id)
        Lead = self.env["crm.lead"].with_context(tracking_disable=True)
        for vals, lead_ids in groups.items():
            Lead.browse(lead_ids).write(dict(vals))
        leads.filtered("allocation_key")._schedule_key_activities()
        return leads

    @api.model
    def _assign_partners(self, partners):
        """Customers take the territory of their address and industry (lead
        classes do not apply to them), among the territories of their company;
        a shared customer follows its owner's company, else the main one.
        An engine action: the address decides, the superuser writes."""
        self = self.sudo()
        partners = partners.sudo().filtered(lambda partner: not partner.parent_id)
        if not partners:
            return
        partners.fetch(
            ["company_id", "user_id", *PARTNER_ADDRESS_FIELDS, "territory_id"]
        )
        partners.user_id.fetch(["company_id"])
        main = self.env.ref("base.main_company", raise_if_not_found=False)
        main = main or self.env.company
        company_of = {
            partner.id: partner.company_id or partner.user_id.company_id or main
            for partner in partners
        }
        companies = self.env["res.company"].union(*company_of.values())
        rules = self._rules_by_company(companies)[0]
        groups = defaultdict(list)
        for partner in partners:
            rule = territories.match(
                [
                    rule
                    for rule in rules.get(company_of[partner.id].id, ())
                    if not rule.lead_class
                ],
                territories.Subject(
                    country_id=partner.country_id.id or None,
                    state_id=partner.state_id.id or None,
                    city=partner.city,
                    zip=partner.zip,
                    industry_id=partner.industry_id.id or None,
                ),
            )
            territory_id = rule.id if rule else False
            if partner.territory_id.id != territory_id:
                groups[territory_id].append(partner.id)
        Partner = self.env["res.partner"].with_context(tracking_disable=True)
        for territory_id, partner_ids in groups.items():
            Partner.browse(partner_ids).write({"territory_id": territory_id})
