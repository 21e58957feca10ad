"""Money: rounding to the decimals of a currency, and the amounts of milestone
items, milestones and proposals.

:func:`line_amounts` is the one rule for what a milestone item costs; the
proposal service stores what it returns and the dashboard's proposal form
previews the same figures, so that what the vendor reads is what is saved.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision


def decimals(currency):
    """Decimal places of ``currency`` (2 for EUR, 0 for JPY), at most the 2 we store."""
    return min(get_currency_precision(currency), 2)


def quantize(amount, currency):
    return Decimal(amount).quantize(
        Decimal(1).scaleb(-decimals(currency)), ROUND_HALF_UP
    )


def tax(price_excl_tax, rate, currency):
    return quantize(price_excl_tax * rate, currency)


@dataclass(frozen=True)
class Amounts:
    """Excluding tax and tax; add them up with ``+`` or :func:`total`."""

    excl_tax: Decimal = Decimal("0.00")
    tax: Decimal = Decimal("0.00")

    @property
    def incl_tax(self):
        return self.excl_tax + self.tax

    def __add__(self, other):
        return Amounts(self.excl_tax + other.excl_tax, self.tax + other.tax)


def line_amounts(quantity, unit_price, tax_rate, currency):
    """What one milestone item costs. Tax is rounded per unit, half up, so that
    Oscar's basket lines (unit price x quantity) add up to the milestone exactly."""
    return Amounts(
        excl_tax=quantity * unit_price,
        tax=quantity * tax(unit_price, tax_rate, currency),
    )


def total(amounts):
    """The sum of several :class:`Amounts` (a milestone's items, a proposal's
    milestones)."""
    result = Amounts()
    for amount in amounts:
        result = result + amount
    return result
