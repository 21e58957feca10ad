"""System checks: the catalogue dashboard keeps the milestone product from vendors."""

from django.apps import apps
from django.core import checks

from oscar_bidding.dashboard.catalogue import mixins

#: Each product view of Oscar's catalogue dashboard and the mixin it needs.
GUARDED_VIEWS = {
    "product_list_view": "MilestoneProductFilterMixin",
    "product_createupdate_view": "MilestoneProductEditMixin",
    "product_delete_view": "MilestoneProductDeleteMixin",
    "product_bulk_action_confirm_view": "MilestoneProductBulkMixin",
    "product_lookup_view": "MilestoneProductLookupMixin",
}


@checks.register()
def check_catalogue_dashboard(app_configs, **kwargs):
    """Without the fork (or its mixins), every paid vendor can edit or delete
    the milestone product, and every milestone basket line with it."""
    try:
        config = apps.get_app_config("catalogue_dashboard")
    except LookupError:
        return []
    unguarded = [
        name
        for name, mixin in GUARDED_VIEWS.items()
        if not issubclass(getattr(config, name), getattr(mixins, mixin))
    ]
    if not unguarded:
        return []
    return [
        checks.Warning(
            "Oscar's catalogue dashboard lets vendors see, change and delete the "
            f"milestone product: {', '.join(unguarded)} lack oscar_bidding's mixins.",
            hint=(
                "Replace oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig "
                "with oscar_bidding.dashboard.catalogue.apps.CatalogueDashboardConfig "
                "in INSTALLED_APPS, or put the mixins of "
                "oscar_bidding.dashboard.catalogue.mixins into your own fork's views."
            ),
            obj=config,
            id="oscar_bidding.W501",
        )
    ]
