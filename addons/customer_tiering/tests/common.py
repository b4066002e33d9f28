import inspect
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


def public_methods(env, models, module="customer_tiering"):
    """Public methods that ``module`` defines on each model.

    Every public method is callable over RPC by whoever can read the record, so
    the attack tests pin the list: a new one fails them until it is reviewed.
    """
    prefix = f"odoo.addons.{module}."
    found = {}
    for model in models:
        names = found.setdefault(model, set())
        for cls in type(env[model]).__mro__:
            if cls.__module__.startswith(prefix):
                names.update(
                    name
                    for name, member in vars(cls).items()
                    if not name.startswith("_") and inspect.isfunction(member)
                )
    return found


def company_user(env, company, login, groups):
    """A test user with ``groups`` who works in ``company`` only."""
    return new_test_user(
        env,
        login=login,
        groups=groups,
        company_id=company.id,
        company_ids=[Command.set(company.ids)],
    )


class CompanyCase(TransactionCase):
    """A company of its own, in USD, that the test user works in: the suite's
    rules compare records of one company, so demo data stays out."""

    company_name = "Sales Policy Test Co"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.env.ref("base.USD")
        cls.company = cls.env["res.company"].create(
            {"name": cls.company_name, "currency_id": cls.usd.id}
        )
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                allowed_company_ids=[cls.company.id],
                tracking_disable=True,
            )
        )
        cls.env.user.company_ids |= cls.company
        cls.env.user.company_id = cls.company

    @classmethod
    def _user(cls, login, groups):
        return company_user(cls.env, cls.company, login, groups)


class SettingsCase(TransactionCase):
    """A salesperson, a sales manager and a settings administrator, for the
    settings tests of each addon; ``login_prefix`` keeps their logins apart."""

    login_prefix = "ct"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._settings_user(
            "salesperson", "sales_team.group_sale_salesman"
        )
        cls.manager = cls._settings_user("manager", "sales_team.group_sale_manager")
        cls.admin = cls._settings_user(
            "admin", "base.group_system,sales_team.group_sale_manager"
        )

    @classmethod
    def _settings_user(cls, role, groups):
        return new_test_user(cls.env, login=f"{cls.login_prefix}_{role}", groups=groups)


class TieringCase(CompanyCase):
    """Customers, orders and a salesperson in the test company, so that
    shares and grades only see our orders."""

    company_name = "Tiering Test Co"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._user(
            "tier_salesperson", "sales_team.group_sale_salesman"
        )
        cls.other_salesperson = cls._user(
            "tier_other_salesperson", "sales_team.group_sale_salesman"
        )
        cls.manager = cls._user("tier_manager", "sales_team.group_sale_manager")
        cls.product = cls.env["product.product"].create(
            {"name": "Tiering Widget", "list_price": 100.0, "standard_price": 60.0}
        )
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    @classmethod
    def _customer(cls, name, user=None):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "company_id": cls.company.id,
                "user_id": (user or cls.salesperson).id,
            }
        )

    @classmethod
    def _order(cls, partner, amount, days_ago, pricelist=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "pricelist_id": pricelist.id if pricelist else False,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = datetime.combine(
            cls.today - timedelta(days=days_ago), datetime.min.time()
        ) + timedelta(hours=10)
        return order

    @classmethod
    def _monthly_orders(cls, partner, amount, months):
        """One order in each of the last ``months`` calendar months."""
        for month in range(months):
            day = cls.today - relativedelta(months=month)
            cls._order(partner, amount, (cls.today - day).days)

    def _recompute(self, partners, source="cron"):
        self.env["customer.tier.engine"]._recompute_partners(partners, source=source)
