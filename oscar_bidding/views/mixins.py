"""What every storefront page of the bidding app shares."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views import generic
from oscar.apps.customer.mixins import PageTitleMixin

from oscar_bidding.exceptions import BiddingError


class AccountPageMixin(PageTitleMixin):
    """A page of the customer's account area, under the "My Projects" tab."""

    active_tab = "projects"


class ConfirmActionMixin:
    """GET shows a confirmation page; only POST changes anything.

    Subclasses give ``perform(obj)`` (a service call) and ``success_message``.
    A :class:`BiddingError` becomes an error message and nothing changes.
    Shared by the storefront and the dashboard.
    """

    success_message = None
    #: The action of ``obj.actions_for(user)`` the page confirms: when the
    #: object does not offer it, GET says why instead of asking to confirm
    #: what the service would refuse.
    action = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.action and self.action not in self.object.actions_for(request.user):
            messages.error(request, self.object.why_not(self.action))
            return redirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.perform(self.object)
        except BiddingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.get_success_message(self.object))
        return redirect(self.get_success_url())

    def perform(self, obj):
        raise NotImplementedError

    def get_success_message(self, obj):
        return self.success_message

    def get_success_url(self):
        return self.object.get_absolute_url()


class ConfirmActionView(AccountPageMixin, ConfirmActionMixin, generic.DetailView):
    """A confirmed action in the customer's account area."""
