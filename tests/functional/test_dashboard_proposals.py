import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests import factories
from tests.factories import item, milestone, proposal_form_data
from tests.forms import page_data

Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
MilestoneItem = get_model("bidding", "MilestoneItem")


def url(name, **kwargs):
    return reverse(f"bidding_dashboard:{name}", kwargs=kwargs)


def counts():
    return (
        Proposal.objects.count(),
        Milestone.objects.count(),
        MilestoneItem.objects.count(),
    )


def test_vendor_creates_draft_then_submits_edits_and_withdraws_it(
    login, vendor, project
):
    client = login(vendor)
    data = proposal_form_data(
        [
            milestone("Design", items=[item("Plans"), item("Survey", "1", "50.00")]),
            milestone("Build", items=[item("Cabinets"), item("Worktop", "1", "300")]),
        ]
    )

    response = client.post(url("proposal-create", project_pk=project.pk), data)

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == url("proposal-detail", pk=proposal.pk)
    assert proposal.status == Proposal.DRAFT
    assert proposal.partner == vendor.partners.get()
    assert proposal.cover_letter == "We have fitted many kitchens."
    assert [m.title for m in proposal.milestones.order_by("number")] == [
        "Design",
        "Build",
    ]
    assert MilestoneItem.objects.filter(milestone__proposal=proposal).count() == 4
    # 250 + 500 excl. tax, items taxed at 20 %.
    assert proposal.amount_incl_tax == Decimal("900.00")

    assert "Submit proposal" in client.get(url("proposal-submit", pk=proposal.pk)).text
    client.post(url("proposal-submit", pk=proposal.pk))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.SUBMITTED

    data = page_data(client.get(url("proposal-update", pk=proposal.pk)))
    data["milestones-1-items-1-unit_price"] = "400.00"
    data["milestones-0-items-1-DELETE"] = "on"
    response = client.post(url("proposal-update", pk=proposal.pk), data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.SUBMITTED
    assert MilestoneItem.objects.filter(milestone__proposal=proposal).count() == 3
    assert proposal.amount_incl_tax == Decimal("960.00")

    assert (
        "Withdraw proposal" in client.get(url("proposal-withdraw", pk=proposal.pk)).text
    )
    client.post(url("proposal-withdraw", pk=proposal.pk))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.WITHDRAWN


def test_submit_button_on_create_submits_at_once(login, vendor, project):
    login(vendor).post(
        url("proposal-create", project_pk=project.pk),
        proposal_form_data(submit=True),
    )

    assert Proposal.objects.get().status == Proposal.SUBMITTED


def test_submit_button_on_edit_submits_a_draft(login, vendor, project):
    proposal = factories.make_proposal(project, vendor, submit=False)
    client = login(vendor)
    data = page_data(client.get(url("proposal-update", pk=proposal.pk)))
    data["submit_proposal"] = "1"

    client.post(url("proposal-update", pk=proposal.pk), data)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.SUBMITTED


def test_withdrawn_proposal_cannot_be_edited(login, vendor, proposal):
    factories.ProposalService().withdraw(proposal)

    response = login(vendor).get(url("proposal-update", pk=proposal.pk), follow=True)

    assert "This proposal can no longer be edited." in response.text


IN_THE_PAST = timezone.localdate() - datetime.timedelta(days=1)


def one_item(**fields):
    return [milestone(items=[item(**fields)])]


#: Bad input on the proposal page -> (milestones, other fields, error shown).
BAD_INPUT = {
    "quantity 0": (one_item(quantity="0"), {}, "greater than or equal to 1."),
    "quantity too large": (
        one_item(quantity="100001"),
        {},
        "less than or equal to 100000.",
    ),
    "negative price": (one_item(unit_price="-1"), {}, "greater than or equal to 0."),
    "price too large": (
        one_item(unit_price="10000000.01"),
        {},
        "less than or equal to 10000000.",
    ),
    "price below a penny": (
        one_item(unit_price="10.123"),
        {},
        "no more than 2 decimal places.",
    ),
    "tax rate above 100": (
        one_item(tax_rate="100.5"),
        {},
        "less than or equal to 100.",
    ),
    "negative tax rate": (one_item(tax_rate="-5"), {}, "greater than or equal to 0."),
    "milestone without items": (
        [milestone(), milestone("Empty", items=[item(DELETE=True)])],
        {},
        "Milestone 2 has no items.",
    ),
    "no milestones": ([], {}, "A proposal needs at least one milestone."),
    "too many milestones": (
        [milestone()] * 51,
        {},
        "A proposal can have at most 50 milestones.",
    ),
    "too many items": (
        [milestone(items=[item()] * 101)],
        {},
        "A milestone can have at most 100 items.",
    ),
    "cover letter too long": (
        [milestone()],
        {"cover_letter": "x" * 10001},
        "at most 10000 characters",
    ),
    "description too long": (
        one_item(description="x" * 256),
        {},
        "at most 255 characters",
    ),
    "due date in the past": (
        [milestone(due_date=IN_THE_PAST)],
        {},
        "The due date cannot be in the past.",
    ),
    "milestone too expensive": (
        [milestone(items=[item(quantity="1", unit_price="6000000", tax_rate="0")] * 2)],
        {},
        "Milestone 1 costs £12,000,000.00, more than the £10,000,000.00 allowed.",
    ),
}


@pytest.mark.parametrize(
    "milestones, fields, message", BAD_INPUT.values(), ids=BAD_INPUT.keys()
)
def test_bad_proposal_input_is_refused_and_nothing_is_saved(
    login, vendor, project, milestones, fields, message
):
    before = counts()

    response = login(vendor).post(
        url("proposal-create", project_pk=project.pk),
        proposal_form_data(milestones, submit=True, **fields),
    )

    assert response.status_code == 200
    assert message in response.text
    assert "The proposal was not saved" in response.text
    assert counts() == before


def test_bad_input_on_edit_changes_nothing(login, vendor, proposal):
    client = login(vendor)
    data = page_data(client.get(url("proposal-update", pk=proposal.pk)))
    data["milestones-0-items-0-quantity"] = "0"
    data["milestones-1-title"] = "Renamed"
    before = counts()

    response = client.post(url("proposal-update", pk=proposal.pk), data)

    assert "greater than or equal to 1" in response.text
    assert counts() == before
    assert not Milestone.objects.filter(title="Renamed").exists()


def test_project_past_its_deadline_takes_no_proposal(login, vendor, project):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    type(project).objects.filter(pk=project.pk).update(bidding_deadline=yesterday)

    response = login(vendor).post(
        url("proposal-create", project_pk=project.pk), proposal_form_data(), follow=True
    )

    assert "This project no longer takes proposals." in response.text
    assert counts() == (0, 0, 0)


def test_refusal_by_the_service_is_shown_and_saves_nothing(login, vendor, proposal):
    before = counts()

    response = login(vendor).post(
        url("proposal-create", project_pk=proposal.project_id), proposal_form_data()
    )

    assert response.status_code == 200
    assert "Your company has already answered this project." in response.text
    assert counts() == before


def test_vendor_sees_only_own_proposals_in_manage_proposals(
    login, vendor, other_vendor, customer
):
    own = factories.make_proposal(
        factories.make_project(customer, title="Mine"), vendor
    )
    factories.make_proposal(
        factories.make_project(customer, title="Theirs"), other_vendor
    )

    response = login(vendor).get(url("proposal-list"))

    assert list(response.context["proposals"]) == [own]
    assert "Theirs" not in response.text


def test_staff_sees_all_proposals_and_filters_by_vendor(
    login, staff, vendor, other_vendor, customer
):
    own = factories.make_proposal(factories.make_project(customer), vendor)
    theirs = factories.make_proposal(factories.make_project(customer), other_vendor)
    client = login(staff)

    everything = client.get(url("proposal-list")).context["proposals"]
    filtered = client.get(
        url("proposal-list"), {"partner": other_vendor.partners.get().pk}
    ).context["proposals"]

    assert set(everything) == {own, theirs}
    assert list(filtered) == [theirs]


def test_manage_proposals_searches_project_title_and_proposal_number(
    login, vendor, customer
):
    kitchen = factories.make_proposal(
        factories.make_project(customer, title="Kitchen refit"), vendor
    )
    garden = factories.make_proposal(
        factories.make_project(customer, title="Garden shed"), vendor
    )
    client = login(vendor)

    def found(query):
        return list(client.get(url("proposal-list"), {"q": query}).context["proposals"])

    assert found("kitchen") == [kitchen]
    assert found(f"#{garden.pk}") == [garden]


def test_manage_proposals_filters_by_status(login, vendor, customer):
    draft = factories.make_proposal(
        factories.make_project(customer), vendor, submit=False
    )
    factories.make_proposal(factories.make_project(customer), vendor)

    response = login(vendor).get(url("proposal-list"), {"status": "draft"})

    assert list(response.context["proposals"]) == [draft]


@pytest.mark.parametrize(
    "method, name",
    [("get", "proposal-detail")]
    + [
        (method, name)
        for name in ("proposal-update", "proposal-submit", "proposal-withdraw")
        for method in ("get", "post")
    ],
)
def test_other_vendors_proposal_is_not_found(
    login, other_vendor, proposal, method, name
):
    before = Proposal.objects.values_list("status", "date_updated").get()

    response = getattr(login(other_vendor), method)(url(name, pk=proposal.pk))

    assert response.status_code == 404
    assert Proposal.objects.values_list("status", "date_updated").get() == before


def test_customer_is_refused_by_the_dashboard(login, customer, proposal):
    response = login(customer).get(url("proposal-detail", pk=proposal.pk))

    assert response.status_code == 403


def test_anonymous_user_is_sent_to_the_dashboard_login(client, proposal):
    response = client.get(url("proposal-list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("dashboard:login"))


def test_staff_sees_any_proposal(login, staff, proposal):
    response = login(staff).get(url("proposal-detail", pk=proposal.pk))

    assert response.status_code == 200
    assert "Vendor One" in response.text


def test_proposal_detail_shows_milestone_section_and_breadcrumbs(
    login, vendor, proposal
):
    response = login(vendor).get(url("proposal-detail", pk=proposal.pk))

    html = response.text
    for text in ("Work item 2.2", "Stage 2", "<th>Invoice</th>", "<th>Order</th>"):
        assert text in html
    crumbs = html[html.index('<ol class="breadcrumb">') :]
    crumbs = crumbs[: crumbs.index("</ol>")]
    trail = [
        "Dashboard",
        "Marketplace Management",
        "Bidding Management",
        "Manage Proposals",
        f"Proposal #{proposal.pk}",
    ]
    positions = [crumbs.index(label) for label in trail]
    assert positions == sorted(positions)


def test_customer_html_is_escaped_on_proposal_pages(login, customer, vendor):
    project = factories.make_project(
        customer, title="<script>alert(1)</script>", description="<b>bold</b>"
    )
    proposal = factories.make_proposal(project, vendor)
    client = login(vendor)

    for page in (
        url("proposal-detail", pk=proposal.pk),
        url("proposal-update", pk=proposal.pk),
        url("proposal-list"),
        url("proposal-withdraw", pk=proposal.pk),
    ):
        html = client.get(page).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in client.get(url("proposal-update", pk=proposal.pk)).text


def queries_on(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_manage_proposals_queries_do_not_grow_with_rows(
    login, vendor, customer, settings
):
    settings.OSCAR_BIDDING_DASHBOARD_ITEMS_PER_PAGE = 100
    client = login(vendor)
    factories.make_proposal(factories.make_project(customer), vendor, 1, 1)
    one = queries_on(client, url("proposal-list"))
    for _ in range(49):
        factories.make_proposal(factories.make_project(customer), vendor, 1, 1)

    fifty = queries_on(client, url("proposal-list"))

    assert len(client.get(url("proposal-list")).context["proposals"]) == 50
    assert fifty == one


def test_proposal_detail_queries_do_not_grow_with_milestones(login, vendor, customer):
    client = login(vendor)
    small, large = (
        factories.ProposalService().create(
            factories.make_project(customer),
            vendor.partners.get(),
            vendor,
            factories.milestone_specs(milestones, 2),
        )
        for milestones in (1, 50)
    )

    one = queries_on(client, url("proposal-detail", pk=small.pk))
    fifty = queries_on(client, url("proposal-detail", pk=large.pk))

    assert fifty == one
