"""Attacks over the wire: the calls a salesperson's own JSON-RPC client makes.

The web client is one client among others: anybody logged in can call any
public model method with any values and any context. These helpers make the
same ``/web/dataset/call_kw`` request, as a given user, so that a test proves
the server refuses, not the view.
"""

from odoo.tests.common import JsonRpcException


class RpcAttackMixin:
    """For ``HttpCase``: users made with ``new_test_user`` have their login as
    password."""

    @classmethod
    def _web_client_context(cls, **extra):
        """The context the web client sends for a user of ``cls.company``,
        with the attacker's ``extra`` keys."""
        return {
            "lang": "en_US",
            "tz": "UTC",
            "allowed_company_ids": [cls.company.id],
            **extra,
        }

    def rpc(self, login, model, method, *args, context=None, **kwargs):
        self.authenticate(login, login)
        kwargs["context"] = dict(context or {})
        try:
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    "kwargs": kwargs,
                },
            )
        finally:
            # The request ran in its own environment on the test cursor: what
            # it changed (or rolled back) must be read again.
            self.env.invalidate_all()

    def assertRpcRefused(self, login, model, method, *args, context=None, **kwargs):
        """The call fails with an access, user or validation error; returns
        the error's name (e.g. ``odoo.exceptions.AccessError``)."""
        with self.assertRaises(JsonRpcException) as caught:
            self.rpc(login, model, method, *args, context=context, **kwargs)
        self.assertIn(
            caught.exception.args[0],
            (
                "odoo.exceptions.AccessError",
                "odoo.exceptions.UserError",
                "odoo.exceptions.ValidationError",
                "odoo.exceptions.MissingError",
            ),
        )
        return caught.exception.args[0]
