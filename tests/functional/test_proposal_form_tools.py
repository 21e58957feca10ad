"""The vendor's tools in the proposal form: "Generate milestones", rows added
without JavaScript, running totals, editing without blank rows, and "Delete
draft"."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.factories import item, milestone, proposal_form_data
from tests.forms import page_data

Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
RateService = get_class("bidding.services.rates", "RateService")

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def url(name, **kwargs):
    return reverse(f"bidding_dashboard:{name}", kwargs=kwargs)


@pytest.fixture
def rate(vendor):
    return RateService().create(
        vendor.partners.get(),
        "GBP",
        name="Cleaning",
        rate_type="visit",
        price=Decimal("30.00"),
        tax_rate=Decimal("0.2"),
    )


def generate(data, **fields):
    return {
        **data,
        "generate_milestones": "1",
        "generate-title": "Cleaning",
        "generate-start_date": str(TOMORROW),
        "generate-frequency": "weekly",
        "generate-count": "3",
        "generate-quantity": "2",
        **{f"generate-{name}": value for name, value in fields.items()},
    }


def milestone_rows(response):
    formset = response.context["formset"]
    formset.is_valid()
    return formset.live_forms()


# Generate milestones -----------------------------------------------------------


def test_generate_milestones_from_a_rate_adds_them_to_the_form_unsaved(
    login, vendor, project, rate
):
    client = login(vendor)
    data = proposal_form_data([milestone("Survey", items=[item("Survey", "1", "100")])])

    response = client.post(
        url("proposal-create", project_pk=project.pk), generate(data, rate=rate.pk)
    )

    assert response.status_code == 200
    assert not Proposal.objects.exists()  # shown, not saved
    rows = milestone_rows(response)
    assert [row.cleaned_data["title"] for row in rows] == [
        "Survey",
        "Cleaning 1 of 3",
        "Cleaning 2 of 3",
        "Cleaning 3 of 3",
    ]
    assert [row.cleaned_data["due_date"] for row in rows[1:]] == [
        TOMORROW + datetime.timedelta(weeks=n) for n in range(3)
    ]
    specs = rows[1].items.specs()
    assert [(s.description, s.quantity, s.unit_price, s.tax_rate) for s in specs] == [
        ("Cleaning (per visit)", 2, Decimal("30.00"), Decimal("0.2"))
    ]

    # The vendor saves what the page shows.
    response = client.post(
        url("proposal-create", project_pk=project.pk), page_data(response)
    )

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.milestones.count() == 4
    assert proposal.amount_incl_tax == Decimal("120.00") + 3 * Decimal("72.00")


def test_generate_monthly_milestones_copying_a_milestones_items(login, vendor, project):
    start = datetime.date(timezone.localdate().year + 1, 1, 31)
    data = proposal_form_data(
        [milestone("Design", items=[item("Plans", "1", "100"), item("Survey")])]
    )

    response = login(vendor).post(
        url("proposal-create", project_pk=project.pk),
        generate(
            data,
            frequency="monthly",
            start_date=str(start),
            copy_items_from="1",
            title="Upkeep",
        ),
    )

    rows = milestone_rows(response)[1:]
    assert [row.cleaned_data["due_date"] for row in rows] == [
        start,
        start.replace(month=2, day=29 if start.year % 4 == 0 else 28),
        start.replace(month=3),
    ]
    assert [[s.description for s in row.items.specs()] for row in rows] == [
        ["Plans", "Survey"]
    ] * 3


def test_generate_without_items_or_in_the_past_is_refused(login, vendor, project):
    client = login(vendor)
    data = proposal_form_data()

    no_items = client.post(
        url("proposal-create", project_pk=project.pk), generate(data)
    )
    past = client.post(
        url("proposal-create", project_pk=project.pk),
        generate(data, copy_items_from="1", start_date="2001-01-01"),
    )
    missing = client.post(
        url("proposal-create", project_pk=project.pk),
        generate(data, copy_items_from="7"),
    )

    assert no_items.context["generate_form"].non_field_errors()
    assert past.context["generate_form"].errors["start_date"]
    assert missing.context["generate_form"].errors["copy_items_from"]
    for response in (no_items, past, missing):
        assert len(milestone_rows(response)) == 1
    assert not Proposal.objects.exists()


def test_add_milestone_and_item_without_javascript(login, vendor, proposal):
    client = login(vendor)
    page = client.get(url("proposal-update", pk=proposal.pk))
    data = page_data(page)

    with_milestone = client.post(
        url("proposal-update", pk=proposal.pk), {**data, "add_row": "milestones"}
    )
    with_item = client.post(
        url("proposal-update", pk=proposal.pk),
        {**data, "add_row": "milestones-0-items"},
    )

    added = with_milestone.context["formset"].forms[2]
    assert len(with_milestone.context["formset"].forms) == 3
    assert len(added.items.forms) == 2 and not added.items.non_form_errors()
    assert "ManagementForm" not in with_milestone.text
    assert len(with_item.context["formset"].forms[0].items.forms) == 3
    assert (
        client.post(
            url("proposal-update", pk=proposal.pk), {**data, "add_row": "bogus"}
        ).status_code
        == 200
    )
    proposal.refresh_from_db()
    assert proposal.milestones.count() == 2  # nothing saved


# Editing, totals ---------------------------------------------------------------


def test_editing_a_proposal_adds_no_blank_rows_or_phantom_milestone(
    login, vendor, proposal
):
    response = login(vendor).get(url("proposal-update", pk=proposal.pk))

    html = response.text
    assert html.count('class="card mb-3 js-milestone"') == 2 + 1  # + the <template>
    assert 'name="milestones-TOTAL_FORMS" value="2"' in html
    assert 'name="milestones-0-items-TOTAL_FORMS" value="2"' in html
    assert 'name="milestones-2-title"' not in html


def test_editing_and_saving_unchanged_keeps_the_proposal(login, vendor, proposal):
    client = login(vendor)
    before = [(m.title, m.amount_incl_tax) for m in proposal.milestones.all()]

    data = page_data(client.get(url("proposal-update", pk=proposal.pk)))
    response = client.post(url("proposal-update", pk=proposal.pk), data)

    assert response.status_code == 302
    assert [(m.title, m.amount_incl_tax) for m in proposal.milestones.all()] == before


def test_form_shows_running_totals_per_milestone_and_for_the_proposal(
    login, vendor, project
):
    data = proposal_form_data(
        [
            milestone("One", items=[item("A", "3", "0.05", "50")]),  # tax 3 x £0.03
            milestone("Two", items=[item("B", "1", "10.00", "20")]),
        ]
    )
    data["delivery_days"] = "0"  # invalid: the page comes back with its totals

    html = login(vendor).post(url("proposal-create", project_pk=project.pk), data).text

    assert "£0.15" in html and "£0.09" in html and "£0.24" in html  # milestone 1
    assert "£10.00" in html and "£2.00" in html and "£12.00" in html  # milestone 2
    assert "£10.15" in html and "£2.09" in html and "£12.24" in html  # proposal


# Delete draft ------------------------------------------------------------------


def test_draft_is_deleted_not_withdrawn(login, vendor, project):
    draft = factories.make_proposal(project, vendor, submit=False)
    client = login(vendor)

    detail = client.get(draft.get_dashboard_url()).text
    assert "Delete draft" in detail
    assert url("proposal-withdraw", pk=draft.pk) not in detail
    assert "Delete draft" in client.get(url("proposal-update", pk=draft.pk)).text
    assert client.get(url("proposal-delete", pk=draft.pk)).status_code == 200
    assert Proposal.objects.filter(pk=draft.pk).exists()

    response = client.post(url("proposal-delete", pk=draft.pk))

    assert response["Location"] == url("proposal-list")
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    assert not Milestone.objects.filter(proposal_id=draft.pk).exists()
    # The vendor may answer the project again.
    assert client.get(url("proposal-create", project_pk=project.pk)).status_code == 200


def test_submitted_proposal_is_withdrawn_not_deleted(login, vendor, proposal):
    client = login(vendor)

    detail = client.get(proposal.get_dashboard_url()).text
    response = client.post(url("proposal-delete", pk=proposal.pk), follow=True)

    assert "Withdraw" in detail and "Delete draft" not in detail
    assert Proposal.objects.filter(pk=proposal.pk).exists()
    assert "You cannot delete this proposal" in response.text


def test_other_vendors_draft_cannot_be_deleted(login, other_vendor, vendor, project):
    draft = factories.make_proposal(project, vendor, submit=False)

    response = login(other_vendor).post(url("proposal-delete", pk=draft.pk))

    assert response.status_code == 404
    assert Proposal.objects.filter(pk=draft.pk).exists()
