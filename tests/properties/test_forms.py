"""Every form answers whatever is posted without a server error, and a form
that is not valid saves nothing.

Arbitrary strings and numbers, with the values that break parsers (NUL bytes,
NaN, huge exponents, impossible dates, forged formset counts), are posted into
the real views with the test client, as the logged-in user they belong to.
"""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import event, given
from hypothesis import strategies as st

from tests import factories
from tests.properties import rolled_back

TODAY = timezone.localdate()

#: Values that have broken form fields and databases before.
NASTY = [
    "",
    " ",
    "\x00",
    "0",
    "-0",
    "-1",
    "0.001",
    "1e400",
    "-1E-400",
    "NaN",
    "sNaN",
    "-Infinity",
    "9" * 40,
    "1,5",
    "\uff11\uff12",  # full-width digits
    "2024-02-30",
    "0000-00-00",
    "10000-01-01",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]


def mostly(valid):
    """Valid values most of the time, so that some examples save; else anything."""
    anything = st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=400),
        st.integers(-(10**20), 10**20).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(str),
    )
    return st.one_of(valid, valid, valid, anything)


def amounts(most):
    return st.decimals(0, most, places=2).map(str)


text = mostly(st.text(min_size=1, max_size=200))
future = mostly(st.dates(TODAY, TODAY + datetime.timedelta(days=400)).map(str))
count = mostly(st.integers(0, 3).map(str))
flag = st.sampled_from(["on", "1", ""])


def form(required, **optional):
    """A form's fields: the required ones always posted, the others maybe."""
    return st.fixed_dictionaries(required, optional=optional)


project_data = form(
    {"title": text, "description": text, "bidding_deadline": future},
    budget=mostly(amounts(10**6)),
    category=count,
)


@st.composite
def rows(draw, prefix, row, children=None):
    """A formset's rows (one at least: "none" is in the lying counts), whose
    management counts may lie."""
    forms = draw(st.lists(row, min_size=1, max_size=3))
    data = {
        f"{prefix}-TOTAL_FORMS": draw(mostly(st.just(str(len(forms))))),
        f"{prefix}-INITIAL_FORMS": draw(mostly(st.just("0"))),
    }
    for index, fields in enumerate(forms):
        data.update({f"{prefix}-{index}-{name}": v for name, v in fields.items()})
        if children:
            data.update(draw(children(f"{prefix}-{index}")))
    return data


def items(prefix):
    item = form(
        {
            "description": text,
            "quantity": mostly(st.integers(1, 1000).map(str)),
            "unit_price": mostly(amounts(10**4)),
            "tax_rate": mostly(amounts(100)),
        },
        DELETE=flag,
    )
    return rows(f"{prefix}-items", item)


@st.composite
def proposal_data(draw):
    data = draw(
        form(
            {},
            cover_letter=text,
            delivery_days=mostly(st.integers(1, 400).map(str)),
            submit_proposal=flag,
            save_draft=flag,
        )
    )
    milestone = form({"title": text}, due_date=future, DELETE=flag)
    data.update(draw(rows("milestones", milestone, children=items)))
    return data


