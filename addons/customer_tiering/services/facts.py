"""The suite's business facts, each decided here and nowhere else.

Every engine of the three addons asks these questions ("is this lead still
open?", "is this partner a customer?", "was this message a sales contact?");
when each engine answered them its own way, a lead with an empty probability
was open for one engine and closed for another. The pure predicates below are
the definitions; ``sales.policy.facts`` turns each into the ORM domain and the
SQL condition the engines use, and the Odoo tier checks that all three agree.
"""

WON_PROBABILITY = 100.0

#: message types that reach the customer
CONTACT_MESSAGE_TYPES = frozenset({"email", "email_outgoing"})
#: done activities of these categories are contacts (a call, a meeting)
CONTACT_ACTIVITY_CATEGORIES = frozenset({"phonecall", "meeting"})


def is_open_lead(active, probability, stage_is_won):
    """Neither won nor lost nor archived.

    Odoo leaves ``probability`` empty when a company has no won and lost
    history to score from: an empty probability is an open lead, not a closed
    one. A lead in a won stage is won whatever its probability says.
    """
    if not active or stage_is_won:
        return False
    return probability is None or probability is False or probability < WON_PROBABILITY


def is_customer(active, is_commercial_entity, is_company_partner, has_internal_user):
    """A commercial entity the company sells to: its own record (not a
    contact person of another), active, neither one of the database's
    companies nor an employee (an internal user)."""
    return bool(
        active
        and is_commercial_entity
        and not is_company_partner
        and not has_internal_user
    )


def is_sales_contact(
    message_type,
    is_comment,
    activity_category=None,
    is_email_activity=False,
    is_stage_change=False,
):
    """A message that shows a salesperson worked the record: something sent
    to the customer (an email, a chatter message that is not an internal
    note), a done call, meeting or email activity, or a move of the lead to
    another stage. Internal notes and done to-dos are no contact.

    Whether it counts for a lead is then a matter of who wrote it: only the
    record's owner's contacts count.
    """
    if message_type in CONTACT_MESSAGE_TYPES or is_stage_change:
        return True
    if activity_category or is_email_activity:
        return activity_category in CONTACT_ACTIVITY_CATEGORIES or bool(
            is_email_activity
        )
    return message_type == "comment" and bool(is_comment)


def is_pool_lead(is_open, owner_id, registration_conflict):
    """An open lead without an owner that any salesperson of its company may
    claim and the allocation may hand out. A registration conflict has no
    owner either, but waits for a manager: neither claimed nor allocated."""
    return bool(is_open and not owner_id and not registration_conflict)
