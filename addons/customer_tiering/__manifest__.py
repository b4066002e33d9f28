{
    "name": "Customer Tiering",
    "summary": "Value, share, Pareto and lifecycle tiers on customers, "
    "service standards per tier and key persons",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "Sales Policy Suite",
    "website": "https://github.com/sales-policy-suite/sales-policy-suite",
    "depends": ["sale_management", "sale_margin", "crm", "contacts"],
    "data": [
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "installable": True,
}
