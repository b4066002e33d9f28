import json

from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, new_test_user
from odoo.tools.misc import file_open


def _script(name):
    """The browser scripts live beside the tests as plain JavaScript.
    menu_walk.js opens each step through the web client's action service, the
    way a menu click does, and waits until the view is mounted and idle; an
    error dialog or a missing view fails the walk, and a JavaScript error or
    an uncaught traceback fails it through HttpCase's console watch."""
    with file_open(f"customer_tiering/tests/{name}") as script:
        return script.read()


VIEW_TYPES = ("list", "kanban", "form", "pivot", "graph", "calendar")


class BrowserCase(HttpCase):
    """Walks an addon's menus in a real browser, for several kinds of users."""

    @classmethod
    def _browser_user(cls, login, groups):
        user = new_test_user(cls.env, login=login, groups=groups)
        user.company_ids = [Command.link(cls.env.ref("base.main_company").id)]
        return user

    @classmethod
    def _browser_managers(cls, prefix):
        """A sales manager, and one who also administers Settings."""
        cls.manager = cls._browser_user(
            f"{prefix}_manager", "sales_team.group_sale_manager"
        )
        cls.admin = cls._browser_user(
            f"{prefix}_admin", "sales_team.group_sale_manager,base.group_system"
        )

    def _menu_steps(self, user, root_xmlids):
        """One step per view type of each action the user reaches in the
        addon's menus; forms open a record the user may read, or a new one
        when he may create."""
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        steps = []
        todo = [self.env.ref(xmlid) for xmlid in root_xmlids]
        while todo:
            menu = todo.pop(0)
            if menu.id not in visible:
                continue
            todo.extend(menu.child_id.sorted("sequence"))
            if menu.action:
                steps.extend(self._action_steps(user, menu.action, menu.complete_name))
        return steps

    def _action_steps(self, user, action, label):
        if action._name != "ir.actions.act_window":
            return [{"action_id": action.id, "label": label}]
        if action.res_model == "res.config.settings":
            return []
        model = self.env[action.res_model].with_user(user)
        modes = [mode for mode in action.view_mode.split(",") if mode in VIEW_TYPES]
        steps = []
        for mode in modes:
            base = {
                "action_id": action.id,
                "view_type": mode,
                "label": f"{label} ({mode})",
            }
            if mode != "form":
                steps.append(base)
                continue
            record = model.search([], limit=1)
            if record:
                steps.append(dict(base, res_id=record.id))
            if model.has_access("create"):
                steps.append(dict(base, label=f"{label} (new form)"))
        return steps

    def _walk(self, steps, login):
        self.assertTrue(steps, "the walk has nothing to open")
        self.browser_js(
            "/odoo",
            _script("menu_walk.js").replace("__STEPS__", json.dumps(steps)),
            ready="odoo.isReady === true",
            login=login,
            timeout=600,
        )

    def _walk_menus(self, user, root_xmlids, expected_models=()):
        steps = self._menu_steps(user, root_xmlids)
        reached = {
            self.env["ir.actions.act_window"].browse(step["action_id"]).res_model
            for step in steps
            if step.get("view_type")
        }
        for model in expected_models:
            self.assertIn(model, reached, f"{user.login} never reached {model}")
        self._walk(steps, user.login)

    def _walk_settings(self, user, module):
        """Opens Settings and checks that every setting the addon declares
        is rendered."""
        view = self.env.ref(f"{module}.res_config_settings_view_form")
        setting_ids = etree.fromstring(view.arch_db).xpath("//setting/@id")
        self.assertTrue(setting_ids)
        action = self.env.ref("customer_tiering.res_config_settings_action")
        step = {
            "action_id": action.id,
            "view_type": "form",
            "label": "Settings",
            "check": [f"#{setting_id}" for setting_id in setting_ids],
        }
        self._walk([step], user.login)

    def _assert_clean_access_error(self, login, action, record):
        """A salesperson who follows a link to a record the rules hide gets
        Odoo's access warning, without a traceback."""
        code = _script("access_error.js")
        self.browser_js(
            f"/odoo/action-{action.id}/{record.id}",
            code,
            ready="!!document.querySelector('.o_error_dialog')",
            login=login,
            timeout=120,
        )
