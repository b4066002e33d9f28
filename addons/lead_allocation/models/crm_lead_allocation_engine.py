import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.customer_tiering.tools import bulk_writer
from odoo.addons.customer_tiering.tools.retry import retry_on_conflict

from ..services import allocation, claims, memberships

_logger = logging.getLogger(__name__)

CAPACITY_DAYS = 30  # Odoo's assignment_max is a capacity over 30 days
LEAD_FIELDS = [
    "team_id",
    "allocation_class",
    "create_date",
    "priority",
    "allocation_block_reason",
    "territory_id",
]
LOG_COLUMNS = (
    "date",
    "lead_id",
    "user_id",
    "team_id",
    "company_id",
    "lead_class",
    "level_id",
    "event",
    "actor",
    "reason",
)
MEMBER_FIELDS = [
    "user_id",
    "crm_team_id",
    "level_id",
    "allocation_weight",
    "allocation_opt_out",
    "assignment_optout",
    "assignment_max",
    "capacity_ids",
]


class CrmLeadAllocationEngine(models.AbstractModel):
    """Fair allocation of the pending leads of fair-allocation teams.

    Reads the leads and the team members in a fixed number of queries,
    lets the pure rotation of ``services/allocation.py`` decide, then writes
    once per salesperson, logs every lead handed out and every turn skipped
    in one create, consumes the skipped turns and records why the other leads
    wait.
    """

    _name = "crm.lead.allocation.engine"
    _description = "Lead Allocation Engine"

    # ------------------------------------------------------------------
    # entry points
    # ------------------------------------------------------------------
    @api.model
    @retry_on_conflict
    def _cron_allocate(self):
        summary = self._allocate()
        _logger.info(
            "Lead allocation: %(allocated)s leads allocated, %(waiting)s waiting",
            summary,
        )
        return summary

    @api.model
    def action_allocate_all(self):
        """The Allocate Now menu: every pending lead, at once."""
        self.env["crm.team"]._check_allocation_manager()
        return self._notify(self._allocate())

    @api.model
    def _pending_domain(self):
        """Pool leads of fair-allocation teams: a registration conflict waits
        for a manager, not for the rotation."""
        return [
            *self.env["sales.policy.facts"]._pool_lead_domain(),
            ("type", "in", ("lead", "opportunity")),
            ("team_id.use_fair_allocation", "=", True),
            ("allocation_key", "=", False),
        ]

    @api.model
    def _notify(self, summary):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if summary["allocated"] else "warning",
                "title": self.env._("Lead Allocation"),
                "message": self.env._(
                    "%(allocated)s leads allocated, %(waiting)s still waiting "
                    "(see Waiting Because on each lead).",
                    allocated=summary["allocated"],
                    waiting=summary["waiting"],
                ),
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _allocate(self, leads=None, now=None, excluded_user_ids=None):
        """Allocates the pending leads among ``leads`` (all of them when
        ``None``); returns ``{"allocated": n, "waiting": n}``. The
        ``excluded_user_ids`` receive none of them (a handover's leaving
        salesperson), as a cooling-down former owner."""
        engine = self.sudo()
        now = (now or fields.Datetime.now()).replace(microsecond=0)
        domain = engine._pending_domain()
        if leads is not None:
            if not leads:
                return {"allocated": 0, "waiting": 0}
            domain += [("id", "in", leads.ids)]
        engine._route(leads)
        pending = engine.env["crm.lead"].search_fetch(domain, LEAD_FIELDS, order="id")
        if not pending:
            return {"allocated": 0, "waiting": 0}
        data = engine._gather(pending, now)
        if excluded_user_ids:
            excluded = frozenset(excluded_user_ids)
            data["cooling_down"] = {
                lead.id: data["cooling_down"].get(lead.id, frozenset()) | excluded
                for lead in pending
            }
        outcome = engine._decide(pending, data, now)
        engine._apply(pending, data, outcome, now)
        return {
            "allocated": len(outcome["decisions"]),
            "waiting": len(outcome["reasons"]),
        }

    def _route(self, leads=None):
        """Pool leads without a team take their territory's team first, so
        that the rotation can hand them out in the same run."""
        domain = [
            *self.env["sales.policy.facts"]._pool_lead_domain(),
            ("team_id", "=", False),
        ]
        if leads is not None:
            domain += [("id", "in", leads.ids)]
        self.env["crm.territory"]._route_leads(self.env["crm.lead"].search(domain))

    # ------------------------------------------------------------------
    # data gathering: a fixed number of queries, whatever the volume
    # ------------------------------------------------------------------
    def _gather(self, pending, now):
        pending.territory_id.fetch(["user_id"])
        teams = pending.team_id
        teams.fetch(["company_id"])
        members = self.env["crm.team.member"].search_fetch(
            [("crm_team_id", "in", teams.ids)], MEMBER_FIELDS, order="id"
        )
        users = members.user_id.with_context(active_test=False)
        users.fetch(["active"])
        levels = (
            self.env["crm.salesperson.level"]
            .with_context(active_test=False)
            .search_fetch([], ["code", "name"])
        )
        companies = teams.company_id | self.env.company
        companies.sudo().eligibility_ids.fetch(
            ["company_id", "lead_class", "level_ids"]
        )
        members.sudo().capacity_ids.fetch(["member_id", "lead_class", "capacity"])
        return {
            "cooling_down": self._cooling_down(pending, now),
            "members": members,
            "levels": levels,
            "turns": self._fetch_turns(users.ids, now),
            "recent": members._get_lead_from_date(now - timedelta(days=CAPACITY_DAYS)),
            "recent_by_class": members._get_class_lead_from_date(
                now - timedelta(days=CAPACITY_DAYS)
            ),
            "suspensions": self.env["crm.allocation.suspension"]._in_force(
                users.ids, now
            ),
        }

    def _cooling_down(self, pending, now):
        """``{lead id: former owners}`` who released the lead less than their
        company's claim cool-down ago: the rotation does not give them back
        what they could not claim back themselves."""
        release = self.env["crm.pool.release"]
        release.flush_model(["lead_id", "user_id", "date"])
        self.env.cr.execute(
            SQL(
                """
                SELECT lead_id, user_id, MAX(date) FROM crm_pool_release
                WHERE lead_id = ANY(%s) GROUP BY lead_id, user_id
                """,
                pending.ids,
            )
        )
        today = now.date()
        excluded = defaultdict(set)
        for lead_id, user_id, released in self.env.cr.fetchall():
            lead = pending.browse(lead_id)
            company = lead.team_id.company_id or lead.company_id or self.env.company
            back = claims.claim_back_date(released, company.pool_claim_cooldown_days)
            if back and today < back:
                excluded[lead_id].add(user_id)
        return {lead_id: frozenset(users) for lead_id, users in excluded.items()}

    def _fetch_turns(self, user_ids, now):
        """``{user id: (turns taken this month, last turn)}`` from the log:
        leads received and turns skipped both count, as the rotation wants."""
        if not user_ids:
            return {}
        log = self.env["crm.lead.allocation.log"]
        log.flush_model(["user_id", "date"])
        period_start = now.replace(day=1, hour=0, minute=0, second=0)
        self.env.cr.execute(
            SQL(
                """
                SELECT user_id, COUNT(*) FILTER (WHERE date >= %s), MAX(date)
                FROM crm_lead_allocation_log
                WHERE user_id = ANY(%s)
                GROUP BY user_id
                """,
                period_start,
                list(user_ids),
            )
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    # ------------------------------------------------------------------
    # decision: the pure rotation, company by company
    # ------------------------------------------------------------------
    def _decide(self, pending, data, now):
        by_company = defaultdict(lambda: {"leads": [], "members": []})
        for lead in pending:
            company = lead.team_id.company_id
            by_company[company]["leads"].append(
                allocation.Lead(
                    id=lead.id,
                    team_id=lead.team_id.id,
                    lead_class=lead.allocation_class or "D",
                    create_date=lead.create_date,
                    priority=int(lead.priority or 0),
                    excluded_user_ids=data["cooling_down"].get(lead.id, frozenset()),
                    preferred_user_id=lead.territory_id.user_id.id or None,
                )
            )
        for member in data["members"]:
            company = member.crm_team_id.company_id
            if company in by_company:
                by_company[company]["members"].append(member)
        outcome = {
            "decisions": {},
            "reasons": {},
            "consumed": {},
            "membership": {},
        }
        for company, group in by_company.items():
            suspensions = data["suspensions"].filtered(
                lambda suspension, company=company: (
                    not company or suspension.company_id == company
                )
            )
            matrix = (company or self.env.company)._lead_eligibility_matrix()
            result = memberships.allocate_memberships(
                group["leads"],
                self._members(group["members"], data, suspensions),
                now,
                matrix,
            )
            outcome["decisions"].update(result.decisions)
            outcome["reasons"].update(result.unallocated_reasons)
            for user_id, count in result.consumed_skips.items():
                outcome["consumed"][(company, user_id)] = (count, suspensions)
            for member in group["members"]:
                outcome["membership"][(member.user_id.id, member.crm_team_id.id)] = (
                    member
                )
        return outcome

    def _members(self, members, data, suspensions):
        suspended, skip_turns = set(), defaultdict(int)
        for suspension in suspensions:
            if suspension.kind == "turns":
                skip_turns[suspension.user_id.id] += suspension.remaining_turns
            else:
                suspended.add(suspension.user_id.id)
        result = []
        for member in members:
            user_id, team_id = member.user_id.id, member.crm_team_id.id
            count, last = data["turns"].get(user_id, (0, None))
            recent = data["recent"].get((user_id, team_id), 0)
            class_capacity_left = {
                lead_class: max(
                    capacity
                    - data["recent_by_class"].get((user_id, team_id, lead_class), 0),
                    0,
                )
                for lead_class, capacity in member._class_capacities().items()
            }
            result.append(
                allocation.Member(
                    user_id=user_id,
                    team_id=team_id,
                    level=member.level_id.code or "",
                    weight=member.allocation_weight,
                    assigned_count=count,
                    last_assigned_at=last,
                    capacity_left=max(member.assignment_max - recent, 0),
                    class_capacity_left=class_capacity_left or None,
                    active=member.user_id.active,
                    opted_out=member.allocation_opt_out or member.assignment_optout,
                    suspended=user_id in suspended,
                    skip_turns=skip_turns[user_id],
                )
            )
        return result

    # ------------------------------------------------------------------
    # write back in bulk
    # ------------------------------------------------------------------
    def _apply(self, pending, data, outcome, now):
        labels = {level.code: level.name for level in data["levels"]}
        leads_by_user = defaultdict(list)
        log_values = []
        for lead in pending:
            user_id = outcome["decisions"].get(lead.id)
            if not user_id:
                continue
            leads_by_user[user_id].append(lead.id)
            member = outcome["membership"][(user_id, lead.team_id.id)]
            log_values.append(
                {
                    "date": now,
                    "lead_id": lead.id,
                    "user_id": user_id,
                    "team_id": lead.team_id.id,
                    "company_id": (
                        lead.company_id or lead.team_id.company_id or self.env.company
                    ).id,
                    "lead_class": lead.allocation_class,
                    "level_id": member.level_id.id,
                    "event": "assigned",
                    "actor": "scheduled",
                    "reason": self.env._(
                        "Fair rotation: class %(lead_class)s lead for level %(level)s.",
                        lead_class=lead.allocation_class,
                        level=labels.get(member.level_id.code, ""),
                    ),
                }
            )
        # The allocation log is the record of who got what: per-lead tracking
        # messages would cost a dozen queries a lead. The new owner still
        # follows his leads. The owner is written through the ORM, one batch
        # per salesperson, so that every field computed from it (Odoo's and
        # other modules') follows; the log rows and the followers, which
        # nothing computes from, are written in bulk.
        Lead = self.env["crm.lead"].with_context(tracking_disable=True)
        users = self.env["res.users"].browse(list(leads_by_user))
        for user in users:
            Lead.browse(leads_by_user[user.id]).write({"user_id": user.id})
        bulk_writer.subscribe(
            self.env,
            "crm.lead",
            [
                (lead_id, user.partner_id.id)
                for user in users
                for lead_id in leads_by_user[user.id]
            ],
        )
        Lead.browse(
            [lead_id for lead_ids in leads_by_user.values() for lead_id in lead_ids]
        )._referral_record()
        log_values += self._consume_turns(outcome["consumed"], now)
        bulk_writer.insert(
            self.env,
            "crm.lead.allocation.log",
            LOG_COLUMNS,
            [
                tuple(values.get(name) or None for name in LOG_COLUMNS)
                for values in log_values
            ],
        )
        self._record_reasons(pending, outcome["reasons"], labels)

    def _consume_turns(self, consumed, now):
        """Decrements the suspensions' turns left, one write per new value,
        and returns the log rows of the turns skipped."""
        changes, log_values = {}, []
        for (company, user_id), (count, suspensions) in consumed.items():
            turns = suspensions.filtered(
                lambda suspension, user_id=user_id: (
                    suspension.kind == "turns" and suspension.user_id.id == user_id
                )
            )
            changes.update(
                memberships.consume_turns(
                    [
                        (suspension.id, suspension.remaining_turns)
                        for suspension in turns
                    ],
                    count,
                )
            )
            log_values += [
                {
                    "date": now,
                    "user_id": user_id,
                    "company_id": (company or self.env.company).id,
                    "event": "skipped",
                    "actor": "scheduled",
                    "reason": self.env._("Allocation turn skipped (suspension)."),
                }
                for _turn in range(count)
            ]
        by_value = defaultdict(list)
        for suspension_id, left in changes.items():
            by_value[left].append(suspension_id)
        Suspension = self.env["crm.allocation.suspension"]
        for left, suspension_ids in by_value.items():
            Suspension.browse(suspension_ids).write({"remaining_turns": left})
        return log_values

    def _record_reasons(self, pending, reasons, labels):
        """Stores why each lead waits, one write per distinct reason, and
        notes a new reason in the lead's chatter."""

        def translate(message, **params):
            return self.env._(message, **params)  # pylint: disable=translation-required

        by_text = defaultdict(list)
        for lead in pending:
            reason = reasons.get(lead.id)
            if reason is None:
                continue
            text = reason.render(translate, labels)
            if text != lead.allocation_block_reason:
                by_text[text].append(lead.id)
        Lead = self.env["crm.lead"]
        bodies = {}
        for text, lead_ids in by_text.items():
            Lead.browse(lead_ids).write({"allocation_block_reason": text})
            body = Markup("<p>%s</p>") % self.env._(
                "Waiting for a salesperson: %(reason)s", reason=text
            )
            bodies.update(dict.fromkeys(lead_ids, body))
        if bodies:
            Lead.browse(list(bodies))._message_log_batch(bodies=bodies)
