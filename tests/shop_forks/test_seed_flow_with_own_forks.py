"""The seed flow in a shop that brought its own basket and checkout forks, and
forks of Oscar's partner, catalogue and order apps with their own migration names.

Collected only under ``tests.shop_forks.settings`` (see ``conftest.py``).
"""

from decimal import Decimal

from django.apps import apps
from django.core.management import call_command, get_commands
from django.db.migrations.loader import MigrationLoader
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from oscar_bidding.checks.payments import check_milestones_take_money
from tests.checkout import place_order, walk_checkout
from tests.shop_forks.bidding.services.proposals import erp_accepted

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")


def test_the_shops_own_forks_are_installed():
    assert Basket.__module__ == "tests.shop_forks.basket.models"
    for label in ["partner", "catalogue", "order"]:
        assert apps.get_app_config(label).name == f"tests.shop_forks.{label}"
    for module, name in [
        ("basket.views", "BasketAddView"),
        ("checkout.views", "PaymentDetailsView"),
    ]:
        assert get_class(module, name).__module__ == f"tests.shop_forks.{module}"


def test_the_bidding_fork_holds_its_modules_and_inherits_the_others():
    assert apps.get_app_config("bidding").name == "tests.shop_forks.bidding"
    for module, name in [
        ("bidding.services.invoices", "InvoiceService"),
        ("bidding.services.proposals", "ProposalService"),
    ]:
        assert get_class(module, name).__module__ == f"tests.shop_forks.{module}"
    for module, name in [
        ("bidding.services.payments", "MilestonePaymentService"),
        ("bidding.views", "ProposalDetailView"),
        ("bidding_dashboard.views", "ProposalListView"),
    ]:
        assert get_class(module, name).__module__.startswith("oscar_bidding.")


def test_the_packages_accept_view_calls_the_forks_proposal_service(
    login, customer, proposal
):
    """The fork copies no view: the package's view holds its service as
    ``service_class``, loaded with ``get_class``, so the fork's one module
    changes what the page does."""
    view = get_class("bidding.views", "ProposalAcceptView")
    assert view.__module__ == "oscar_bidding.views.proposals"
    assert (
        view.service_class.__module__ == "tests.shop_forks.bidding.services.proposals"
    )

    response = login(customer).post(
        reverse("bidding:proposal-accept", kwargs={"pk": proposal.pk}),
        {"version": proposal.version},
    )

    assert response.status_code == 302
    assert erp_accepted[-1] == proposal.pk


def test_the_bidding_fork_keeps_the_packages_templates_and_commands(client):
    """Found through ``BiddingResourcesConfig``: the fork's folder has none."""
    assert get_commands()["bidding_relay_outbox"] == "oscar_bidding"
    get_template("oscar_bidding/proposal_detail.html")


def test_the_shops_migrations_match_its_models():
    """The basket's own 0013 was made by ``makemigrations basket`` after Oscar's
    0012; the partner, catalogue and order forks renamed Oscar's migrations after
    0005, 0027 and 0018 and still describe Oscar's models."""
    call_command(
        "makemigrations",
        *["basket", "partner", "catalogue", "order", "bidding"],
        *["--check", "--dry-run"],
        verbosity=0,
    )


def test_the_shops_migration_names_differ_from_oscars():
    """Oscar's unforked apps need only catalogue 0027 and order 0008 by name;
    the package must need no more than each app's first migration."""
    graph = MigrationLoader(None).graph
    for label, shops, oscars in [
        ("partner", "0008_partneraddress_code", "0007_partneraddress_code"),
        (
            "catalogue",
            "0031_category_exclude_from_menu_and_more",
            "0032_category_exclude_from_menu_category_long_description",
        ),
        (
            "order",
            "0019_order_analytics_tracked_and_more",
            "0021_billingaddress_code_shippingaddress_code",
        ),
    ]:
        assert graph.leaf_nodes(label) == [(label, shops)]
        assert (label, oscars) not in graph.nodes


def test_customer_pays_a_milestone_through_the_shops_forks(
    login,
    customer,
    vendor,
    accepted_proposal,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    milestone = accepted_proposal.milestones.get(number=1)
    client = login(customer)

    response = client.post(
        reverse("bidding:milestone-pay", kwargs={"pk": milestone.pk}), follow=True
    )

    assert response.redirect_chain == [(reverse("basket:summary"), 302)]
    basket = Basket.open.get(owner=customer)
    assert basket.milestone_locked
    assert basket.num_lines == 1

    product = create_product(price="12.00", num_in_stock=10, title="Tap")
    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}
    )
    assert response.url.startswith(reverse("bidding:basket-replace"))
    assert Basket.open.get(owner=customer).num_lines == 1

    assert walk_checkout(client).redirect_chain[-1][0] == reverse(
        "checkout:payment-details"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = place_order(client)

    assert response.url == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.status == "Complete"
    assert [line.title for line in order.lines.order_by("pk")] == [
        "Milestone 1: Stage 1"
    ]
    assert [line["description"] for line in order.bidding_invoice.lines] == [
        "Work item 1.1",
        "Work item 1.2",
    ]
    assert {line.partner for line in order.lines.all()} == {vendor.partners.get()}
    assert order.sources.get().amount_debited == Decimal("400.00")  # shop's gateway
    invoice = order.bidding_invoice
    # The fork's one changed service numbered it.
    assert invoice.number == f"SHOP-INV-{timezone.localdate().year}-000001"
    payment = MilestonePayment.objects.get()
    assert (payment.order, payment.invoice, payment.amount) == (
        order,
        invoice,
        Decimal("400.00"),
    )
    assert Milestone.objects.get(pk=milestone.pk).status == Milestone.PAID
    assert [m.to for m in mailoutbox if m.to != [customer.email]] == [
        ["vendor1@example.com"]
    ]


def test_a_shop_whose_own_handle_payment_takes_money_is_not_warned():
    assert check_milestones_take_money(None) == []
