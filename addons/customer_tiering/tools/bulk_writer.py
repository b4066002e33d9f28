"""The suite's one writer of rows in bulk.

The scheduled engines write tens of thousands of rows a run (tiers, their
history, pool forecasts, chatter notes): one ORM write or ``message_post``
per row would cost more than the computation. Every such write goes through
here, so that one file holds what bypasses the ORM: COPY into a staging
table shaped like the target (``cr._obj`` is reached nowhere else), then one
``INSERT … SELECT``, ``UPDATE … FROM`` or ``DELETE … USING``, all built with
``odoo.tools.SQL``. The target model is flushed before and its cache
invalidated after, so the ORM never sees stale values.
"""

import io

from markupsafe import Markup, escape

from odoo.tools import SQL

from ..services.bulk import copy_text

STAGING = "bulk_writer_rows"
LOG_FIELDS = ("create_uid", "create_date", "write_uid", "write_date")


def _names(columns):
    return SQL(", ").join(SQL.identifier(column) for column in columns)


def copy_into(env, table, columns, rows):
    """COPY ``rows`` into ``table`` (``columns`` in the rows' order)."""
    query = SQL("COPY %s (%s) FROM STDIN", SQL.identifier(table), _names(columns))
    env.cr._obj.copy_expert(query.code, io.StringIO(copy_text(rows)))


def _stage(env, model, columns, rows):
    """A temporary table with the target's column types, holding ``rows``."""
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(STAGING)))
    env.cr.execute(
        SQL(
            "CREATE TEMP TABLE %s ON COMMIT DROP AS SELECT %s FROM %s WITH NO DATA",
            SQL.identifier(STAGING),
            _names(columns),
            SQL.identifier(model._table),
        )
    )
    copy_into(env, STAGING, columns, rows)


def insert(env, model_name, columns, rows):
    """Create one row of ``model_name`` per row, with its log fields."""
    if not rows:
        return
    model = env[model_name]
    model.flush_model()
    _stage(env, model, columns, rows)
    env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s",
            SQL.identifier(model._table),
            _names([*columns, *_log_names(model)]),
            SQL(", ").join([*map(SQL.identifier, columns), *_log_values(env, model)]),
            SQL.identifier(STAGING),
        )
    )
    model.invalidate_model()


def _log_names(model):
    return LOG_FIELDS if model._log_access else ()


def _log_values(env, model):
    if not model._log_access:
        return []
    now = env.cr.now()
    return [SQL("%s", env.uid), SQL("%s", now), SQL("%s", env.uid), SQL("%s", now)]


def subscribe(env, model_name, followers):
    """Make partners follow records, as ``message_subscribe`` does with
    the model's default subtypes (external ones for portal and customer
    partners); a partner who already follows a record keeps his own
    subscription. ``followers`` are ``(record id, partner id)`` pairs.

    The allocation subscribes every new owner to his leads: Odoo's
    ``mail.followers`` create checks and caches row by row, a third of the
    allocation's time before this.
    """
    pairs = sorted(set(followers))
    if not pairs:
        return
    Followers = env["mail.followers"]
    Followers.flush_model()
    default, _internal, external = env["mail.message.subtype"].default_subtypes(
        model_name
    )
    partner_ids = sorted({partner_id for _res_id, partner_id in pairs})
    customers = set(
        env["res.partner"]
        .sudo()
        .search([("id", "in", partner_ids), ("partner_share", "=", True)])
        .ids
    )
    _stage(env, Followers, ("res_id", "partner_id"), pairs)
    env.cr.execute(
        SQL(
            """
            INSERT INTO %(table)s (res_model, res_id, partner_id)
            SELECT %(model)s, s.res_id, s.partner_id FROM %(staging)s AS s
            ORDER BY s.res_id, s.partner_id
            ON CONFLICT DO NOTHING
            RETURNING id, partner_id
            """,
            table=SQL.identifier(Followers._table),
            model=model_name,
            staging=SQL.identifier(STAGING),
        )
    )
    relation = Followers._fields["subtype_ids"]
    copy_into(
        env,
        relation.relation,
        (relation.column1, relation.column2),
        [
            (follower_id, subtype_id)
            for follower_id, partner_id in env.cr.fetchall()
            for subtype_id in (external if partner_id in customers else default).ids
        ],
    )
    Followers.invalidate_model()
    env[model_name].invalidate_model(["message_follower_ids", "message_partner_ids"])


def update(env, model_name, columns, rows, values=None, only_changed=False):
    """Set ``columns`` of the records whose id is each row's first value.

    ``values`` are set alike on every updated record; with ``only_changed``
    a record whose columns already hold the row's values is left alone.
    """
    model = env[model_name]
    values = values or {}
    if rows:
        model.flush_model([*columns, *values])
        _stage(env, model, ("id", *columns), rows)
        assignments = [
            SQL("%s = s.%s", SQL.identifier(column), SQL.identifier(column))
            for column in columns
        ] + [
            SQL("%s = %s", SQL.identifier(name), value)
            for name, value in values.items()
        ]
        changed = SQL(
            "(%s) IS DISTINCT FROM (%s)",
            SQL(", ").join(SQL("t.%s", SQL.identifier(c)) for c in columns),
            SQL(", ").join(SQL("s.%s", SQL.identifier(c)) for c in columns),
        )
        env.cr.execute(
            SQL(
                "UPDATE %s AS t SET %s FROM %s AS s WHERE t.id = s.id AND %s",
                SQL.identifier(model._table),
                SQL(", ").join(assignments),
                SQL.identifier(STAGING),
                changed if only_changed else SQL("TRUE"),
            )
        )
    model.invalidate_model([*columns, *values])


def delete(env, model_name, columns, rows):
    """Delete the records whose ``columns`` equal one of ``rows``."""
    if not rows:
        return
    model = env[model_name]
    model.flush_model()
    _stage(env, model, columns, rows)
    env.cr.execute(
        SQL(
            "DELETE FROM %s AS t USING %s AS s WHERE %s",
            SQL.identifier(model._table),
            SQL.identifier(STAGING),
            SQL(" AND ").join(
                SQL("t.%s = s.%s", SQL.identifier(c), SQL.identifier(c))
                for c in columns
            ),
        )
    )
    model.invalidate_model()


def note_body(body):
    """Safe HTML for a note: markup built with escaped parts is kept, any
    other text is escaped and put in a paragraph."""
    if isinstance(body, Markup):
        return body
    return Markup("<p>%s</p>") % escape(body)


def log_notes(env, notes, message_type="notification", date=None):
    """Internal notes by OdooBot in the chatter of many records at once.

    ``notes`` are ``(model name, record id, body)``; a plain-text body is
    escaped. What ``message_post`` would do besides (notifications,
    followers, sanitising) is what a bulk note does not need.
    """
    notes = list(notes)
    if not notes:
        return
    date = date or env.cr.now()
    author = env.ref("base.partner_root").id
    subtype = env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
    insert(
        env,
        "mail.message",
        (
            "model",
            "res_id",
            "body",
            "message_type",
            "subtype_id",
            "author_id",
            "date",
            "is_internal",
        ),
        [
            (
                model,
                res_id,
                str(note_body(body)),
                message_type,
                subtype,
                author,
                date,
                True,
            )
            for model, res_id, body in notes
        ],
    )
    for model in {note[0] for note in notes}:
        env[model].invalidate_model(["message_ids"])
