"""Sub-vendors: a vendor gives a milestone to another partner, whose dashboard
users see that milestone only, and whose partner the milestone's order line
carries, so Oscar's order dashboard shows them the order."""

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.checkout import pay, pay_milestone

Milestone = get_model("bidding", "Milestone")
Partner = get_model("partner", "Partner")
BiddingError = get_class("bidding.exceptions", "BiddingError")
ProposalService = get_class("bidding.services.proposals", "ProposalService")


@pytest.fixture
def sub_vendor():
    return factories.make_vendor("crew@example.com", "Tiling Crew")


@pytest.fixture
def assigned(project, vendor, sub_vendor):
    """An accepted proposal of two milestones; the second is the sub-vendor's."""
    specs = factories.milestone_specs(milestones=2)
    specs[1].sub_vendor = sub_vendor.partners.get()
    proposal = ProposalService().create(
        project,
        vendor.partners.get(),
        vendor,
        specs,
        submit=True,
        cover_letter="Our secret margins.",
    )
    return ProposalService().accept(proposal)


def detail_url(milestone):
    return reverse("bidding_dashboard:assigned-milestone-detail", args=[milestone.pk])


def ready(milestone):
    """Make ``milestone`` ready to pay, as the vendor completing the one before
    does (the delivery rules are not what these tests are about)."""
    Milestone.objects.filter(pk=milestone.pk).update(status=Milestone.READY_TO_PAY)
    milestone.refresh_from_db()
    return milestone


# Choosing a sub-vendor ----------------------------------------------------------


def test_proposal_form_offers_every_other_partner_as_sub_vendor(
    login, vendor, sub_vendor, project
):
    page = login(vendor).get(
        reverse("bidding_dashboard:proposal-create", args=[project.pk])
    )
    field = page.context["formset"].forms[0].fields["sub_vendor"]

    names = [label for value, label in field.choices if value]
    assert names == ["Tiling Crew"]


