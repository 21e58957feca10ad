"""What each line of a milestone order paid: which milestone, and its items.

Checkout creates an order's lines in the order of its invoice's lines
(milestone number, then item position). Orders placed since 0.3 have one line
per milestone, with the milestone's items shown under it from the invoice;
older ones have a line per milestone item.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PaidItem:
    """A milestone item as the invoice recorded it when the order was placed."""

    description: str
    quantity: int
    unit_price: Decimal
    tax: Decimal
    price_incl_tax: Decimal

    @classmethod
    def from_invoice_line(cls, line):
        return cls(
            description=line["description"],
            quantity=line["quantity"],
            unit_price=Decimal(line["unit_price"]),
            tax=Decimal(line["tax"]),
            price_incl_tax=Decimal(line["total_incl_tax"]),
        )


def lines_by_milestone(lines, invoice):
    """``(order line, milestone number)`` for each of ``lines`` (the order's,
    in pk order)."""
    numbers = [invoice_line["milestone"] for invoice_line in invoice.lines]
    if len(lines) != len(numbers):  # one line per milestone
        numbers = list(dict.fromkeys(numbers))
    return list(zip(lines, numbers, strict=True))


def lines_with_items(lines, invoice):
    """``(order line, items)`` for each of ``lines``: the items of its
    milestone, or none for an older order's line of a single item."""
    items = {}
    for invoice_line in invoice.lines:
        items.setdefault(invoice_line["milestone"], []).append(
            PaidItem.from_invoice_line(invoice_line)
        )
    pairs = lines_by_milestone(lines, invoice)
    if len(pairs) == len(invoice.lines) and len(items) != len(pairs):
        return [(line, []) for line, _number in pairs]
    return [(line, items[number]) for line, number in pairs]
