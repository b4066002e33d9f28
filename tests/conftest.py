"""Odoo-free test tier.

Each addon folder is registered as a bare package so that its pure
``services`` modules import without running the addon's ``__init__.py``
(which imports the Odoo models).
"""

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
ADDONS = ("customer_tiering", "lead_allocation", "sales_discipline")


def _register_addon_package(name):
    if name in sys.modules:
        return
    package = types.ModuleType(name)
    package.__path__ = [str(ADDONS_DIR / name)]
    package.__package__ = name
    sys.modules[name] = package
    # The services of one addon import the shared ones of another by their
    # Odoo name; without Odoo, that name is the bare package too.
    _odoo_addons()
    sys.modules[f"odoo.addons.{name}"] = package


def _odoo_addons():
    try:
        import odoo.addons  # noqa: F401, PLC0415
    except ImportError:
        for name in ("odoo", "odoo.addons"):
            stub = sys.modules.setdefault(name, types.ModuleType(name))
            stub.__path__ = []


for _addon in ADDONS:
    _register_addon_package(_addon)
