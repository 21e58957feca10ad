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
                {
                    "label": _("Rates"),
                    "url_name": "bidding_dashboard:rate-list",
                },
                {
                    "label": _("Assigned Milestones"),
                    "url_name": "bidding_dashboard:assigned-milestone-list",
                },
                {
                    "label": _("Project types offered"),
                    "url_name": "bidding_dashboard:offering-list",
                },
            ],
        },
        {
            "label": _("Project Types"),
            "url_name": "bidding_dashboard:project-type-list",
        },
        {
            "label": _("Quotable product types"),
            "url_name": "bidding_dashboard:quotable-class-list",
        },
        # Staff only. Oscar hides the entries a user may not open on the first
        # two levels only, so these are second-level entries; the menu draws
        # them right after the Bidding Management group.
        {
            "label": _("Payments to reconcile"),
            "url_name": "bidding_dashboard:incident-list",
        },
        {
            "label": _("Unsent e-mails"),
            "url_name": "bidding_dashboard:outbox-list",
        },
        {
            "label": _("Disputes"),
            "url_name": "bidding_dashboard:dispute-list",
        },
    ],
}
