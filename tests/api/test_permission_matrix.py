"""Every endpoint of the API, for every kind of user, as
tests/functional/test_permission_matrix.py does for the pages.

Only the roles listed reach an object; a logged-in user who may not see it
gets a 404, anonymous requests a 403 (the shop's REST framework
authentication: session, and django-oscar-api's Session-Id header). A refused
POST changes nothing. An endpoint missing from ``MATRIX`` fails the test.
"""

import pytest
from django.urls import get_resolver, reverse

from tests.functional.test_permission_matrix import (  # noqa: F401 (the fixture)
    ROLES,
    snapshot,
    world,
)

LOGGED_IN = set(ROLES) - {"anonymous"}
VENDORS = {"vendor", "other_vendor", "staff"}
PROPOSAL_READERS = {"customer", "vendor", "staff"}

#: url name -> (the object its kwargs point at, the roles that reach it, method)
MATRIX = {
    "bidding-api-projects-list": (None, LOGGED_IN, "GET"),
    "bidding-api-projects-detail": ("project", {"customer"}, "GET"),
    "bidding-api-projects-cancel": ("project", {"customer"}, "POST"),
    "bidding-api-projects-complete": ("project", {"customer"}, "POST"),
    "bidding-api-open-projects-list": (None, LOGGED_IN, "GET"),
    "bidding-api-open-projects-detail": ("open_project", VENDORS, "GET"),
    "bidding-api-proposals-list": (None, LOGGED_IN, "GET"),
    "bidding-api-proposals-detail": ("proposal", PROPOSAL_READERS, "GET"),
    "bidding-api-proposals-versions": ("proposal", PROPOSAL_READERS, "GET"),
    "bidding-api-proposals-accept": ("proposal", {"customer"}, "POST"),
    "bidding-api-proposals-request-changes": ("proposal", {"customer"}, "POST"),
    "bidding-api-proposals-reject": ("proposal", {"customer"}, "POST"),
    "bidding-api-proposals-submit": ("proposal", {"vendor", "staff"}, "POST"),
    "bidding-api-proposals-withdraw": ("proposal", {"vendor", "staff"}, "POST"),
    "bidding-api-milestones-list": (None, LOGGED_IN, "GET"),
    "bidding-api-milestones-detail": ("milestone", PROPOSAL_READERS, "GET"),
    "bidding-api-milestones-pay": ("ready_milestone", {"customer"}, "POST"),
    "bidding-api-milestones-mark-ready": (
        "pending_milestone",
        {"vendor", "staff"},
        "POST",
    ),
    "bidding-api-milestones-deliver": (
        "delivered_milestone",
        {"vendor", "staff"},
        "POST",
    ),
    "bidding-api-milestones-approve": ("delivered_milestone", {"customer"}, "POST"),
    "bidding-api-milestones-request-revision": (
        "delivered_milestone",
        {"customer"},
        "POST",
    ),
    "bidding-api-milestones-dispute": ("delivered_milestone", {"customer"}, "POST"),
    "bidding-api-payments-list": (None, LOGGED_IN, "GET"),
    "bidding-api-payments-detail": ("payment", PROPOSAL_READERS, "GET"),
    "bidding-api-invoices-list": (None, LOGGED_IN, "GET"),
    "bidding-api-invoices-detail": ("invoice", PROPOSAL_READERS, "GET"),
    "bidding-api-invoices-pdf": ("invoice", PROPOSAL_READERS, "GET"),
    "bidding-api-timeline-list": (None, LOGGED_IN, "GET"),
    "bidding-api-timeline-detail": ("status_change", PROPOSAL_READERS, "GET"),
    # Conversations: the storefront's and the dashboard's Messaging pages.
    "bidding-api-projects-messages": ("project", {"customer"}, "GET POST"),
    "bidding-api-open-projects-messages": ("open_project", VENDORS, "GET POST"),
    "bidding-api-proposals-messages": ("proposal", PROPOSAL_READERS, "GET POST"),
    "bidding-api-message-files-list": (None, LOGGED_IN, "GET"),
    "bidding-api-message-files-detail": ("message_file", PROPOSAL_READERS, "GET"),
    "bidding-api-message-files-download": ("message_file", PROPOSAL_READERS, "GET"),
    "bidding-api-revisions-list": (None, LOGGED_IN, "GET"),
    "bidding-api-revisions-detail": ("revision", PROPOSAL_READERS, "GET"),
    # Terms: the project's (it has a terms file) as its customer and every
    # vendor read them, and those a proposal accepted.
    "bidding-api-projects-terms": ("open_project", {"customer"}, "GET"),
    "bidding-api-projects-terms-file": ("open_project", {"customer"}, "GET"),
    "bidding-api-open-projects-terms": ("open_project", VENDORS, "GET"),
    "bidding-api-open-projects-terms-file": ("open_project", VENDORS, "GET"),
    "bidding-api-proposals-terms": ("terms_proposal", PROPOSAL_READERS, "GET"),
    "bidding-api-proposals-terms-file": ("terms_proposal", PROPOSAL_READERS, "GET"),
    "bidding-api-project-types-list": (None, LOGGED_IN, "GET"),
    "bidding-api-project-types-detail": ("project_type", LOGGED_IN, "GET"),
}
#: Routed by DRF's router, not resources.
NOT_RESOURCES = {"bidding-api-schema", "api-root"}


