"""System checks: search.

Projects must have a search connection of their own: in Oscar's default one they
would show in the storefront's results, facets and spelling suggestions.
"""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string
from haystack.constants import DEFAULT_ALIAS
from haystack.utils.loading import ConnectionHandler
from oscar.core.loading import get_model

from oscar_bidding.conf import setting

ROUTER = "oscar_bidding.search_routers.ProjectRouter"


@register()
def check_search_connection(app_configs, **kwargs):
    alias = setting("OSCAR_BIDDING_SEARCH_CONNECTION")
    if alias == DEFAULT_ALIAS:
        return [
            Error(
                "OSCAR_BIDDING_SEARCH_CONNECTION is the default search connection, "
                "the one Oscar's storefront searches: projects would show there.",
                hint="Add a connection for projects, for example HAYSTACK_CONNECTIONS"
                '["bidding"], and leave the setting at its default, "bidding".',
                id="oscar_bidding.E101",
            )
        ]
    if alias not in getattr(settings, "HAYSTACK_CONNECTIONS", {}):
        return [
            Error(
                f'HAYSTACK_CONNECTIONS has no "{alias}" connection for the '
                "vendors' search of open projects.",
                hint="See the installation documentation, section Search.",
                id="oscar_bidding.E102",
            )
        ]
    connection = ConnectionHandler(settings.HAYSTACK_CONNECTIONS)[alias]
    if get_model("bidding", "Project") in (
        connection.get_unified_index().get_indexed_models()
    ):
        return []
    return [
        Warning(
            f'The "{alias}" search connection does not index projects: vendors '
            "find none in Open Projects.",
            hint="Leave oscar_bidding.search_indexes.ProjectIndex out of that "
            "connection's EXCLUDED_INDEXES, then run `manage.py rebuild_index`.",
            id="oscar_bidding.W006",
        )
    ]


@register()
def check_search_router(app_configs, **kwargs):
    routers = [
        import_string(path) for path in getattr(settings, "HAYSTACK_ROUTERS", [])
    ]
    if any(issubclass(router, import_string(ROUTER)) for router in routers):
        return []
    return [
        Warning(
            "Projects are not written to their search connection as they change: "
            f"HAYSTACK_ROUTERS does not list {ROUTER}.",
            hint=f'HAYSTACK_ROUTERS = ["{ROUTER}", "haystack.routers.DefaultRouter"]',
            id="oscar_bidding.W101",
        )
    ]
