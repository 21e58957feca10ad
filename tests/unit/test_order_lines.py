"""Which milestone each order line paid, in orders placed before and since one
line per milestone."""

from decimal import Decimal
from types import SimpleNamespace

from oscar_bidding.order_lines import PaidItem, lines_by_milestone, lines_with_items


def invoice(*items):
    """An invoice whose stored lines are ``(milestone number, description)``."""
    return SimpleNamespace(
        lines=[
            {
                "milestone": number,
                "description": description,
                "quantity": 2,
                "unit_price": "10.00",
                "tax": "4.00",
                "total_incl_tax": "24.00",
            }
            for number, description in items
        ]
    )


PAID = invoice((1, "Tiles"), (1, "Grout"), (2, "Paint"))


def item(description):
    return PaidItem(description, 2, Decimal("10.00"), Decimal("4.00"), Decimal("24.00"))


def test_one_line_per_milestone_carries_the_milestones_items():
    lines = ["line 1", "line 2"]

    assert lines_by_milestone(lines, PAID) == [("line 1", 1), ("line 2", 2)]
    assert lines_with_items(lines, PAID) == [
        ("line 1", [item("Tiles"), item("Grout")]),
        ("line 2", [item("Paint")]),
    ]


def test_an_older_order_has_a_line_per_item_and_nothing_under_it():
    lines = ["tiles", "grout", "paint"]

    assert lines_by_milestone(lines, PAID) == [("tiles", 1), ("grout", 1), ("paint", 2)]
    assert lines_with_items(lines, PAID) == [
        ("tiles", []),
        ("grout", []),
        ("paint", []),
    ]


def test_milestones_of_one_item_each_read_alike_either_way():
    paid = invoice((1, "Tiles"), (2, "Paint"))

    assert lines_with_items(["a", "b"], paid) == [
        ("a", [item("Tiles")]),
        ("b", [item("Paint")]),
    ]
