"""Pay milestones in tests: as a customer does (fill the basket, then Oscar's
checkout through the client), or through the services alone, quick enough to
build twenty payments (:func:`pay_milestone`)."""

from django.db import transaction
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order

from oscar_bidding.conf import setting

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Selector = get_class("partner.strategy", "Selector")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)


def open_basket(client, user):
    """The basket Oscar's middleware gives ``user`` on the next request."""
    client.get(reverse("basket:summary"))
    return Basket.open.get(owner=user)


def fill_basket(client, customer, milestone):
    """Pay: the customer's basket holds the milestone, locked; returns it."""
    basket = open_basket(client, customer)
    MilestonePaymentService().fill_basket(basket, milestone, customer)
    return basket


def walk_checkout(client):
    """From the checkout's start to the payment details page, redirects followed."""
    return client.get(reverse("checkout:index"), follow=True)


def place_order(client):
    """What the preview page's "Place order" button posts."""
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def pay(client, customer, milestone):
    """The whole checkout of ``milestone``; returns the order it placed."""
    client.force_login(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)
    response = place_order(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == reverse("checkout:thank-you")
    return Order.objects.get(pk=client.session["checkout_order_id"])


def pay_milestone(milestone, customer):
    """Pay ``milestone`` as checkout does: fill a basket, place its order and
    record the payment in one transaction. Returns the order."""
    service = MilestonePaymentService()
    basket, _created = Basket.open.get_or_create(owner=customer)
    service.fill_basket(basket, milestone, customer)
    basket.strategy = Selector().strategy(user=customer)
    with transaction.atomic():
        order = create_order(
            basket=basket,
            user=customer,
            status=setting("OSCAR_BIDDING_PAID_ORDER_STATUS"),
        )
        service.record_payment(order, basket)
    return order
