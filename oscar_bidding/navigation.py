"""The dashboard menu entry; append it to ``OSCAR_DASHBOARD_NAVIGATION``.

Importable from a settings module: it loads no model.
"""

from django.utils.translation import gettext_lazy as _

MARKETPLACE_MANAGEMENT = {
    "label": _("Marketplace Management"),
    "icon": "fas fa-gavel",
    "children": [
        {
            "label": _("Bidding Management"),
            "children": [
                {
                    "label": _("Open Projects"),
                    "url_name": "bidding_dashboard:project-list",
                },
                {
                    "label": _("Manage Proposals"),
                    "url_name": "bidding_dashboard:proposal-list",
                },
            ],
        },
        # Staff only. Oscar hides the entries a user may not open on the first
        # two levels only, so this one is a second-level entry; the menu draws
        # it right after the Bidding Management group.
        {
            "label": _("Payments to reconcile"),
            "url_name": "bidding_dashboard:incident-list",
        },
    ],
}
