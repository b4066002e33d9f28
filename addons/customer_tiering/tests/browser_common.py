import json
import re

from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, new_test_user
from odoo.tools.misc import file_open, file_path
from odoo.tools.translate import PoFileReader

SUITE = ("customer_tiering", "lead_allocation", "sales_discipline")


def _script(name):
    """The browser scripts live beside the tests as plain JavaScript
    (label_watch.js: see ``_play_tour_in_chinese``).
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
    def _speak_chinese(cls, user):
        """Makes ``user`` work in Simplified Chinese, the suite's terms
        loaded (the demo data loads them; a database without it does not)."""
        cls.env["res.lang"]._activate_lang("zh_CN")
        installed = cls.env["ir.module.module"].search(
            [("name", "in", SUITE), ("state", "=", "installed")]
        )
        cls.env["ir.module.module"]._load_module_terms(
            installed.mapped("name"), ["zh_CN"]
        )
        user.lang = "zh_CN"

    def _suite_labels(self):
        """The msgids of the installed addons of the suite that read
        differently in Simplified Chinese: those with a translation of their
        own, and those still without one. Terms written alike in both
        languages (codes, names) and terms with placeholders, never shown
        verbatim, are left out."""
        installed = self.env["ir.module.module"].search(
            [("name", "in", SUITE), ("state", "=", "installed")]
        )
        labels = set()
        for module in installed.mapped("name"):
            for entry in PoFileReader(file_path(f"{module}/i18n/zh_CN.po")):
                source = " ".join(entry["src"].split())
                if source == entry["value"].strip() or re.search(r"%[(sd]|\{", source):
                    continue
                labels.add(source)
        return labels

    def _play_tour_in_chinese(self, url, tour, user, expected=()):
        """Plays ``tour`` as ``user`` (a Simplified Chinese one) and fails
        when a label of the suite shows in English on the way, listing them;
        ``expected`` are the labels known to show in English."""
        self.assertEqual(user.lang, "zh_CN")
        options = {"stepDelay": 0, "startUrl": url}
        watch = {
            "labels": sorted(self._suite_labels()),
            "expected": sorted(expected),
            "options": options,
            "tour": tour,
        }
        code = f"window.labelWatch = {json.dumps(watch)};\n" + _script("label_watch.js")
        self.start_tour(url, tour, login=user.login, code=code, timeout=120)

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
