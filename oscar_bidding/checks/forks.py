"""System checks for a shop that forked the package's ``bidding`` app."""

from django.apps import apps
from django.conf import settings
from django.core import checks

RESOURCES = "oscar_bidding.apps.BiddingResourcesConfig"
DOCS = "See 'Forking the storefront app' in oscar_bidding's customisation docs."


@checks.register()
def check_bidding_fork(app_configs, **kwargs):
    """A fork's folder holds only what it changes: the package's templates,
    static files, commands and search index come from ``BiddingResourcesConfig``, whose
    folder also holds the package's migrations, which it must not run."""
    forked = apps.get_app_config("bidding").name != "oscar_bidding"
    resources = apps.is_installed("oscar_bidding")
    errors = []
    if forked and not resources:
        errors.append(
            checks.Error(
                "The bidding app is forked, and oscar_bidding's templates, static "
                "files, management commands and search index are not installed.",
                hint=f'Add "{RESOURCES}" to INSTALLED_APPS right after your fork. '
                + DOCS,
                id="oscar_bidding.E701",
            )
        )
    migrations = getattr(settings, "MIGRATION_MODULES", {})
    if forked and resources and migrations.get("bidding_resources", "") is not None:
        errors.append(
            checks.Error(
                "BiddingResourcesConfig would run oscar_bidding's migrations a "
                "second time, under its own label.",
                hint='Set MIGRATION_MODULES["bidding_resources"] = None. ' + DOCS,
                id="oscar_bidding.E702",
            )
        )
    return errors
