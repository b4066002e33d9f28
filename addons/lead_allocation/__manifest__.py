{
    "name": "Lead Allocation",
    "summary": "Lead classes, level-matched fair allocation, public pool with "
    "ownership cycles, claims, transfers and re-allocation requests",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "Sales Policy Suite",
    "website": "https://github.com/sales-policy-suite/sales-policy-suite",
    "depends": ["customer_tiering"],
    "data": [
        "security/res_groups.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "installable": True,
}
