"""A milestone given to a sub-vendor is paid: the sub-vendor's users are
e-mailed too, from the rows checkout already read, in the one INSERT that
writes the order's e-mails, and placing the order costs no more queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from bench import data, queries
from tests import factories
from tests.checkout import fill_basket, pay_milestone, walk_checkout

Milestone = get_model("bidding", "Milestone")
OutboxMessage = get_model("bidding", "OutboxMessage")
ProposalService = get_class("bidding.services.proposals", "ProposalService")


@pytest.fixture
def crew():
    """A sub-vendor with two users, one without an e-mail address."""
    user = factories.make_vendor("crew@example.com", "Tiling Crew")
    partner = user.partners.get()
    mute = factories.make_user("mute@example.com")
    mute.email = ""
    mute.save(update_fields=["email"])
    partner.users.add(mute)
    return partner


@pytest.fixture
def assigned(project, vendor, crew):
    """Milestone 1 of an accepted proposal, given to the sub-vendor."""
    specs = factories.milestone_specs(milestones=2)
    specs[0].sub_vendor = crew
    proposal = ProposalService().create(
        project, vendor.partners.get(), vendor, specs, submit=True
    )
    return ProposalService().accept(proposal).milestones.get(number=1)


def test_paying_a_sub_vendors_milestone_emails_its_users(
    customer, assigned, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = pay_milestone(assigned, customer)

    by_recipient = {tuple(m.to): m for m in mailoutbox}
    assert set(by_recipient) == {
        ("crew@example.com",),
        ("vendor1@example.com",),
        (customer.email,),
    }
    mail = by_recipient[("crew@example.com",)]
    assert mail.subject == 'Milestone 1 of "Kitchen refit", given to you, was paid'
    assert f"Order number: {order.number}" in mail.body
    assert "which Vendor One gave to you" in mail.body
    assert f"http://example.com{assigned.get_assigned_url()}" in mail.body


def test_a_milestone_without_a_sub_vendor_emails_no_sub_vendor(
    customer, accepted_proposal
):
    pay_milestone(accepted_proposal.milestones.get(number=1), customer)

    assert not OutboxMessage.objects.filter(
        event_code="BIDDING_SUB_VENDOR_MILESTONE_PAID"
    ).exists()


def test_the_order_e_mails_are_one_insert(customer, assigned):
    client = queries.logged_in(customer)
    fill_basket(client, customer, assigned)
    walk_checkout(client)

    with CaptureQueriesContext(connection) as captured:
        queries.checkout_place_order(client)

    inserts = [
        q["sql"] for q in captured if q["sql"].startswith('INSERT INTO "bidding_outbox')
    ]
    assert len(inserts) == 1
    assert list(
        OutboxMessage.objects.order_by("pk").values_list("event_code", "audience")
    )[-3:] == [
        ("BIDDING_MILESTONE_PAID", "vendor"),
        ("ORDER_PLACED", "order"),
        ("BIDDING_SUB_VENDOR_MILESTONE_PAID", "sub_vendor"),
    ]


def sub_vendor_place_order(items):
    """Place order, for a milestone given to a sub-vendor."""
    milestone, customer = queries.ready_milestone(items)
    Milestone.objects.filter(pk=milestone.pk).update(
        sub_vendor=data.vendor().partners.get()
    )
    client = queries.logged_in(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)
    return client, queries.Request(reverse("checkout:preview"), queries.PLACE_ORDER)


def test_placing_a_sub_vendors_milestone_costs_the_same_queries():
    queries.capture(queries.place_order, 1)
    queries.capture(sub_vendor_place_order, 1)

    assert queries.count(sub_vendor_place_order, 1) == queries.count(
        queries.place_order, 1
    )
    assert queries.count(sub_vendor_place_order, 10) <= queries.PLACE_ORDER_TARGET
