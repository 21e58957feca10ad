"""The seed, step by step through Django's test client: a customer pays milestone 1
from Proposal Details to Payment History, and the vendor sees the payment.

The steps are those of PRODUCT.md, "The flow the seed describes".
"""

from django.core import mail
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from tests.checkout import place_order, walk_checkout

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Milestone = get_model("bidding", "Milestone")


def links_to(response, url):
    return f'href="{url}"' in response.content.decode()


def test_customer_pays_milestone_1_and_the_vendor_sees_the_payment(
    client, customer, vendor, accepted_proposal, django_capture_on_commit_callbacks
):
    project = accepted_proposal.project
    milestone = accepted_proposal.milestones.get(number=1)
    pay_url = reverse("bidding:milestone-pay", kwargs={"pk": milestone.pk})
    client.force_login(customer)
    product = create_product(price="12.00", num_in_stock=10, title="Tap")
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    # 1. Account menu -> My Projects -> the project -> Proposal Details.
    account = client.get(reverse("customer:summary"), follow=True)
    assert links_to(account, reverse("bidding:project-list"))
    assert links_to(
        client.get(reverse("bidding:project-list")), project.get_absolute_url()
    )
    assert links_to(
        client.get(project.get_absolute_url()), accepted_proposal.get_absolute_url()
    )

    # 2. The banner at the top of Proposal Details, with Pay.
    details = client.get(accepted_proposal.get_absolute_url()).content.decode()
    assert "Milestone 1 (Stage 1) is ready to pay: <strong>£400.00</strong>" in details
    assert details.index("is ready to pay") < details.index('id="milestones"')

    # 3. Pay opens the confirmation: paying replaces the basket.
    assert 'data-target="#pay-milestone-1"' in details
    assert "This will replace any products you already have in your basket" in details

    # 4. Confirmed: the basket holds the milestone, its items shown, locked.
    response = client.post(pay_url, follow=True)
    assert response.redirect_chain == [(reverse("basket:summary"), 302)]
    basket_page = response.content.decode()
    assert "Milestone 1 is in your basket: check out to pay it." in basket_page
    assert "Milestone 1: Stage 1" in basket_page
    for description in ("Work item 1.1", "Work item 1.2"):
        assert f"<td>{description}</td>" in basket_page
    basket = Basket.open.get(owner=customer)
    assert basket.milestone_locked
    assert [line.milestone_id for line in basket.lines.all()] == [milestone.pk]

    # 6. Checkout as usual, no shipping asked.
    response = walk_checkout(client)
    assert response.redirect_chain[-1][0] == reverse("checkout:payment-details")
    with django_capture_on_commit_callbacks() as callbacks:
        response = place_order(client)
    assert response["Location"] == reverse("checkout:thank-you")

    # 7. A normal Oscar order, Complete, a line for the milestone, each item
    # on its invoice.
    order = Order.objects.get(user=customer)
    assert order.status == "Complete"
    assert list(order.lines.values_list("title", flat=True)) == ["Milestone 1: Stage 1"]
    assert [line["description"] for line in order.bidding_invoice.lines] == [
        "Work item 1.1",
        "Work item 1.2",
    ]
    assert {line.partner_id for line in order.lines.all()} == {
        accepted_proposal.partner_id
    }
    invoice = order.bidding_invoice
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.PAID

    # 10. (the e-mail) The vendor hears of it once, after the commit.
    def to_vendor():
        return [m for m in mail.outbox if m.to == [vendor.email]]

    assert to_vendor() == []
    for callback in callbacks:
        callback()
    (message,) = to_vendor()
    assert str(order.number) in message.body
    assert invoice.number in message.body

    # 8. My Orders shows the invoice of the order.
    order_page = client.get(
        reverse("customer:order", kwargs={"order_number": order.number})
    )
    assert invoice.number in order_page.content.decode()
    assert links_to(order_page, invoice.get_absolute_url())
    assert links_to(
        client.get(reverse("customer:order-list")), invoice.get_absolute_url()
    )

    # 9. Proposal Details: Milestones and Payment History updated.
    details = client.get(accepted_proposal.get_absolute_url()).content.decode()
    history = details[details.index('id="payment-history"') :]
    assert "Milestone 1 (Stage 1)" in history
    assert str(order.number) in history
    assert invoice.number in history
    row = details[details.index('id="milestone-1"') :]
    row = row[: row.index("</tr>")]
    assert row.count("£400.00") == 2
    assert "Paid" in row
    assert "is ready to pay" not in details

    # 10. The vendor: Manage Proposals, and Oscar's own order list.
    vendor_client = Client()
    vendor_client.force_login(vendor)
    dashboard = vendor_client.get(accepted_proposal.get_dashboard_url())
    assert links_to(
        dashboard,
        reverse("bidding_dashboard:invoice-detail", kwargs={"number": invoice.number}),
    )
    assert links_to(
        dashboard, reverse("dashboard:order-detail", kwargs={"number": order.number})
    )
    orders = vendor_client.get(reverse("dashboard:order-list"))
    assert orders.status_code == 200
    assert str(order.number) in orders.content.decode()


def test_every_page_of_the_seed_renders_without_a_logged_error(
    search_index, client, customer, vendor, accepted_proposal, debug, logged_errors
):
    milestone = accepted_proposal.milestones.get(number=1)
    client.force_login(customer)

    def visit(url, via=None):
        if via is not None:
            assert links_to(via, url), url
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        return response

    # Oscar's header links to the notifications inbox while one is unread
    # (the customer's, of the new proposal); the inbox to the account.
    inbox = visit(reverse("customer:notifications-inbox"), via=visit("/"))
    account = visit(reverse("customer:summary"), via=inbox)
    page = visit(reverse("bidding:project-list"), via=account)
    page = visit(accepted_proposal.project.get_absolute_url(), via=page)
    page = visit(accepted_proposal.get_absolute_url(), via=page)
    pay_url = reverse("bidding:milestone-pay", kwargs={"pk": milestone.pk})
    assert links_to(page, pay_url)
    visit(pay_url)
    assert client.post(pay_url, follow=True).status_code == 200
    visit(reverse("checkout:index"))
    visit(reverse("checkout:preview"))
    assert place_order(client)["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get(user=customer)
    invoice = order.bidding_invoice
    thank_you = visit(reverse("checkout:thank-you"))
    page = visit(reverse("customer:order-list"), via=account)
    detail = visit(
        reverse("customer:order", kwargs={"order_number": order.number}), via=page
    )
    visit(invoice.get_absolute_url(), via=detail)
    visit(accepted_proposal.get_absolute_url(), via=thank_you)

    client.force_login(vendor)
    dashboard = visit(reverse("dashboard:index"))
    page = visit(reverse("dashboard:order-list"), via=dashboard)
    page = visit(
        reverse("dashboard:order-detail", kwargs={"number": order.number}), via=page
    )
    line = order.lines.first()
    visit(
        reverse(
            "dashboard:order-line-detail",
            kwargs={"number": order.number, "line_id": line.pk},
        ),
        via=page,
    )
    page = visit(reverse("bidding_dashboard:proposal-list"), via=dashboard)
    page = visit(accepted_proposal.get_dashboard_url(), via=page)
    assert invoice.number in page.content.decode()
    assert str(order.number) in page.content.decode()

    assert logged_errors() == []
