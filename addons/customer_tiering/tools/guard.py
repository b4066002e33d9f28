"""Fields that only an engine or a manager sets.

A field read-only in a view is still writable over RPC. The suite's engines
set such fields as the superuser, after checking the real user's groups
themselves; everybody else may set them only with the group that owns them
(a sales manager by default). Each addon calls these at the top of its own
``create``/``write`` override, with its own field names, so that what it
checks is what the client sent and not what the suite's code adds later.
"""

from odoo.exceptions import AccessError

MANAGER_GROUP = "sales_team.group_sale_manager"


def _may_set(env, group):
    return env.su or bool(group and env.user.has_group(group))


def _refuse(model, field_names):
    env = model.env
    raise AccessError(
        env._(
            "%(fields)s: only the system or a sales manager sets these fields on "
            "%(model)s; leave them out of your changes.",
            fields=", ".join(
                model._fields[name].get_description(env)["string"]
                for name in field_names
            ),
            model=env["ir.model"].sudo()._get(model._name).name,
        )
    )


def check_guarded_write(records, vals, field_names, group=MANAGER_GROUP):
    """Refuses a write of any of ``field_names`` by a user without ``group``."""
    refused = [name for name in field_names if name in vals]
    if refused and not _may_set(records.env, group):
        _refuse(records, refused)


def strip_guarded_create(model, vals_list, field_names, group=MANAGER_GROUP):
    """Create values without ``field_names`` for a user without ``group``: a
    new record starts where the workflow starts, whatever the client sent.
    A ``default_<field>`` context key would set the field after the values are
    stripped: it is refused like a written value."""
    env = model.env
    if _may_set(env, group):
        return vals_list
    names = set(field_names)
    from_context = sorted(name for name in names if f"default_{name}" in env.context)
    if from_context:
        _refuse(model, from_context)
    return [
        {key: value for key, value in vals.items() if key not in names}
        for vals in vals_list
    ]
