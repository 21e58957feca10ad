"""``bidding_demo`` fills the sandbox with usable data, and can run again safely;
outside DEBUG it refuses unless forced."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

User = get_user_model()
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Category = get_model("catalogue", "Category")
Project = get_model("bidding", "Project")
ProjectAttachment = get_model("bidding", "ProjectAttachment")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
MilestoneItem = get_model("bidding", "MilestoneItem")

COUNTED = [
    User,
    Partner,
    Product,
    StockRecord,
    Category,
    Project,
    ProjectAttachment,
    Proposal,
    Milestone,
    MilestoneItem,
    get_model("bidding", "Rate"),
    get_model("bidding", "ProjectType"),
    get_model("bidding", "ProjectQuestion"),
    get_model("bidding", "QuotableProductClass"),
    User.user_permissions.through,
    Partner.users.through,
]


@pytest.fixture(autouse=True)
def sandbox_debug(settings):
    """``make sandbox`` runs it with DEBUG on."""
    settings.DEBUG = True


def run_demo(*args):
    out = StringIO()
    call_command("bidding_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model._meta.label: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo():
    return run_demo()


def test_demo_runs_without_debug_only_when_forced(settings):
    settings.DEBUG = False
    domain = Site.objects.get_current().domain

    with pytest.raises(CommandError, match="--force"):
        run_demo()
    refused = User.objects.filter(email="admin@example.com").exists()
    refused_domain = Site.objects.get_current().domain
    forced = run_demo("--force")

    assert not refused
    assert refused_domain == domain
    assert "Created user admin@example.com" in forced


def test_running_the_demo_twice_creates_nothing_the_second_time(demo):
    before = counts()

    output = run_demo()

    assert counts() == before
    assert "nothing created" in output


def test_demo_prints_what_it_created(demo):
    assert "Created user customer@example.com" in demo
    assert "Created project 'Kitchen refit' of customer@example.com" in demo


def test_demo_sets_the_site_domain(demo):
    assert Site.objects.get_current().domain == "127.0.0.1:8000"


@pytest.mark.parametrize(
    "email, password",
    [
        ("admin@example.com", "admin"),
        ("customer@example.com", "customer"),
        ("customer2@example.com", "customer2"),
        ("vendor1@example.com", "vendor1"),
        ("vendor2@example.com", "vendor2"),
    ],
)
def test_demo_accounts_log_in_by_email(demo, client, email, password):
    assert client.login(username=email, password=password)


def test_demo_admin_is_a_superuser(demo):
    admin = User.objects.get(email="admin@example.com")

    assert admin.is_staff and admin.is_superuser


@pytest.mark.parametrize(
    "username, partner", [("vendor1", "Vendor One Ltd"), ("vendor2", "Vendor Two Ltd")]
)
def test_demo_vendors_have_dashboard_access_and_one_partner(demo, username, partner):
    vendor = User.objects.get(username=username)

    assert vendor.has_perm("partner.dashboard_access")
    assert [p.name for p in vendor.partners.all()] == [partner]


def test_demo_customer_has_an_accepted_proposal_with_a_milestone_to_pay(demo):
    proposal = Proposal.objects.get(
        project__customer__email="customer@example.com", status=Proposal.ACCEPTED
    )

    assert proposal.partner.name == "Vendor One Ltd"
    assert proposal.milestones.get(number=1).status == Milestone.READY_TO_PAY
    assert proposal.milestones.get(number=2).status == Milestone.PENDING
    assert proposal.milestones.get(number=1).items.exists()


def test_demo_has_projects_in_every_state_for_both_customers(demo):
    statuses = set(Project.objects.values_list("status", flat=True))
    customers = set(Project.objects.values_list("customer__email", flat=True))

    assert statuses == {value for value, _ in Project.STATUS_CHOICES}
    assert customers == {"customer@example.com", "customer2@example.com"}
    assert Project.objects.filter(status=Project.OPEN, proposals=None).exists()
    assert Project.objects.filter(
        status=Project.OPEN, proposals__status=Proposal.SUBMITTED
    ).exists()


def test_demo_has_proposals_from_both_vendors_including_drafts(demo):
    vendors = set(Proposal.objects.values_list("partner__name", flat=True))

    assert vendors == {"Vendor One Ltd", "Vendor Two Ltd"}
    assert Proposal.objects.filter(status=Proposal.DRAFT).exists()


def test_demo_completed_project_has_every_milestone_completed(demo):
    proposal = Proposal.objects.get(project__status=Project.COMPLETED)

    assert proposal.status == Proposal.COMPLETED
    assert proposal.amount_paid == proposal.amount_incl_tax
    assert set(proposal.milestones.values_list("status", flat=True)) == {
        Milestone.COMPLETED
    }


def test_demo_completed_project_was_paid_through_orders_with_invoices(demo):
    proposal = Proposal.objects.get(project__status=Project.COMPLETED)
    payments = MilestonePayment.objects.filter(milestone__proposal=proposal)

    assert payments.count() == proposal.milestones.count()
    assert {p.order.status for p in payments} == {"Complete"}
    assert all(p.invoice_number == p.order.bidding_invoice.number for p in payments)


def test_demo_catalogue_products_are_buyable(demo):
    products = Product.objects.filter(stockrecords__partner__name="Sandbox Store")

    assert products.count() >= 3
    assert all(
        product.is_public and product.categories.exists() for product in products
    )


def test_demo_vendors_have_rates(demo):
    vendor = User.objects.get(username="vendor1")

    rates = vendor.partners.get().bidding_rates.order_by("name")
    assert [rate.name for rate in rates] == ["Call-out", "Labour", "Site survey"]


def test_demo_vendors_offer_its_project_types_and_one_stocks_quotable_tiles(
    demo, client
):
    tiling = get_model("bidding", "ProjectType").objects.get(name="Tiling")
    assert tiling.parent.name == "Home renovation"
    assert [q.label for q in tiling.parent.questions.all()] == ["Property"]
    assert set(tiling.parent.partners.values_list("name", flat=True)) == {
        "Vendor One Ltd",
        "Vendor Two Ltd",
    }
    tile = Product.objects.get(upc="TILE-METRO")
    assert tile.stockrecords.get().partner.name == "Vendor One Ltd"

    page = client.get(tile.get_absolute_url()).content.decode()

    assert "Request a quote" in page
