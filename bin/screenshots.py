"""Takes the README's screenshots in headless Chromium, logged in to the demo
database, through the DevTools protocol (websocket-client, as Odoo's own
browser tests do): the same shots once per language, English in the output
folder and every other language in a subfolder named after it (zh_CN/), so
that the Chinese README shows the views its readers see."""

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import requests
import websocket

# name, login, url (relative to /odoo), what to wait for, and what to scroll
# to (or, with click:, to click) before the picture
SHOTS = [
    (
        "tiering-customers-kanban",
        "admin",
        "action-customer_tiering.res_partner_action?view_type=kanban",
        ".o_kanban_record",
        "click:.o_searchview .o_facet_remove",
    ),
    (
        "tiering-customer-form",
        "admin",
        "action-customer_tiering.res_partner_action/{top_customer}",
        ".o_form_view",
        "click:.o_notebook .nav-link[name=customer_tiers]",
    ),
    (
        "tiering-key-persons",
        "admin",
        "action-customer_tiering.customer_key_person_action",
        ".o_kanban_record",
        None,
    ),
    (
        "tiering-pareto-pivot",
        "admin",
        "action-customer_tiering.res_partner_action?view_type=pivot",
        ".o_pivot table",
        "click:.o_searchview .o_facet_remove",
    ),
    (
        "allocation-unassigned",
        "ma.lan@example.com",
        "action-lead_allocation.crm_lead_action_unassigned",
        ".o_data_row",
        None,
    ),
    (
        "allocation-log",
        "admin",
        "action-lead_allocation.crm_lead_allocation_log_action",
        ".o_data_row",
        None,
    ),
    (
        "allocation-pool",
        "chen.jie@example.com",
        "action-lead_allocation.crm_pool_item_action?view_type=list",
        ".o_data_row",
        None,
    ),
    (
        "allocation-due-for-recycling",
        "admin",
        "action-lead_allocation.crm_lead_action_due_for_recycling",
        ".o_data_row",
        None,
    ),
    (
        "allocation-claims",
        "admin",
        "action-lead_allocation.crm_pool_claim_action",
        ".o_list_view",
        None,
    ),
    (
        "settings-allocation",
        "admin",
        "action-customer_tiering.res_config_settings_action",
        ".o_setting_box, .o_setting_container",
        "#lead_class_thresholds_setting",
    ),
    (
        "discipline-violations",
        "admin",
        "action-sales_discipline.sales_violation_action",
        ".o_data_row",
        None,
    ),
    (
        "discipline-fines-pivot",
        "admin",
        "action-sales_discipline.sales_violation_action_fines",
        ".o_pivot table",
        None,
    ),
    (
        "discipline-first-contact",
        "admin",
        "action-sales_discipline.crm_lead_action_first_contact",
        ".o_view_controller",
        None,
    ),
    (
        "discipline-visit-reports",
        "admin",
        "action-sales_discipline.sales_visit_report_action",
        ".o_view_controller",
        None,
    ),
]
PASSWORDS = {"admin": "admin"}
DEFAULT_PASSWORD = "demo"
LANGUAGES = ("en_US", "zh_CN")
# a menu of the suite whose name proves its translations are loaded
TRANSLATED_MENU = "customer_tiering.tiering_menu"
USER_LANG = "odoo.loader.modules.get('@web/core/user').user.context.lang"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    def __init__(self, width=1440, height=900):
        self.profile = tempfile.mkdtemp(prefix="salespol-chromium-")
        port = free_port()
        executable = next(
            path
            for path in map(
                shutil.which, ("chromium", "chromium-browser", "google-chrome")
            )
            if path
        )
        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--window-size={width},{height}",
                f"--remote-debugging-port={port}",
                "--remote-allow-origins=*",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        targets = None
        for __ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/json/list"
                ) as answer:
                    targets = [t for t in json.load(answer) if t["type"] == "page"]
                if targets:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        if not targets:
            raise RuntimeError("Chromium did not open its DevTools port")
        self.socket = websocket.create_connection(
            targets[0]["webSocketDebuggerUrl"], timeout=60
        )
        self.next_id = 0
        self.send("Network.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        self.next_id += 1
        self.socket.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        return result.get("result", {}).get("value")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def session_id(url, db, login):
    answer = requests.post(
        f"{url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {
                "db": db,
                "login": login,
                "password": PASSWORDS.get(login, DEFAULT_PASSWORD),
            },
        },
        timeout=60,
    )
    answer.raise_for_status()
    if answer.json().get("error") or "session_id" not in answer.cookies:
        raise RuntimeError(f"cannot log in as {login}: {answer.json().get('error')}")
    return answer.cookies["session_id"]


def call(url, session, model, method, *args, timeout=60, **kwargs):
    answer = requests.post(
        f"{url}/web/dataset/call_kw",
        cookies={"session_id": session},
        json={
            "jsonrpc": "2.0",
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        },
        timeout=timeout,
    )
    answer.raise_for_status()
    if answer.json().get("error"):
        error = answer.json()["error"].get("data", {}).get("message")
        raise RuntimeError(f"{model}.{method}: {error}")
    return answer.json()["result"]


