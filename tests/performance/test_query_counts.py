"""Every page of the flow runs as many queries for 1, 10 or 50 rows, and
paying a milestone costs a fixed, small number of queries.

The measurements are :mod:`bench.queries`' (``make bench`` prints them as
table 1 of docs/benchmarks.md); here they are asserted.
"""

import pytest

from bench import queries

#: Plain Oscar pages, measured beside ours for reference: not ours to assert.
PLAIN_OSCAR = {
    queries.plain_checkout_preview,
    queries.plain_place_order,
    queries.plain_order_detail,
}


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(page, id=page.name)
        for page in queries.PAGES
        if page.prepare not in PLAIN_OSCAR
    ],
)
def test_page_runs_the_same_queries_for_1_10_or_50_rows(page):
    one, ten, fifty = queries.counts(page)

    assert one == ten == fifty


@pytest.mark.parametrize("items", [1, 10, 50])
def test_placing_a_milestone_order_takes_at_most_50_queries(items):
    queries.capture(queries.place_order, 1)

    assert queries.count(queries.place_order, items) <= queries.PLACE_ORDER_TARGET


@pytest.mark.parametrize("items", [1, 50])
def test_pay_takes_at_most_12_queries(items):
    queries.capture(queries.pay, 1)

    assert queries.count(queries.pay, items) <= queries.PAY_TARGET


def test_comparing_2_or_50_proposals_runs_the_same_queries():
    queries.capture(queries.compare_proposals, 2)

    two = queries.count(queries.compare_proposals, 2)
    fifty = queries.count(queries.compare_proposals, 50)

    assert two == fifty
