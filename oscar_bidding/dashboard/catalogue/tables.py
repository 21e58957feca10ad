from django.template.loader import render_to_string
from oscar.apps.dashboard.catalogue import tables
from oscar.core.loading import get_class

is_milestone_product = get_class("bidding.milestone_product", "is_milestone_product")


class ProductTable(tables.ProductTable):
    def render_title(self, record, column, **kwargs):
        """Oscar's title cell; the milestone product's says whose it is."""
        title = column.render(record=record, **kwargs)
        if not is_milestone_product(record):
            return title
        return title + render_to_string(
            "oscar_bidding/dashboard/catalogue/milestone_product_badge.html"
        )
