"""Milestone lines are priced from their milestones: Oscar's price-change
warning appears only when the milestone really changed."""

from decimal import Decimal

from django.urls import reverse
from oscar.core.loading import get_model

from tests import checkout

Milestone = get_model("bidding", "Milestone")


def basket_page(client):
    return client.get(reverse("basket:summary")).content.decode()


def test_unchanged_milestone_shows_no_price_warning(
    client, customer, accepted_proposal
):
    client.force_login(customer)
    checkout.fill_basket(client, customer, accepted_proposal.milestones.get(number=1))

    assert "has increased" not in basket_page(client)


def test_changed_milestone_amount_shows_oscars_warning(
    client, customer, accepted_proposal
):
    client.force_login(customer)
    milestone = accepted_proposal.milestones.get(number=1)
    checkout.fill_basket(client, customer, milestone)
    Milestone.objects.filter(pk=milestone.pk).update(
        amount_excl_tax=Decimal("500.00"), amount_incl_tax=Decimal("600.00")
    )

    assert "has increased" in basket_page(client)
