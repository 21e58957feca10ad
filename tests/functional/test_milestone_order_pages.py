"""Oscar's own pages show a milestone order as what it is: the milestone, its
proposal (linked) and its invoice, with no hidden product, no shipping and no
server error, whether DEBUG is on or off."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from oscar_bidding.services.payments import MILESTONE_PRODUCT_UPC
from tests import factories
from tests.checkout import fill_basket, pay, walk_checkout

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")


@pytest.fixture
def milestone(customer, vendor):
    """Milestone 1 of an accepted proposal: one item, 3 × £50.00 at 20% tax."""
    return factories.make_taxed_proposal(customer, vendor).milestones.get(number=1)


@pytest.fixture
def paid_order(client, customer, milestone):
    """The order of milestone 1, placed through the real checkout."""
    return pay(client, customer, milestone)


def milestone_product_url():
    return Product.objects.get(upc=MILESTONE_PRODUCT_UPC).get_absolute_url()


def describes(content, order):
    """The page names the milestone and links its proposal and its invoice."""
    invoice = order.bidding_invoice
    return (
        "Milestone 1 “Stage 1” of the proposal from Vendor One" in content
        and f'href="{invoice.proposal.get_absolute_url()}"' in content
        and f'href="{invoice.get_absolute_url()}"' in content
        and invoice.number in content
    )


# Checkout --------------------------------------------------------------------------


def test_checkout_preview_names_the_milestone_and_links_no_hidden_product(
    client, customer, milestone, logged_errors
):
    client.force_login(customer)
    fill_basket(client, customer, milestone)
    walk_checkout(client)

    content = client.get(reverse("checkout:preview")).content.decode()

    assert "Milestone 1: Stage 1" in content
    assert "<td>Cabinets</td>" in content
    assert milestone_product_url() not in content
    assert f'href="{milestone.proposal.get_absolute_url()}"' in content
    assert logged_errors() == []


def test_thank_you_page_describes_the_milestone_order(
    client, paid_order, debug, logged_errors
):
    response = client.get(reverse("checkout:thank-you"))

    content = response.content.decode()
    assert response.status_code == 200
    assert describes(content, paid_order)
    assert "Milestone 1: Stage 1" in content
    assert "<td>Cabinets</td>" in content
    assert "No shipping address required" not in content
    assert logged_errors() == []


# My Orders -------------------------------------------------------------------------


def order_url(order):
    return reverse("customer:order", kwargs={"order_number": order.number})


def test_order_detail_describes_the_milestone_lines_without_shipping(
    client, paid_order, debug, logged_errors
):
    response = client.get(order_url(paid_order))

    content = response.content.decode()
    assert response.status_code == 200
    assert describes(content, paid_order)
    assert content.count("Milestone 1: Stage 1") == 1
    assert content.count("<td>Cabinets</td>") == 1
    assert "Not available anymore" not in content
    assert "Shipping" not in content
    assert "Re-order" not in content
    assert logged_errors() == []


@pytest.mark.parametrize("reorder", ["order", "line"])
def test_reordering_while_the_basket_pays_a_milestone_gives_the_lock_message(
    client, customer, milestone, reorder, logged_errors
):
    earlier = create_order(user=customer)
    product = earlier.lines.get().product
    client.force_login(customer)
    fill_basket(client, customer, milestone)
    if reorder == "order":
        url, data = order_url(earlier), {"order_id": earlier.pk, "action": "reorder"}
    else:
        line = earlier.lines.get()
        url = reverse(
            "customer:order-line",
            kwargs={"order_number": earlier.number, "line_id": line.pk},
        )
        data = {"action": "reorder"}

    response = client.post(url, data, follow=True)

    assert response.redirect_chain[-1] == (reverse("basket:summary"), 302)
    assert "Your basket is paying a milestone" in response.content.decode()
    basket = Basket.open.get(owner=customer)
    assert basket.milestone_locked
    assert not basket.lines.filter(product=product).exists()
    assert logged_errors() == []


# E-mail ----------------------------------------------------------------------------


def test_order_confirmation_email_describes_the_milestone_without_shipping_address(
    client, customer, milestone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        paid_order = pay(client, customer, milestone)

    (message,) = [m for m in mail.outbox if m.to == [customer.email]]
    html, _mimetype = message.alternatives[0]
    for body in (message.body, html):
        assert "Milestone 1: Stage 1" in body
        assert "Cabinets" in body
        assert "Milestone 1 “Stage 1” of the proposal from Vendor One" in body
        assert paid_order.bidding_invoice.number in body
        assert "Shipping" not in body
    assert "http://example.com" + paid_order.bidding_invoice.get_absolute_url() in html


# Mini-basket -----------------------------------------------------------------------


def test_mini_basket_shows_prices_including_tax_as_the_basket_page_does(
    client, customer, milestone
):
    client.force_login(customer)
    fill_basket(client, customer, milestone)

    basket_page = client.get(reverse("basket:summary")).content.decode()
    home = client.get(reverse("catalogue:index")).content.decode()
    mini_basket = home[home.index('class="basket-mini-item') :]

    assert "£180.00" in basket_page  # 3 × £50.00 + 20% tax
    assert "£180.00" in mini_basket
    assert "£150.00" not in mini_basket
    assert milestone_product_url() not in mini_basket


# Oscar's dashboard -----------------------------------------------------------------


@pytest.fixture
def vendor_client(vendor):
    client = Client()
    client.force_login(vendor)
    return client


def test_dashboard_order_detail_describes_the_milestone_order_without_shipping(
    vendor_client, paid_order, debug, logged_errors
):
    url = reverse("dashboard:order-detail", kwargs={"number": paid_order.number})

    response = vendor_client.get(url)

    content = response.content.decode()
    invoice = paid_order.bidding_invoice
    assert response.status_code == 200
    assert "Milestone 1 “Stage 1” of the proposal from Vendor One" in content
    assert f'href="{invoice.proposal.get_dashboard_url()}"' in content
    assert f'href="{invoice.get_absolute_url()}"' in content
    assert "No shipping: this order pays milestones." in content
    assert logged_errors() == []


def test_dashboard_order_line_names_its_milestone(
    vendor_client, paid_order, debug, logged_errors
):
    line = paid_order.lines.first()
    url = reverse(
        "dashboard:order-line-detail",
        kwargs={"number": paid_order.number, "line_id": line.pk},
    )

    response = vendor_client.get(url)

    assert response.status_code == 200
    assert "Milestone 1 “Stage 1” of the proposal from Vendor One" in (
        response.content.decode()
    )
    assert logged_errors() == []
