"""Pages stay usable on a 390-pixel-wide phone: every table of the vendor's,
the sub-vendor's and the customer's pages (the seed's flow: Proposal Details
with its Payment History, My Projects, the project, the basket and checkout of
a milestone, My Orders, the invoice) scrolls sideways inside a
``table-responsive`` box instead of widening the page."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from oscar.core.loading import get_class

from tests import factories
from tests.checkout import fill_basket, pay_milestone, walk_checkout

RateService = get_class("bidding.services.rates", "RateService")
VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}
#: Tables of two narrow columns (a label and an amount): they fit a phone.
NARROW_TABLES = {"proposal-totals", "invoice-facts"}
#: Elements holding such tables, by id: Oscar's basket totals.
NARROW_BOXES = {"basket_totals"}


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
        if dict(attrs).get("id") in NARROW_BOXES:
            classes.append("narrow-box")
        if tag == "table":
            ancestors = [t for t, _c in self.stack]
            wrapped = any(
                "table-responsive" in c or "narrow-box" in c for _t, c in self.stack
            )
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
        reverse("bidding_dashboard:assigned-milestone-list"),
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


def test_the_customers_seed_flow_pages_scroll_on_a_phone(
    login, settings, customer, proposal
):
    """Payment History, My Orders, the invoice, and the basket and checkout of
    the next milestone."""
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    accepted = factories.ProposalService().accept(proposal)
    order = pay_milestone(accepted.milestones.get(number=1), customer)
    client = login(customer)
    fill_basket(client, customer, accepted.milestones.get(number=2))
    walk_checkout(client)

    for url in (
        accepted.get_absolute_url(),
        reverse("customer:order-list"),
        reverse("customer:order", kwargs={"order_number": order.number}),
        order.bidding_invoice.get_absolute_url(),
        reverse("basket:summary"),
        reverse("checkout:preview"),
    ):
        response = client.get(url)

        assert response.status_code == 200, url
        assert unwrapped_tables(response.text) == [], url


def test_the_sub_vendors_pages_scroll_on_a_phone(login, customer, vendor, project):
    crew = factories.make_vendor("crew@example.com", "Tiling Crew")
    specs = factories.milestone_specs(milestones=1)
    specs[0].sub_vendor = crew.partners.get()
    proposal = factories.ProposalService().create(
        project, vendor.partners.get(), vendor, specs, submit=True
    )
    milestone = factories.ProposalService().accept(proposal).milestones.get()
    pay_milestone(milestone, customer)
    client = login(crew)

    for url in (
        reverse("bidding_dashboard:assigned-milestone-list"),
        milestone.get_assigned_url(),
    ):
        response = client.get(url)

        assert response.status_code == 200, url
        assert unwrapped_tables(response.text) == [], url