def test_proposal_form_saves_the_sub_vendor_and_shows_it_again(
    login, vendor, sub_vendor, project
):
    client = login(vendor)
    crew = sub_vendor.partners.get()
    data = factories.proposal_form_data(
        [factories.milestone(), factories.milestone("Stage 2")]
    )
    data["milestones-0-sub_vendor"] = str(crew.pk)

    response = client.post(
        reverse("bidding_dashboard:proposal-create", args=[project.pk]), data
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    first, second = Milestone.objects.filter(proposal__project=project).order_by(
        "number"
    )
    assert (first.sub_vendor, second.sub_vendor) == (crew, None)
    edit = client.get(
        reverse("bidding_dashboard:proposal-update", args=[first.proposal_id])
    )
    assert edit.context["formset"].forms[0].initial["sub_vendor"] == str(crew.pk)
    detail = client.get(first.proposal.get_dashboard_url()).content.decode()
    assert "Sub-vendor: Tiling Crew" in detail


def test_vendor_cannot_be_its_own_sub_vendor(project, vendor):
    specs = factories.milestone_specs(milestones=1)
    specs[0].sub_vendor = vendor.partners.get()

    with pytest.raises(BiddingError):
        ProposalService().create(project, vendor.partners.get(), vendor, specs)

    assert not Milestone.objects.exists()


def test_sub_vendors_can_be_switched_off(settings, login, vendor, sub_vendor, project):
    settings.OSCAR_BIDDING_SUB_VENDORS = False
    page = login(vendor).get(
        reverse("bidding_dashboard:proposal-create", args=[project.pk])
    )
    assert "sub_vendor" not in page.context["formset"].forms[0].fields
    specs = factories.milestone_specs(milestones=1)
    specs[0].sub_vendor = sub_vendor.partners.get()
    with pytest.raises(BiddingError):
        ProposalService().create(project, vendor.partners.get(), vendor, specs)


# What the sub-vendor sees -----------------------------------------------------


def test_sub_vendor_sees_the_milestone_given_to_them_and_only_it(
    login, sub_vendor, assigned
):
    first, second = assigned.milestones.order_by("number")
    client = login(sub_vendor)

    listing = client.get(reverse("bidding_dashboard:assigned-milestone-list"))
    page = client.get(detail_url(second))

    assert list(listing.context["milestones"]) == [second]
    assert page.status_code == 200
    content = page.content.decode()
    assert "Stage 2" in content and "Kitchen refit" in content
    assert "Stage 1" not in content
    assert assigned.cover_letter not in content


def test_sub_vendor_gets_404_for_the_rest_of_the_proposal(
    login, customer, sub_vendor, assigned, other_vendor
):
    first, _second = assigned.milestones.order_by("number")
    other = factories.make_proposal(
        factories.make_project(customer, title="Bathroom"), other_vendor
    )
    client = login(sub_vendor)

    for url in [
        detail_url(first),
        assigned.get_dashboard_url(),
        reverse("bidding_dashboard:proposal-update", args=[assigned.pk]),
        other.get_dashboard_url(),
        detail_url(other.milestones.first()),
    ]:
        assert client.get(url).status_code == 404, url


def test_other_vendors_get_404_for_the_assigned_milestone(
    login, other_vendor, assigned
):
    second = assigned.milestones.get(number=2)
    client = login(other_vendor)
    assert client.get(detail_url(second)).status_code == 404
    listing = client.get(reverse("bidding_dashboard:assigned-milestone-list"))
    assert list(listing.context["milestones"]) == []


def test_the_proposals_vendor_opens_the_assigned_milestone_too(login, vendor, assigned):
    second = assigned.milestones.get(number=2)
    assert login(vendor).get(detail_url(second)).status_code == 200


# The order line's partner and Oscar's order dashboard ------------------------


def test_order_line_of_an_assigned_milestone_carries_the_sub_vendor(
    customer, sub_vendor, assigned
):
    second = ready(assigned.milestones.get(number=2))

    order = pay_milestone(second, customer)

    (line,) = order.lines.all()
    assert line.partner == sub_vendor.partners.get()
    assert line.partner_name == "Tiling Crew"
    assert line.stockrecord.partner == sub_vendor.partners.get()


def test_other_milestones_lines_keep_the_vendor(customer, vendor, assigned):
    order = pay_milestone(assigned.milestones.get(number=1), customer)
    assert order.lines.get().partner == vendor.partners.get()


def test_several_milestones_in_one_basket_each_carry_their_partner(
    settings, customer, vendor, sub_vendor, assigned
):
    settings.OSCAR_BIDDING_PAY_SEVERAL = True
    ready(assigned.milestones.get(number=2))

    order = pay_milestone(assigned.milestones.get(number=1), customer)

    partners = [line.partner for line in order.lines.order_by("pk")]
    assert partners == [vendor.partners.get(), sub_vendor.partners.get()]


def test_oscars_order_dashboard_shows_the_order_to_the_sub_vendor(
    client, customer, vendor, sub_vendor, other_vendor, assigned
):
    second = ready(assigned.milestones.get(number=2))
    order = pay(client, customer, second)
    detail = reverse("dashboard:order-detail", args=[order.number])
    orders = reverse("dashboard:order-list")

    crew = Client()
    crew.force_login(sub_vendor)
    assert [o.number for o in crew.get(orders).context["orders"]] == [order.number]
    page = crew.get(detail)
    assert page.status_code == 200
    content = page.content.decode()
    assert detail_url(second) in content
    assert assigned.get_dashboard_url() not in content

    # The proposal's vendor, the invoice's seller, still sees it.
    owner = Client()
    owner.force_login(vendor)
    assert [o.number for o in owner.get(orders).context["orders"]] == [order.number]
    assert assigned.get_dashboard_url() in owner.get(detail).content.decode()
    line = reverse(
        "dashboard:order-line-detail", args=[order.number, order.lines.get().pk]
    )
    assert owner.get(line).status_code == 200
    assert crew.get(line).status_code == 200

    stranger = Client()
    stranger.force_login(other_vendor)
    assert list(stranger.get(orders).context["orders"]) == []
    assert stranger.get(detail).status_code == 404
    assert stranger.get(line).status_code == 404


def test_invoice_seller_stays_the_proposals_vendor(customer, vendor, assigned):
    second = ready(assigned.milestones.get(number=2))
    order = pay_milestone(second, customer)
    assert order.bidding_invoice.seller["name"] == vendor.partners.get().name


def test_pay_costs_the_same_queries_with_a_sub_vendor(client, customer, assigned):
    """The sub-vendor's stock record is read in the milestone's locked query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.checkout import open_basket

    service = get_class("bidding.services.payments", "MilestonePaymentService")()
    first, second = assigned.milestones.order_by("number")
    # Both partners' stock records exist, from earlier payments.
    ready(second)
    pay_milestone(first, customer)
    pay_milestone(second, customer)
    Milestone.objects.update(status=Milestone.READY_TO_PAY)
    assigned.milestones.model.payments.rel.related_model.objects.update(
        status="refunded", date_refunded="2026-01-01T00:00Z"
    )
    client.force_login(customer)
    basket = open_basket(client, customer)

    service.fill_basket(basket, first, customer)  # each Pay below empties a line
    counts = []
    for milestone in (first, second):
        with CaptureQueriesContext(connection) as queries:
            service.fill_basket(basket, milestone, customer)
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert basket.lines.get().stockrecord.partner == second.sub_vendor
