"""Money adds up, whatever the vendor types: the items' totals, the milestone's
amount, the basket's total and the total of the order a real checkout places
are equal. Tax is rounded half up to the currency's decimals per unit, so that
Oscar's basket lines (unit price x quantity) add up to the milestone exactly.

The expected figures are computed here, independently of ``oscar_bidding.money``.
"""

from decimal import ROUND_HALF_UP, Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_class, get_model

from oscar_bidding.conf import setting
from tests import factories
from tests.checkout import pay
from tests.properties import examples, rolled_back

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
MilestonePaymentService = get_class(
    "bidding.services.payments", "MilestonePaymentService"
)
MilestoneSpec, ItemSpec = factories.MilestoneSpec, factories.ItemSpec

#: Decimal places of each currency tried.
CURRENCIES = {"GBP": 2, "JPY": 0}


@st.composite
def item_specs(draw, places):
    """Quantity 1 to 10,000; a unit price with 0 to ``places`` decimals, at most
    the largest amount over the quantity; a tax rate from 0 to 1 in 4 decimals."""
    quantity = draw(st.integers(1, 10_000))
    decimals = draw(st.integers(0, places))
    most = int(setting("OSCAR_BIDDING_MAX_AMOUNT") / quantity * 10**decimals)
    unit_price = Decimal(draw(st.integers(0, most))).scaleb(-decimals)
    tax_rate = Decimal(draw(st.integers(0, 10_000))).scaleb(-4)
    return ItemSpec("Work", quantity, unit_price, tax_rate)


@st.composite
def milestones(draw):
    currency = draw(st.sampled_from(sorted(CURRENCIES)))
    items = draw(st.lists(item_specs(CURRENCIES[currency]), min_size=1, max_size=6))
    return currency, items


def expected_tax(spec, places):
    with localcontext() as exact:
        exact.prec = 60
        unit_tax = (spec.unit_price * spec.tax_rate).quantize(
            Decimal(1).scaleb(-places), ROUND_HALF_UP
        )
        return spec.quantity * unit_tax


def ready_milestone(customer, vendor, currency, items):
    """The only milestone of an accepted proposal, ready to pay."""
    project = factories.make_project(customer, currency=currency)
    proposal = factories.ProposalService().create(
        project,
        vendor.partners.get(),
        vendor,
        [MilestoneSpec("Stage 1", items=items)],
        submit=True,
    )
    factories.ProposalService().accept(proposal)
    return proposal.milestones.get()


def check_amounts(milestone, currency, items):
    """The milestone's amounts are its items' totals, each tax rounded half up."""
    places = CURRENCIES[currency]
    taxes = [expected_tax(spec, places) for spec in items]
    excl_tax = sum(spec.quantity * spec.unit_price for spec in items)
    saved = list(milestone.items.order_by("position", "pk"))
    assert [item.tax for item in saved] == taxes
    assert all(tax == round(tax, places) for tax in taxes)
    assert milestone.amount_excl_tax == excl_tax
    assert milestone.amount_incl_tax == excl_tax + sum(taxes)
    assert sum(item.price_incl_tax for item in saved) == milestone.amount_incl_tax
    proposal = milestone.proposal
    assert (proposal.amount_excl_tax, proposal.amount_incl_tax) == (
        milestone.amount_excl_tax,
        milestone.amount_incl_tax,
    )


@given(milestones())
def test_items_milestone_and_basket_add_up(customer, vendor, drawn):
    currency, items = drawn
    with rolled_back():
        milestone = ready_milestone(customer, vendor, currency, items)
        check_amounts(milestone, currency, items)

        basket = Basket.objects.create(owner=customer)
        service = MilestonePaymentService()
        service.fill_basket(basket, milestone, customer)
        basket.strategy = Selector().strategy(user=customer)

        assert basket.currency == currency
        assert basket.total_excl_tax == milestone.amount_excl_tax
        assert basket.total_incl_tax == milestone.amount_incl_tax
        assert basket.total_tax == milestone.tax
        service.check_payable(basket)  # checkout finds the amount unchanged


@settings(max_examples=examples(0.2))
@given(milestones())
def test_order_of_a_real_checkout_totals_the_milestone(client, customer, vendor, drawn):
    currency, items = drawn
    with rolled_back():
        milestone = ready_milestone(customer, vendor, currency, items)

        order = pay(client, customer, milestone)

        assert order.currency == currency
        assert order.total_excl_tax == milestone.amount_excl_tax
        assert order.total_incl_tax == milestone.amount_incl_tax
        assert sum(line.line_price_incl_tax for line in order.lines.all()) == (
            milestone.amount_incl_tax
        )
        invoice = order.bidding_invoice
        assert (invoice.total_excl_tax, invoice.total_incl_tax) == (
            milestone.amount_excl_tax,
            milestone.amount_incl_tax,
        )
        assert invoice.total_tax == milestone.tax
        milestone.refresh_from_db()
        assert milestone.amount_paid == milestone.amount_incl_tax
