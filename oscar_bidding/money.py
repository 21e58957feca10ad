"""Rounding money to the decimals of its currency."""

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
