"""Shop staff find every marketplace object in the Django admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories


@pytest.fixture
def objects(customer, vendor):
    project = factories.make_project(
        customer,
        attachments=[
            SimpleUploadedFile("plan.txt", b"plan", content_type="text/plain")
        ],
    )
    proposal = factories.make_proposal(project, vendor)
    return {
        "project": project,
        "proposal": proposal,
        "milestone": proposal.milestones.get(number=1),
    }


@pytest.mark.parametrize("model", ["project", "proposal", "milestone"])
def test_superuser_opens_the_admin_changelist(model, objects, staff, login):
    response = login(staff).get(reverse(f"admin:bidding_{model}_changelist"))

    assert response.status_code == 200
    assert objects[model] in response.context["cl"].result_list


@pytest.mark.parametrize("model", ["project", "proposal", "milestone"])
def test_superuser_opens_the_admin_change_page(model, objects, staff, login):
    url = reverse(f"admin:bidding_{model}_change", args=[objects[model].pk])

    response = login(staff).get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("model", ["project", "proposal", "milestone"])
def test_admin_cannot_change_a_status_behind_the_services(model, objects, staff, login):
    url = reverse(f"admin:bidding_{model}_change", args=[objects[model].pk])

    form = login(staff).get(url).context["adminform"].form

    assert "status" not in form.fields
    assert "amount_incl_tax" not in form.fields


@pytest.mark.parametrize(
    "model, owners",
    [
        ("project", {"customer"}),
        ("proposal", {"project", "partner", "author"}),
        ("milestone", {"proposal", "sub_vendor"}),
    ],
)
def test_admin_cannot_repoint_an_object_to_another_owner(
    model, owners, objects, staff, login
):
    url = reverse(f"admin:bidding_{model}_change", args=[objects[model].pk])

    form = login(staff).get(url).context["adminform"].form

    assert not owners & set(form.fields)


@pytest.mark.parametrize("model", ["basket", "line", "lineattribute"])
def test_basket_fork_keeps_oscars_basket_admin(model, staff, login):
    response = login(staff).get(reverse(f"admin:basket_{model}_changelist"))

    assert response.status_code == 200
