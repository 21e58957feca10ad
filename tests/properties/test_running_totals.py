"""The proposal form's running totals are what is saved: whatever the vendor
types, the preview of each milestone and of the proposal (excl. tax, tax, incl.
tax) equals the amounts the service stores, because both come from
``oscar_bidding.money.line_amounts``."""

from decimal import Decimal

from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.properties import examples, rolled_back

Proposal = get_model("bidding", "Proposal")
MilestoneFormSet = get_class("bidding_dashboard.forms", "MilestoneFormSet")

#: Decimal places of each currency tried.
CURRENCIES = {"GBP": 2, "JPY": 0}


@st.composite
def item_rows(draw, places):
    """What a vendor types in an item row: the tax rate as a percentage with up
    to two decimals, the unit price with up to the currency's decimals (small
    enough that no milestone passes ``OSCAR_BIDDING_MAX_AMOUNT``)."""
    quantity = draw(st.integers(1, 50))
    decimals = draw(st.integers(0, places))
    unit_price = Decimal(draw(st.integers(0, 20_000))).scaleb(-decimals)
    percent = Decimal(draw(st.integers(0, 10_000))).scaleb(-2)
    return factories.item("Work", str(quantity), str(unit_price), str(percent))


@st.composite
def proposals(draw):
    currency = draw(st.sampled_from(sorted(CURRENCIES)))
    milestones = draw(
        st.lists(
            st.lists(item_rows(CURRENCIES[currency]), min_size=1, max_size=4),
            min_size=1,
            max_size=4,
        )
    )
    data = factories.proposal_form_data(
        [
            factories.milestone(f"Stage {n}", items=rows)
            for n, rows in enumerate(milestones, start=1)
        ]
    )
    return currency, data


@given(proposals())
def test_form_preview_equals_the_stored_amounts(customer, vendor, drawn):
    currency, data = drawn
    with rolled_back():
        project = factories.make_project(customer, currency=currency)
        formset = MilestoneFormSet(data, prefix="milestones", currency=currency)
        assert formset.is_valid(), formset.errors
        preview = [form.amounts() for form in formset.live_forms()]
        total = formset.amounts()

        proposal = factories.ProposalService().create(
            project, vendor.partners.get(), vendor, formset.specs()
        )

        saved = list(proposal.milestones.order_by("number"))
        assert [(p.excl_tax, p.incl_tax) for p in preview] == [
            (m.amount_excl_tax, m.amount_incl_tax) for m in saved
        ]
        assert [p.tax for p in preview] == [m.tax for m in saved]
        assert (total.excl_tax, total.tax, total.incl_tax) == (
            proposal.amount_excl_tax,
            proposal.tax,
            proposal.amount_incl_tax,
        )


@settings(max_examples=examples(0.25))
@given(proposals())
def test_page_shows_the_totals_the_proposal_is_saved_with(
    client, customer, vendor, drawn
):
    """Through the real page: the totals it shows on the way are the saved ones."""
    currency, data = drawn
    with rolled_back():
        project = factories.make_project(customer, currency=currency)
        client.force_login(vendor)
        url = reverse(
            "bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk}
        )
        shown = client.post(url, {**data, "add_row": "milestones"})
        total = shown.context["formset"].amounts()

        response = client.post(url, data)

        assert response.status_code == 302
        proposal = Proposal.objects.get(project=project)
        assert (total.excl_tax, total.incl_tax) == (
            proposal.amount_excl_tax,
            proposal.amount_incl_tax,
        )
