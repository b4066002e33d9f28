"""Fields the server derives from other fields (a company from the customer,
a decider from the user who saved): no client sets them, not even a manager.

A stored related or computed field without an inverse is still written by
``write()`` when a client sends it, and keeps the sent value until its
dependencies change; these helpers refuse it on write and drop it on create.
"""

from odoo.exceptions import AccessError


def check_derived_write(records, vals, field_names):
    """Refuses a write of any of ``field_names`` unless the system does it."""
    env = records.env
    refused = [name for name in field_names if name in vals]
    if not refused or env.su:
        return
    labels = ", ".join(
        records._fields[name].get_description(env)["string"] for name in refused
    )
    raise AccessError(
        env._(
            "%(fields)s: the system sets these fields on %(model)s from the "
            "record itself; leave them out of your changes.",
            fields=labels,
            model=env["ir.model"].sudo()._get(records._name).name,
        )
    )


def strip_derived_create(model, vals_list, field_names):
    """Create values without ``field_names`` unless the system creates."""
    if model.env.su:
        return vals_list
    names = set(field_names)
    return [
        {key: value for key, value in vals.items() if key not in names}
        for vals in vals_list
    ]


def without_defaults(model, field_names):
    """``model`` without the context defaults of ``field_names``.

    ``default_<field>`` in a client's context fills a field left out of the
    create values, after the values were cleaned: a derived or engine field
    must not be set that way either.
    """
    keys = {f"default_{name}" for name in field_names}
    context = model.env.context
    if model.env.su or not keys & context.keys():
        return model
    # Removing keys needs a whole new context: kwargs can only add or change.
    return model.with_context(  # pylint: disable=context-overridden
        {key: value for key, value in context.items() if key not in keys}
    )
