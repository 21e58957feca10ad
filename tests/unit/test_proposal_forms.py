from decimal import Decimal

from oscar.core.loading import get_class, get_classes

from tests import factories
from tests.factories import IN_A_MONTH, item, milestone, proposal_form_data

ProposalCreateForm, MilestoneFormSet = get_classes(
    "bidding_dashboard.forms", ["ProposalCreateForm", "MilestoneFormSet"]
)
ItemSpec = get_class("bidding.services.proposals", "ItemSpec")


def bound_formset(data, currency="GBP"):
    return MilestoneFormSet(data, prefix="milestones", currency=currency)


def test_formset_builds_milestone_specs_with_tax_rate_as_fraction():
    data = proposal_form_data(
        [
            milestone("Design", items=[item("Plans", "1", "250.00", "20")]),
            milestone("Build", None, [item("Fitting", "3", "80.50", "5.5")]),
        ]
    )

    formset = bound_formset(data)

    assert formset.is_valid(), formset.errors
    design, build = formset.specs()
    assert (design.title, design.due_date) == ("Design", IN_A_MONTH)
    assert design.items == [ItemSpec("Plans", 1, Decimal("250.00"), Decimal("0.2"))]
    assert build.due_date is None
    assert build.items == [ItemSpec("Fitting", 3, Decimal("80.50"), Decimal("0.055"))]


def test_formset_leaves_out_removed_and_untouched_empty_rows():
    data = proposal_form_data(
        [
            milestone("Kept", items=[item("Kept item"), item("Gone", DELETE=True)]),
            milestone("Removed", DELETE=True),
        ]
    )
    # An extra row the vendor left as it was shown: quantity 1, default tax rate.
    data.update(
        {
            "milestones-0-items-TOTAL_FORMS": "3",
            "milestones-0-items-2-quantity": "1",
            "milestones-0-items-2-tax_rate": "0.00",
        }
    )

    formset = bound_formset(data)

    assert formset.is_valid(), formset.errors
    (kept,) = formset.specs()
    assert kept.title == "Kept"
    assert [i.description for i in kept.items] == ["Kept item"]


def test_unit_price_has_no_more_decimals_than_the_currency():
    data = proposal_form_data([milestone(items=[item(unit_price="1000.5")])])

    formset = bound_formset(data, currency="JPY")

    assert not formset.is_valid()
    errors = formset.forms[0].items.forms[0].errors
    assert errors["unit_price"] == [
        "Ensure that there are no more than 0 decimal places."
    ]


def test_milestone_with_items_but_no_title_is_an_error():
    data = proposal_form_data([milestone(title="")])

    formset = bound_formset(data)

    assert not formset.is_valid()
    assert formset.forms[0].errors["title"] == ["This field is required."]


def test_new_item_rows_propose_the_default_tax_rate(settings):
    settings.OSCAR_BIDDING_DEFAULT_TAX_RATE = Decimal("0.2")

    formset = MilestoneFormSet(prefix="milestones", currency="GBP")

    assert formset.forms[0].items.forms[0]["tax_rate"].value() == Decimal("20.00")


def test_saved_proposal_fills_the_rows_with_its_milestones(customer, vendor):
    proposal = factories.make_proposal(factories.make_project(customer), vendor)

    formset = MilestoneFormSet(
        prefix="milestones",
        initial=MilestoneFormSet.initial_for(proposal),
        currency=proposal.currency,
    )

    first = formset.forms[0]
    assert first["title"].value() == "Stage 1"
    assert first.items.forms[1]["description"].value() == "Work item 1.2"
    assert first.items.forms[1]["tax_rate"].value() == Decimal("0.00")
    # Editing pads nothing: no phantom milestone, no blank item rows.
    assert len(formset.forms) == 2
    assert [len(form.items.forms) for form in formset.forms] == [2, 2]


def test_vendor_with_one_partner_chooses_no_partner(vendor):
    form = ProposalCreateForm(proposal_form_data(), user=vendor)

    assert "partner" not in form.fields
    assert form.is_valid(), form.errors
    assert form.cleaned_data["partner"] == vendor.partners.get()


def test_vendor_with_several_partners_must_choose_one(vendor):
    first = vendor.partners.get()
    second = factories.Partner.objects.create(name="Vendor One North")
    second.users.add(vendor)

    form = ProposalCreateForm(proposal_form_data(), user=vendor)

    assert list(form.fields["partner"].queryset) == [first, second]
    assert not form.is_valid()
    assert form.errors["partner"] == ["This field is required."]


def test_user_without_partner_cannot_make_a_proposal():
    user = factories.make_vendor("lonely@example.com")
    user.partners.clear()

    form = ProposalCreateForm(proposal_form_data(), user=user)

    assert not form.is_valid()
    assert form.non_field_errors() == ["Your account is not linked to a vendor."]


def test_submit_button_asks_for_submission(vendor):
    form = ProposalCreateForm(proposal_form_data(submit=True), user=vendor)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["submit_proposal"] is True


def test_staff_may_choose_any_partner(staff, vendor, other_vendor):
    form = ProposalCreateForm(proposal_form_data(), user=staff)

    assert set(form.fields["partner"].queryset) == {
        vendor.partners.get(),
        other_vendor.partners.get(),
    }


def test_form_rounds_tax_per_unit_as_the_service_does():
    amount_incl_tax = get_class("bidding_dashboard.forms", "amount_incl_tax")

    # 3 x £0.05 at 50%: £0.03 tax per unit (£0.09), not £0.075 -> £0.08 per line.
    item = factories.ItemSpec("Screws", 3, Decimal("0.05"), Decimal("0.5"))

    assert amount_incl_tax(item, "GBP") == Decimal("0.24")
