"""MilestonePaymentService: what Pay puts in the basket, and what checkout re-checks."""

import pytest
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from oscar_bidding.exceptions import BiddingError
from tests import factories

Basket = get_model("basket", "Basket")
Milestone = get_model("bidding", "Milestone")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
milestones_in = get_class("bidding.services.payments", "milestones_in")
Selector = get_class("partner.strategy", "Selector")

service = MilestonePaymentService()


@pytest.fixture
def basket(customer):
    """The customer's basket, with a product in it."""
    basket = Basket.objects.create(owner=customer)
    basket.strategy = Selector().strategy(user=customer)
    basket.add_product(create_product(price="12.00", num_in_stock=5))
    return basket


@pytest.fixture
def all_ready(settings, proposal):
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    factories.ProposalService().accept(proposal)
    return list(proposal.milestones.order_by("number"))


def paid_by(basket):
    """The milestone of each line of the basket."""
    return [line.milestone for line in basket.lines.order_by("pk")]


def test_pay_replaces_the_basket_with_the_milestone_items_and_locks_it(
    basket, customer, accepted_proposal
):
    milestone = accepted_proposal.milestones.get(number=1)

    service.fill_basket(basket, milestone, customer)

    assert basket.milestone_locked
    assert paid_by(basket) == [milestone]
    line = basket.lines.order_by("pk").first()
    assert line.stockrecord.partner == accepted_proposal.partner
    assert (line.quantity, line.price_excl_tax, line.price_incl_tax) == (
        1,
        milestone.amount_excl_tax,
        milestone.amount_incl_tax,
    )
    assert milestones_in(basket) == [milestone]


def test_paying_another_milestone_replaces_the_earlier_unpaid_one(
    basket, customer, all_ready
):
    first, second = all_ready
    service.fill_basket(basket, first, customer)

    service.fill_basket(basket, second, customer)

    assert paid_by(basket) == [second]


def test_pay_several_puts_every_ready_milestone_in_the_basket(
    settings, basket, customer, all_ready
):
    settings.OSCAR_BIDDING_PAY_SEVERAL = True

    service.fill_basket(basket, all_ready[1], customer)

    assert paid_by(basket) == all_ready
    assert milestones_in(basket) == all_ready


@pytest.mark.parametrize(
    ("payer", "number", "message"),
    [
        ("other_customer", 1, "Milestone matching query does not exist."),
        ("customer", 2, "Milestone 2 is not ready to pay: it is pending."),
    ],
)
def test_pay_is_refused_and_the_basket_left_as_it_was(
    request, basket, accepted_proposal, payer, number, message
):
    milestone = accepted_proposal.milestones.get(number=number)

    with pytest.raises((BiddingError, Milestone.DoesNotExist), match=message):
        service.fill_basket(basket, milestone, request.getfixturevalue(payer))

    basket = Basket.objects.get(pk=basket.pk)
    assert not basket.milestone_locked
    assert paid_by(basket) == [None]


def test_a_proposal_not_accepted_cannot_be_paid(basket, customer, proposal):
    with pytest.raises(BiddingError, match="it is submitted"):
        service.fill_basket(basket, proposal.milestones.get(number=1), customer)


def test_release_empties_and_unlocks_the_basket(basket, customer, accepted_proposal):
    service.fill_basket(basket, accepted_proposal.milestones.get(number=1), customer)

    basket = service.release(basket)

    assert not basket.milestone_locked
    assert not basket.lines.exists()


def test_check_payable_passes_a_basket_that_still_matches_its_milestone(
    basket, customer, accepted_proposal
):
    milestone = accepted_proposal.milestones.get(number=1)
    service.fill_basket(basket, milestone, customer)

    assert service.check_payable(basket) == [milestone]


def test_check_payable_refuses_a_milestone_whose_amount_changed_since_pay(
    basket, customer, accepted_proposal
):
    milestone = accepted_proposal.milestones.get(number=1)
    service.fill_basket(basket, milestone, customer)
    Milestone.objects.filter(pk=milestone.pk).update(
        amount_incl_tax=milestone.amount_incl_tax + 1
    )

    with pytest.raises(BiddingError, match="The amount of this milestone has changed"):
        service.check_payable(basket)


def test_check_payable_refuses_a_basket_without_milestones(basket):
    with pytest.raises(BiddingError, match="no longer pays any milestone"):
        service.check_payable(basket)