def snapshot():
    """What the forms save: the bidding tables and the uploaded files."""
    rows = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("bidding").get_models()
    }
    files = {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    return rows, files


def post_changes_nothing_unless_valid(client, url, data):
    """Post ``data``; says whether it was "saved" or "refused"."""
    before = snapshot()

    response = client.post(url, data)

    assert response.status_code in (200, 302)
    if response.status_code == 200:  # the form again, with its errors
        assert snapshot() == before
        return "refused"
    assert snapshot() != before
    return "saved"


@pytest.fixture
def as_user(client):
    """The client logged in as ``user``, its basket made by a first page."""

    def login(user):
        client.force_login(user)
        client.get(reverse("basket:summary"))
        return client

    return login


@pytest.mark.parametrize("view", ["create", "update"])
@given(data=project_data)
def test_project_form_never_fails_and_saves_nothing_when_invalid(
    as_user, customer, project, view, data
):
    client = as_user(customer)
    url = (
        reverse("bidding:project-create")
        if view == "create"
        else reverse("bidding:project-update", kwargs={"pk": project.pk})
    )
    with rolled_back():
        event(post_changes_nothing_unless_valid(client, url, data))


@pytest.mark.parametrize("view", ["create", "update"])
@given(data=proposal_data())
def test_proposal_form_and_milestone_formsets_never_fail_and_save_nothing_when_invalid(
    as_user, customer, vendor, proposal, view, data
):
    client = as_user(vendor)
    url = (
        reverse(
            "bidding_dashboard:proposal-create",
            kwargs={"project_pk": factories.make_project(customer).pk},
        )
        if view == "create"
        else reverse("bidding_dashboard:proposal-update", kwargs={"pk": proposal.pk})
    )
    with rolled_back():
        event(post_changes_nothing_unless_valid(client, url, data))


#: "Generate milestones" and "Add milestone (item)" post the whole page with
#: their own fields: the page comes back, nothing is saved.
page_actions = st.one_of(
    form(
        {"generate_milestones": st.just("1")},
        **{
            "generate-title": text,
            "generate-start_date": future,
            "generate-frequency": mostly(st.sampled_from(["weekly", "monthly"])),
            "generate-count": mostly(st.integers(1, 60).map(str)),
            "generate-quantity": count,
            "generate-copy_items_from": count,
            "generate-rate": count,
        },
    ),
    form(
        {
            "add_row": mostly(
                st.sampled_from(
                    ["milestones", "milestones-0-items", "milestones-9-items"]
                )
            )
        }
    ),
)


@given(data=proposal_data(), action=page_actions)
def test_generate_milestones_and_add_row_never_fail_and_never_save(
    as_user, customer, vendor, proposal, data, action
):
    client = as_user(vendor)
    url = reverse("bidding_dashboard:proposal-update", kwargs={"pk": proposal.pk})
    with rolled_back():
        assert post_changes_nothing_unless_valid(client, url, {**data, **action}) == (
            "refused"
        )


rate_data = form(
    {"name": text, "price": mostly(amounts(10**6))},
    description=text,
    rate_type=mostly(st.sampled_from(["hour", "visit", "unit", "fixed"])),
    tax_rate=mostly(amounts(100)),
)


@given(data=rate_data)
def test_rate_form_never_fails_and_saves_nothing_when_invalid(as_user, vendor, data):
    client = as_user(vendor)
    with rolled_back():
        event(
            post_changes_nothing_unless_valid(
                client, reverse("bidding_dashboard:rate-create"), data
            )
        )


@pytest.mark.parametrize("role", ["vendor", "staff"])
@given(data=st.data())
def test_decline_form_never_fails_and_saves_nothing_when_invalid(
    as_user, request, project, vendor, role, data
):
    """Staff choose the vendor they decline for; a vendor of one partner does not."""
    client = as_user(request.getfixturevalue(role))
    url = reverse(
        "bidding_dashboard:project-decline", kwargs={"project_pk": project.pk}
    )
    partner = mostly(st.just(str(vendor.partners.get().pk)))
    posted = data.draw(form({"reason": text}, partner=partner))
    with rolled_back():
        event(post_changes_nothing_unless_valid(client, url, posted))


def valid_project_data():
    return {
        "title": "Kitchen refit",
        "description": "New cabinets.",
        "budget": "4000",
        "bidding_deadline": str(factories.IN_A_MONTH),
    }


@pytest.mark.parametrize("view", ["project", "proposal"])
def test_every_nasty_value_in_every_field_is_refused_or_saved_never_fails(
    as_user, customer, vendor, view
):
    """The values that break parsers, each in turn in every field of a valid
    form: a sweep that does not depend on the examples drawn above."""
    if view == "project":
        client, valid = as_user(customer), valid_project_data()
        url = reverse("bidding:project-create")
    else:
        client, valid = as_user(vendor), factories.proposal_form_data()
        project = factories.make_project(customer)
        url = reverse(
            "bidding_dashboard:proposal-create", kwargs={"project_pk": project.pk}
        )
    for name in valid:
        for value in NASTY:
            with rolled_back():
                post_changes_nothing_unless_valid(client, url, {**valid, name: value})


page = mostly(st.integers(1, 3).map(str))
SEARCHES = {
    "bidding:project-list": form(
        {},
        q=text,
        status=mostly(st.sampled_from(["open", "awarded", "closed"])),
        archived=mostly(st.just("1")),
        page=page,
    ),
    "bidding_dashboard:project-list": form({}, q=text, page=page),
    "bidding_dashboard:proposal-list": form(
        {},
        q=text,
        status=mostly(st.sampled_from(["draft", "submitted"])),
        partner=count,
        page=page,
    ),
}


@pytest.mark.parametrize(
    "name,role",
    [
        ("bidding:project-list", "customer"),
        ("bidding_dashboard:project-list", "vendor"),
        ("bidding_dashboard:proposal-list", "vendor"),
        ("bidding_dashboard:proposal-list", "staff"),
    ],
)
@given(data=st.data())
def test_search_forms_never_fail(as_user, request, proposal, name, role, data):
    client = as_user(request.getfixturevalue(role))
    query = data.draw(SEARCHES[name])
    before = snapshot()

    response = client.get(reverse(name), query)

    # A page number past the end, or no number at all, is not found.
    assert response.status_code == 200 or (
        response.status_code == 404 and "page" in query
    )
    assert snapshot() == before
