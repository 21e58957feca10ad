"""Bid notices "lowest" cost no query per row: the vendor's Open Projects (and
its search), the project page and Manage Proposals run as many queries for 1,
10 or 50 rows as with notices off."""

import pytest
from django.test import override_settings

from bench import queries

PAGES = [
    page
    for page in queries.PAGES
    if page.name
    in {
        "Open Projects",
        "Open Projects search",
        "Open Projects: project",
        "Manage Proposals: proposal",
    }
]


def test_the_pages_are_measured():
    assert len(PAGES) == 4


@pytest.mark.parametrize("notices", [None, "count", "lowest"])
@pytest.mark.parametrize("page", [pytest.param(p, id=p.name) for p in PAGES])
def test_page_runs_the_same_queries_for_1_10_or_50_rows(page, notices):
    with override_settings(OSCAR_BIDDING_BID_NOTICES=notices):
        one, ten, fifty = queries.counts(page)

    assert one == ten == fifty
