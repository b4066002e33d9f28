{
    "name": "Sales Discipline",
    "summary": "Violations and penalty ladders, intake mismatch ladder, "
    "first-contact SLA, visit plans and visit reports",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "Sales Policy Suite",
    "website": "https://github.com/sales-policy-suite/sales-policy-suite",
    "depends": ["lead_allocation", "calendar"],
    "data": [
        "security/res_groups.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "installable": True,
}
