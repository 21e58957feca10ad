"""Pay: the banner on Proposal Details, its confirmation, and the basket it fills."""

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from tests import factories
from tests.checkout import pay_milestone

Basket = get_model("basket", "Basket")
Milestone = get_model("bidding", "Milestone")

NOTE = (
    "This will replace any products you already have in your basket (including "
    "previous milestones added to the basket that were not yet paid). Please ensure "
    "you have paid those first before checking out with the milestone."
)


def pay_url(milestone):
    return reverse("bidding:milestone-pay", kwargs={"pk": milestone.pk})


def milestone(proposal, number):
    return proposal.milestones.get(number=number)


def basket_of(user):
    basket = Basket.open.get(owner=user)
    return basket, [line.milestone_id for line in basket.lines.order_by("pk")]


def pks(*milestones):
    return [m.pk for m in milestones]


@pytest.fixture
def all_ready(settings, proposal):
    """An accepted proposal whose milestones were all made ready at once."""
    settings.OSCAR_BIDDING_ALL_MILESTONES_READY = True
    return factories.ProposalService().accept(proposal)


@pytest.fixture
def customer_with_a_product(login, customer):
    """The customer, logged in, with a product already in the basket."""
    client = login(customer)
    product = create_product(price="12.00", num_in_stock=10, title="Tap")
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert Basket.open.get(owner=customer).num_lines == 1
    return client


# The banner and its modal ------------------------------------------------------


def test_proposal_details_show_a_pay_banner_for_the_ready_milestone(
    login, customer, accepted_proposal
):
    first = milestone(accepted_proposal, 1)

    content = login(customer).get(accepted_proposal.get_absolute_url()).content
    content = content.decode()

    assert "Milestone 1 (Stage 1) is ready to pay: <strong>£400.00</strong>" in content
    assert (
        f'<a href="{pay_url(first)}" class="btn btn-primary my-1" '
        'data-toggle="modal" data-target="#pay-milestone-1">' in content
    )
    assert pay_url(milestone(accepted_proposal, 2)) not in content


def test_pay_modal_warns_that_the_basket_is_replaced_and_posts_with_csrf(
    login, customer, accepted_proposal
):
    content = login(customer).get(accepted_proposal.get_absolute_url()).content
    content = content.decode()

    modal = content[content.index('id="pay-milestone-1"') :]
    modal = modal[: modal.index("</form>")]
    assert 'class="modal fade"' in content
    assert NOTE in modal
    assert f'action="{pay_url(milestone(accepted_proposal, 1))}"' in modal
    assert 'name="csrfmiddlewaretoken"' in modal


def test_proposal_details_say_a_payment_taken_was_received_and_ask_no_more(
    login, customer, accepted_proposal
):
    """Its checkout was interrupted: the order is being completed."""
    first = milestone(accepted_proposal, 1)
    factories.make_payment_to_reconcile(customer, [first])

    content = login(customer).get(accepted_proposal.get_absolute_url()).text

    assert (
        "Your payment was received and your order is being completed. You will "
        "not be asked to pay again."
    ) in content
    assert pay_url(first) not in content


def test_pay_is_refused_while_a_payment_of_the_milestone_is_unfinished(
    login, customer, accepted_proposal
):
    first = milestone(accepted_proposal, 1)
    factories.make_payment_to_reconcile(customer, [first])
    client = login(customer)

    response = client.post(pay_url(first), follow=True)

    assert "Your payment was received and your order is being completed." in (
        response.text
    )
    assert not Basket.open.filter(owner=customer, milestone_locked=True).exists()


def test_no_pay_banner_before_the_proposal_is_accepted(login, customer, proposal):
    content = login(customer).get(proposal.get_absolute_url()).content.decode()

    assert "is ready to pay" not in content
    assert "/pay/" not in content


def test_pay_several_shows_one_banner_with_every_ready_milestone(
    settings, login, customer, all_ready
):
    settings.OSCAR_BIDDING_PAY_SEVERAL = True

    content = login(customer).get(all_ready.get_absolute_url()).content
    content = content.decode()

    assert "These milestones are ready to pay:" in content
    assert "Milestone 1 (Stage 1), Milestone 2 (Stage 2)" in content
    assert "<strong>£800.00</strong>" in content
    assert content.count('data-target="#pay-milestone-') == 1


# The confirmation page -----------------------------------------------------------


