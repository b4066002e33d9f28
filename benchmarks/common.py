"""What the benchmark scripts share (not a benchmark itself)."""

import odoo


def create_salespeople(env, count, name, login):
    """``count`` internal users in the Sales / User group, created at once;
    ``name`` and ``login`` are prefixes followed by the index."""
    group = env.ref("sales_team.group_sale_salesman")
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"{name} {index}",
                    "login": f"{login}{index}",
                    "groups_id": [odoo.Command.set(group.ids)],
                }
                for index in range(count)
            ]
        )
    )
