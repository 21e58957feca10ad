"""Oscar's product views with the milestone product left alone, from :mod:`.mixins`."""

from oscar.apps.dashboard.catalogue import views
from oscar.core.loading import get_class

from oscar_bidding.dashboard.catalogue.mixins import (
    MilestoneProductBulkMixin,
    MilestoneProductDeleteMixin,
    MilestoneProductEditMixin,
    MilestoneProductFilterMixin,
    MilestoneProductLookupMixin,
)

ProductTable = get_class("catalogue_dashboard.tables", "ProductTable")


class ProductListView(MilestoneProductFilterMixin, views.ProductListView):
    table_class = ProductTable


class ProductBulkActionConfirmView(
    MilestoneProductBulkMixin, views.ProductBulkActionConfirmView
):
    pass


class ProductCreateUpdateView(MilestoneProductEditMixin, views.ProductCreateUpdateView):
    template_name = "oscar_bidding/dashboard/catalogue/product_update.html"


class ProductDeleteView(MilestoneProductDeleteMixin, views.ProductDeleteView):
    pass


class ProductLookupView(MilestoneProductLookupMixin, views.ProductLookupView):
    pass
