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


def test_staff_read_a_delivery_and_its_files_in_the_admin(
    customer, vendor, staff, login
):
    from oscar.core.loading import get_class

    from tests.checkout import pay_milestone

    proposal = factories.ProposalService().accept(
        factories.make_proposal(factories.make_project(customer), vendor)
    )
    milestone = proposal.milestones.get(number=1)
    pay_milestone(milestone, customer)
    report = SimpleUploadedFile("report.txt", b"Fitted.", content_type="text/plain")
    get_class("bidding.services.milestones", "MilestoneService")().deliver(
        milestone, "Fitted.", files=[report], user=vendor
    )
    delivery = milestone.deliveries.get()
    client = login(staff)

    assert (
        client.get(reverse("admin:bidding_milestonedelivery_changelist")).status_code
        == 200
    )
    page = client.get(
        reverse("admin:bidding_milestonedelivery_change", args=[delivery.pk])
    )
    assert page.status_code == 200
    assert "report.txt" in page.text
    milestone_page = client.get(
        reverse("admin:bidding_milestone_change", args=[milestone.pk])
    )
    assert milestone_page.status_code == 200
    assert (
        client.post(
            reverse("admin:bidding_milestonedelivery_delete", args=[delivery.pk]),
            {"post": "yes"},
        ).status_code
        == 403
    )
