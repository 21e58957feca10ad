"""What the bidding dashboard pages share."""

from django.views import generic
from oscar.core.loading import get_class

from oscar_bidding.conf import setting

ConfirmActionMixin = get_class("bidding.views.mixins", "ConfirmActionMixin")


class DashboardListMixin:
    def get_paginate_by(self, queryset):
        return setting("OSCAR_BIDDING_DASHBOARD_ITEMS_PER_PAGE")


class ConfirmActionView(ConfirmActionMixin, generic.DetailView):
    """A confirmed action of the dashboard; its template extends
    ``oscar_bidding/dashboard/confirm_action.html``."""

    title = None

    def get_success_url(self):
        return self.get_proposal().get_dashboard_url()

    def get_proposal(self):
        """The proposal the page belongs to: breadcrumbs and the way back."""
        return self.object

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=self.get_proposal(), title=self.title, **kwargs
        )
