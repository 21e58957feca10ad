"""Pages stay usable on a 390-pixel-wide phone: every table of the vendor's
pages scrolls sideways inside a ``table-responsive`` box instead of widening
the page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from oscar.core.loading import get_class

from tests import factories
from tests.checkout import pay_milestone

RateService = get_class("bidding.services.rates", "RateService")
VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}
#: Tables of two narrow columns (a label and an amount): they fit a phone.
NARROW_TABLES = {"proposal-totals"}


class TableFinder(HTMLParser):
    """Tables (outermost only) not inside a ``table-responsive`` element."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.unwrapped = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table":
            ancestors = [t for t, _c in self.stack]
            wrapped = any("table-responsive" in c for _t, c in self.stack)
            narrow = NARROW_TABLES & set(classes)
            if "table" not in ancestors and not wrapped and not narrow:
                self.unwrapped.append(self.getpos())
        self.stack.append((tag, classes))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def unwrapped_tables(html):
    finder = TableFinder()
    finder.feed(html)
    return finder.unwrapped


@pytest.fixture
def pages(customer, vendor, accepted_proposal, project):
    order = pay_milestone(accepted_proposal.milestones.get(number=1), customer)
    rate = RateService().create(vendor.partners.get(), "GBP", name="Plumbing", price=1)
    return [
        reverse("bidding_dashboard:project-list"),
        reverse("bidding_dashboard:project-detail", kwargs={"pk": project.pk}),
        reverse("bidding_dashboard:proposal-list"),
        accepted_proposal.get_dashboard_url(),
        reverse(
            "bidding_dashboard:proposal-create",
            kwargs={"project_pk": factories.make_project(customer, title="Shed").pk},
        ),
        reverse("bidding_dashboard:rate-list"),
        rate.get_dashboard_url(),
        reverse(
            "bidding_dashboard:invoice-detail",
            kwargs={"number": order.bidding_invoice.number},
        ),
    ]


def test_every_table_of_the_vendors_pages_scrolls_on_a_phone(login, vendor, pages):
    client = login(vendor)

    for url in pages:
        response = client.get(url)

        assert response.status_code == 200, url
        assert unwrapped_tables(response.text) == [], url


def test_every_table_of_the_customers_pages_scrolls_on_a_phone(
    login, customer, accepted_proposal
):
    pay_milestone(accepted_proposal.milestones.get(number=1), customer)
    client = login(customer)

    for url in (
        reverse("bidding:project-list"),
        accepted_proposal.project.get_absolute_url(),
        accepted_proposal.get_absolute_url(),
    ):
        response = client.get(url)

        assert response.status_code == 200, url
        assert unwrapped_tables(response.text) == [], url
