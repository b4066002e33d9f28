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
        "security/ir.model.access.csv",
        "security/ir_rule.xml",
        "data/sales_violation_type_data.xml",
        "data/mail_activity_type_data.xml",
        "views/sales_violation_type_views.xml",
        "views/sales_violation_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "installable": True,
}
