"""Every endpoint of the API, in one list: what :mod:`oscar_bidding.api.urls`
routes, and the names ``OSCAR_BIDDING_API_DISABLED_ENDPOINTS`` switches off.

A new resource is one :class:`Endpoint` appended to :data:`ENDPOINTS` and a
viewset in ``bidding.api.views``; its actions (``@action``) are switched off as
``"<name>.<action>"``.
"""

from dataclasses import dataclass

from oscar.core.loading import get_class
from rest_framework.routers import DefaultRouter

from oscar_bidding.conf import setting


@dataclass(frozen=True)
class Endpoint:
    #: What the settings, the docs and the URL names call it.
    name: str
    #: The viewset's class name in ``bidding.api.views``.
    viewset: str
    #: The URL prefix under the API's mount point; the name by default.
    prefix: str = ""

    @property
    def url_prefix(self):
        return self.prefix or self.name

    @property
    def basename(self):
        return f"bidding-api-{self.name}"

    def load(self):
        return get_class("bidding.api.views", self.viewset)


ENDPOINTS = [
    Endpoint("projects", "ProjectViewSet"),
    Endpoint("open-projects", "OpenProjectViewSet"),
    Endpoint("proposals", "ProposalViewSet"),
    Endpoint("milestones", "MilestoneViewSet"),
    Endpoint("payments", "PaymentViewSet"),
    Endpoint("invoices", "InvoiceViewSet"),
    Endpoint("timeline", "TimelineViewSet"),
    Endpoint("revisions", "RevisionViewSet"),
    Endpoint("message-files", "MessageFileViewSet"),
    Endpoint("project-types", "ProjectTypeViewSet"),
]


def is_enabled(name, action=None):
    """Whether the endpoint ``name`` (and its ``action``) is switched on."""
    disabled = set(setting("OSCAR_BIDDING_API_DISABLED_ENDPOINTS"))
    if name in disabled:
        return False
    return action is None or f"{name}.{action}" not in disabled


def build_router(endpoints=None):
    """A router of the enabled endpoints."""
    router = DefaultRouter()
    for endpoint in endpoints if endpoints is not None else ENDPOINTS:
        if is_enabled(endpoint.name):
            router.register(endpoint.url_prefix, endpoint.load(), endpoint.basename)
    return router
