from oscar.apps.dashboard.catalogue import apps
from oscar.core.loading import get_class


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Replaces ``oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig``
    in ``INSTALLED_APPS``.

    Oscar loads a dashboard app's views from ``oscar.apps.dashboard``'s
    package, never from a fork of one of its sub-apps: the product views are
    replaced here by name.
    """

    name = "oscar_bidding.dashboard.catalogue"

    def ready(self):
        super().ready()
        views = "catalogue_dashboard.views"
        self.product_list_view = get_class(views, "ProductListView")
        self.product_bulk_action_confirm_view = get_class(
            views, "ProductBulkActionConfirmView"
        )
        self.product_lookup_view = get_class(views, "ProductLookupView")
        self.product_createupdate_view = get_class(views, "ProductCreateUpdateView")
        self.product_delete_view = get_class(views, "ProductDeleteView")