def top_customer(url, session):
    rows = call(
        url,
        session,
        "res.partner",
        "search_read",
        [("tier_pareto", "=", "A"), ("key_person_ids", "!=", False)],
        ["id"],
        limit=1,
        order="tier_sales_amount desc",
    )
    if not rows:
        raise RuntimeError("the demo database has no grade A customer with key persons")
    return rows[0]["id"]


def menu_name(url, session, menu, lang):
    return call(
        url, session, "ir.ui.menu", "read", [menu], ["name"], context={"lang": lang}
    )[0]["name"]


def ensure_language(url, session, code):
    """Activates a language and loads its translations, as Settings' *Add
    Languages* does, unless it is active and the suite's menus already read
    translated: the demo database may have it from the start, and loading
    the terms of every module again would only cost a minute."""
    langs = call(
        url,
        session,
        "res.lang",
        "search_read",
        [("code", "=", code)],
        ["active"],
        context={"active_test": False},
    )
    if not langs:
        raise RuntimeError(f"Odoo does not know the language {code}")
    module, name = TRANSLATED_MENU.split(".")
    menu = call(
        url,
        session,
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        ["res_id"],
    )[0]["res_id"]
    english = menu_name(url, session, menu, "en_US")
    if langs[0]["active"] and menu_name(url, session, menu, code) != english:
        return
    print(f"activating {code} and loading its translations (a minute or two)")
    wizard = call(
        url,
        session,
        "base.language.install",
        "create",
        {"lang_ids": [(6, 0, [langs[0]["id"]])], "overwrite": False},
    )
    call(url, session, "base.language.install", "lang_install", [wizard], timeout=900)
    if menu_name(url, session, menu, code) == english:
        raise RuntimeError(f"{code} is active but the suite's menus are not translated")


def shoot(browser, url, db, admin, lang, out):
    """Takes every shot with each shooting user's language set to lang (their
    own preference is written back afterwards, through admin's session): the
    web client reads the language from the user, at log in."""
    logins = sorted({shot[1] for shot in SHOTS})
    users = call(
        url,
        admin,
        "res.users",
        "search_read",
        [("login", "in", logins)],
        ["login", "lang"],
    )
    missing = set(logins) - {user["login"] for user in users}
    if missing:
        raise RuntimeError(f"the demo database has no user {', '.join(missing)}")
    out.mkdir(parents=True, exist_ok=True)
    try:
        call(url, admin, "res.users", "write", [u["id"] for u in users], {"lang": lang})
        sessions = {login: session_id(url, db, login) for login in logins}
        for name, login, path, ready, scroll in SHOTS:
            if "{top_customer}" in path:
                path = path.format(top_customer=top_customer(url, sessions["admin"]))
            browser.send("Network.clearBrowserCookies")
            browser.send(
                "Network.setCookie", name="session_id", value=sessions[login], url=url
            )
            browser.send("Page.navigate", url=f"{url}/odoo/{path}")
            wait_for(browser, ready)
            if browser.evaluate("!!document.querySelector('.o_error_dialog')"):
                raise RuntimeError(f"{name}: the page shows an error dialog")
            if browser.evaluate(USER_LANG) != lang:
                raise RuntimeError(f"{name}: the page is not in {lang}")
            if scroll and scroll.startswith("click:"):
                browser.evaluate(
                    f"document.querySelector({json.dumps(scroll[6:])}).click()"
                )
                time.sleep(1)
            elif scroll:
                browser.evaluate(
                    f"document.querySelector({json.dumps(scroll)}).scrollIntoView()"
                )
                time.sleep(0.5)
            shot = browser.send("Page.captureScreenshot", format="png")
            target = out / f"{name}.png"
            target.write_bytes(base64.b64decode(shot["data"]))
            print(f"{target} ({login}, {lang})")
    finally:
        for user in users:
            call(url, admin, "res.users", "write", [user["id"]], {"lang": user["lang"]})


def wait_for(browser, selector, timeout=60):
    check = (
        f"!!document.querySelector({json.dumps(selector)})"
        " && !document.querySelector('.o_loading_indicator, .o_blockUI')"
    )
    deadline = time.time() + timeout
    while time.time() < deadline:
        if browser.evaluate(check):
            time.sleep(1.5)  # charts and badges finish drawing
            return
        time.sleep(0.25)
    raise RuntimeError(f"{selector} never appeared")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument(
        "--lang",
        action="append",
        choices=LANGUAGES,
        help="only this language (repeatable); default: all of them",
    )
    args = parser.parse_args()
    # the server's first answer may take long on a busy machine: it loads
    # the registry and compiles the login page's assets first
    for __ in range(120):
        try:
            requests.get(f"{args.url}/web/login", timeout=60)
            break
        except requests.RequestException:
            time.sleep(1)
    langs = args.lang or LANGUAGES
    admin = session_id(args.url, args.db, "admin")
    for lang in langs:
        if lang != "en_US":
            ensure_language(args.url, admin, lang)
    browser = Browser()
    try:
        for lang in langs:
            out = args.out if lang == "en_US" else args.out / lang
            shoot(browser, args.url, args.db, admin, lang, out)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