def test_get_pay_is_a_confirmation_page_that_changes_nothing(
    customer_with_a_product, customer, accepted_proposal
):
    first = milestone(accepted_proposal, 1)

    response = customer_with_a_product.get(pay_url(first))

    content = response.content.decode()
    assert response.status_code == 200
    assert NOTE in content
    assert f'action="{pay_url(first)}"' in content
    assert "Milestone 1 (Stage 1): <strong>£400.00</strong>" in content
    basket, lines = basket_of(customer)
    assert lines == [None]
    assert not basket.milestone_locked


def test_get_pay_of_a_milestone_not_ready_goes_back_with_a_message(
    login, customer, accepted_proposal
):
    response = login(customer).get(
        pay_url(milestone(accepted_proposal, 2)), follow=True
    )

    assert response.redirect_chain[-1][0] == accepted_proposal.get_absolute_url()
    assert "Milestone 2 is not ready to pay: it is pending." in (
        response.content.decode()
    )


# Paying --------------------------------------------------------------------------


def test_pay_replaces_the_basket_with_the_milestone_items_and_locks_it(
    customer_with_a_product, customer, accepted_proposal
):
    first = milestone(accepted_proposal, 1)

    response = customer_with_a_product.post(pay_url(first), follow=True)

    assert response.redirect_chain[0][0] == reverse("basket:summary")
    assert "Milestone 1 is in your basket: check out to pay it." in (
        response.content.decode()
    )
    basket, lines = basket_of(customer)
    assert lines == pks(first)
    assert basket.milestone_locked


def test_pay_replaces_an_earlier_milestone_left_unpaid_in_the_basket(
    login, customer, all_ready
):
    client = login(customer)
    client.post(pay_url(milestone(all_ready, 1)))

    client.post(pay_url(milestone(all_ready, 2)))

    assert basket_of(customer)[1] == pks(milestone(all_ready, 2))


def test_pay_several_puts_every_ready_milestone_in_the_basket(
    settings, login, customer, all_ready
):
    settings.OSCAR_BIDDING_PAY_SEVERAL = True

    response = login(customer).post(pay_url(milestone(all_ready, 1)), follow=True)

    assert basket_of(customer)[1] == pks(*all_ready.milestones.all())
    assert "The ready milestones are in your basket" in response.content.decode()


def test_paying_a_milestone_not_ready_is_refused_and_changes_nothing(
    customer_with_a_product, customer, accepted_proposal
):
    response = customer_with_a_product.post(
        pay_url(milestone(accepted_proposal, 2)), follow=True
    )

    assert response.redirect_chain[0][0] == accepted_proposal.get_absolute_url()
    assert "Milestone 2 is not ready to pay: it is pending." in (
        response.content.decode()
    )
    basket, lines = basket_of(customer)
    assert lines == [None]
    assert not basket.milestone_locked


def test_paying_a_paid_milestone_again_is_refused(login, customer, accepted_proposal):
    first = milestone(accepted_proposal, 1)
    pay_milestone(first, customer)

    response = login(customer).post(pay_url(first), follow=True)

    assert "Milestone 1 is not ready to pay: it is paid." in response.content.decode()
    assert not Basket.open.get(owner=customer).milestone_locked


@pytest.mark.parametrize("who", ["other_customer", "vendor", "staff"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_projects_customer_can_pay(
    request, login, accepted_proposal, who, method
):
    user = request.getfixturevalue(who)

    response = getattr(login(user), method)(pay_url(milestone(accepted_proposal, 1)))

    assert response.status_code == 404
    assert not Basket.objects.filter(milestone_locked=True).exists()


def test_pay_needs_the_csrf_token(customer, accepted_proposal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)

    response = client.post(pay_url(milestone(accepted_proposal, 1)))

    assert response.status_code == 403
    assert not Basket.objects.filter(milestone_locked=True).exists()


def test_pay_of_a_cancelled_proposal_is_refused(login, customer, vendor):
    proposal = factories.make_proposal(factories.make_project(customer), vendor)
    factories.ProposalService().accept(proposal)
    first = milestone(proposal, 1)
    proposal.__class__.objects.filter(pk=proposal.pk).update(status="cancelled")

    response = login(customer).post(pay_url(first), follow=True)

    assert "You cannot pay this proposal: it is cancelled." in (
        response.content.decode()
    )
    assert not Basket.objects.filter(milestone_locked=True).exists()