def api_url_names():
    names = set()
    for name in get_resolver().reverse_dict:
        if isinstance(name, str) and name.startswith("bidding-api-"):
            if not name.endswith(("-root",)) and name not in NOT_RESOURCES:
                names.add(name)
    return names


def test_every_endpoint_of_the_api_is_in_the_matrix():
    assert api_url_names() == set(MATRIX)


def url_for(name, target, targets):
    if target is None:
        return reverse(name)
    obj = targets[target]
    if target == "invoice":
        return reverse(name, kwargs={"number": obj.number})
    return reverse(name, kwargs={"pk": obj.pk})


def with_status_change(targets):
    targets["status_change"] = targets["proposal"].status_changes.order_by("pk").last()
    targets["revision"] = targets["proposal"].versions.get()
    return targets


#: One case per URL, method and role: a URL may answer GET and POST.
CASES = [
    (name, method, role)
    for name in MATRIX
    for method in MATRIX[name][2].split()
    for role in ROLES
]


@pytest.mark.parametrize("name,method,role", CASES)
def test_request(api, world, name, method, role):  # noqa: F811
    users, targets = world
    target, allowed, _methods = MATRIX[name]
    if role != "anonymous":
        api.force_authenticate(users[role])
    url = url_for(name, target, with_status_change(targets))
    before = snapshot() if role not in allowed else None

    response = getattr(api, method.lower())(url, {}, format="json")

    if role in allowed:
        # 400/409: reached, and refused by the forms or the services for
        # want of input or of the right status.
        assert response.status_code in (200, 400, 409), response.status_code
    elif role == "anonymous":
        assert response.status_code == 403
        assert snapshot() == before
    else:
        assert response.status_code == 404, response.status_code
        assert snapshot() == before


#: An invite-only project of a type both vendors offer, ``vendor`` invited
#: (``tests/functional/test_permission_matrix.py``): ``other_vendor`` finds
#: nothing.
INVITE_ONLY_MATRIX = {
    "bidding-api-open-projects-detail": ("secret_project", {"vendor", "staff"}),
    "bidding-api-projects-detail": ("secret_project", {"customer"}),
}


@pytest.mark.parametrize(
    "name,role", [(name, role) for name in INVITE_ONLY_MATRIX for role in ROLES]
)
def test_invite_only_project(api, world, name, role):  # noqa: F811
    users, targets = world
    target, allowed = INVITE_ONLY_MATRIX[name]
    if role != "anonymous":
        api.force_authenticate(users[role])

    response = api.get(url_for(name, target, targets))

    if role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == (403 if role == "anonymous" else 404)


def test_an_uninvited_vendor_cannot_propose_on_an_invite_only_project(
    api,
    world,  # noqa: F811
):
    from tests.api.test_proposals import proposal_data  # noqa: PLC0415

    users, targets = world
    project = targets["secret_project"]
    before = snapshot()
    api.force_authenticate(users["other_vendor"])

    refused = api.post(
        reverse("bidding-api-proposals-list"), proposal_data(project), format="json"
    )
    listed = api.get(reverse("bidding-api-open-projects-list")).json()

    assert refused.status_code == 404
    assert snapshot() == before
    assert project.pk not in [row["id"] for row in listed["results"]]
    api.force_authenticate(users["vendor"])
    listed = api.get(reverse("bidding-api-open-projects-list")).json()
    (row,) = [row for row in listed["results"] if row["id"] == project.pk]
    assert (row["invite_only"], row["is_invited"]) == (True, True)
    accepted = api.post(
        reverse("bidding-api-proposals-list"), proposal_data(project), format="json"
    )
    assert accepted.status_code == 201, accepted.json()
