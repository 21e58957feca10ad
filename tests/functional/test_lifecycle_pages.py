"""What the pages make of the lifecycle: the timeline, actions offered only
when the object allows them, a payment due said where the customer looks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from oscar_bidding import lifecycle
from tests import factories
from tests.checkout import pay_milestone

Project = get_model("bidding", "Project")
Proposal = get_model("bidding", "Proposal")
Milestone = get_model("bidding", "Milestone")
StatusChange = get_model("bidding", "StatusChange")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def complete_url(project):
    return reverse("bidding:project-complete", kwargs={"pk": project.pk})


# Timeline -------------------------------------------------------------------


def test_proposal_details_show_the_timeline_by_role(
    login, customer, vendor, accepted_proposal
):
    content = page(login(customer), accepted_proposal.get_absolute_url())

    assert 'id="timeline-heading"' in content
    assert "created as Draft" not in content  # the vendor's drafting is theirs
    assert "Draft → Submitted" in content
    assert "Submitted → Accepted" in content
    assert "Pending → Ready to pay" in content
    assert "The proposal was accepted." in content
    assert vendor.email not in content  # the customer sees roles, not people


def test_dashboard_proposal_page_shows_the_timeline_with_names(
    login, customer, vendor, staff, accepted_proposal
):
    first = accepted_proposal.milestones.get(number=1)
    pay_milestone(first, customer)
    factories.complete_milestone(first, user=vendor)

    for user in (vendor, staff):
        content = page(login(user), accepted_proposal.get_dashboard_url())
        assert "Timeline" in content
        assert "Paid → Delivered" in content
        assert "Delivered → Completed" in content
        assert f"Vendor: {vendor.get_full_name() or vendor.email}" in content


def test_admin_shows_the_status_changes_read_only(login, staff, accepted_proposal):
    staff.is_superuser = True
    staff.save()
    client = login(staff)
    change = StatusChange.objects.filter(proposal=accepted_proposal).first()

    assert (
        client.get(reverse("admin:bidding_statuschange_changelist")).status_code == 200
    )
    assert (
        client.get(
            reverse("admin:bidding_statuschange_change", args=[change.pk])
        ).status_code
        == 200
    )
    assert client.get(reverse("admin:bidding_statuschange_add")).status_code == 403
    response = client.post(
        reverse("admin:bidding_statuschange_delete", args=[change.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert StatusChange.objects.filter(pk=change.pk).exists()


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("dashboard", [False, True], ids=["customer", "vendor"])
def test_the_timeline_costs_the_same_queries_however_long(
    dashboard, login, customer, vendor, accepted_proposal
):
    client = login(vendor if dashboard else customer)
    url = (
        accepted_proposal.get_dashboard_url()
        if dashboard
        else accepted_proposal.get_absolute_url()
    )
    queries_of(client, url)  # warm caches (site, content types)
    short = queries_of(client, url)
    milestone = accepted_proposal.milestones.get(number=2)
    StatusChange.objects.bulk_create(
        StatusChange(
            subject="milestone",
            milestone=milestone,
            proposal=accepted_proposal,
            user=vendor,
            role=lifecycle.VENDOR,
            old_status="pending",
            new_status="pending",
            note=f"Note {n}",
        )
        for n in range(50)
    )

    assert queries_of(client, url) == short


# Contradictions gone ---------------------------------------------------------


def test_an_awarded_project_with_unpaid_milestones_offers_no_completion(
    login, customer, accepted_proposal
):
    project = accepted_proposal.project
    client = login(customer)

    assert complete_url(project) not in page(client, project.get_absolute_url())
    response = client.post(complete_url(project), follow=True)

    assert "2 milestone(s) are not paid yet" in response.content.decode()
    assert Project.objects.get(pk=project.pk).status == Project.AWARDED
    assert Proposal.objects.get(pk=accepted_proposal.pk).status == Proposal.ACCEPTED
    assert "Milestone 1 (Stage 1) is ready to pay" in page(
        client, accepted_proposal.get_absolute_url()
    )


def test_a_paid_milestone_not_delivered_stops_completion_even_when_cancelling_unpaid(
    settings, login, customer, accepted_proposal
):
    settings.OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID = True
    pay_milestone(accepted_proposal.milestones.get(number=1), customer)
    project = accepted_proposal.project
    client = login(customer)

    assert complete_url(project) not in page(client, project.get_absolute_url())
    response = client.post(complete_url(project), follow=True)

    assert "paid and not yet approved" in response.content.decode()
    assert Project.objects.get(pk=project.pk).status == Project.AWARDED


def test_completing_with_unpaid_milestones_cancels_them_when_the_shop_allows_it(
    settings, login, customer, accepted_proposal
):
    settings.OSCAR_BIDDING_COMPLETE_CANCELS_UNPAID = True
    project = accepted_proposal.project
    client = login(customer)
    assert complete_url(project) in page(client, project.get_absolute_url())

    client.post(complete_url(project))

    assert Project.objects.get(pk=project.pk).status == Project.COMPLETED
    assert set(accepted_proposal.milestones.values_list("status", flat=True)) == {
        Milestone.CANCELLED
    }
    details = page(client, accepted_proposal.get_absolute_url())
    assert "is ready to pay" not in details
    assert (
        reverse(
            "bidding:milestone-pay",
            kwargs={"pk": accepted_proposal.milestones.get(number=1).pk},
        )
        not in details
    )
    assert "Not due: the project was completed without it." in details
    assert "Ready to pay → Cancelled" in details


def test_a_milestone_of_an_ended_proposal_is_never_offered_for_payment(
    login, customer, accepted_proposal
):
    """The seeded contradiction: a completed proposal with milestone 1 ready."""
    Proposal.objects.filter(pk=accepted_proposal.pk).update(status=Proposal.COMPLETED)
    milestone = accepted_proposal.milestones.get(number=1)
    pay_url = reverse("bidding:milestone-pay", kwargs={"pk": milestone.pk})
    client = login(customer)

    details = page(client, accepted_proposal.get_absolute_url())
    response = client.get(pay_url, follow=True)

    assert "is ready to pay" not in details
    assert pay_url not in details
    assert "Milestone 1 cannot be paid: the proposal is completed." in (
        response.content.decode()
    )


# The customer is told --------------------------------------------------------


def test_pending_milestones_say_how_they_become_ready(
    login, customer, accepted_proposal
):
    content = page(login(customer), accepted_proposal.get_absolute_url())

    assert "Ready to pay once the vendor marks it ready" in content


def test_with_automatic_readiness_pending_milestones_wait_for_an_approval(
    settings, login, customer, accepted_proposal
):
    settings.OSCAR_BIDDING_MILESTONE_READINESS = "automatic"
    content = page(login(customer), accepted_proposal.get_absolute_url())

    assert "Ready to pay once you approve the delivery of milestone 1." in content


def test_my_projects_and_the_project_page_say_a_payment_is_due(
    login, customer, accepted_proposal, project
):
    client = login(customer)

    listing = page(client, reverse("bidding:project-list"))
    detail = page(client, project.get_absolute_url())

    assert "Payment due" in listing
    assert "Payment due: milestone 1 (Stage 1)" in detail
    assert accepted_proposal.get_absolute_url() in detail


def test_no_payment_is_due_once_the_ready_milestone_is_paid(
    login, customer, accepted_proposal, project
):
    pay_milestone(accepted_proposal.milestones.get(number=1), customer)
    client = login(customer)

    assert "Payment due" not in page(client, reverse("bidding:project-list"))
    assert "Payment due" not in page(client, project.get_absolute_url())


# The dashboard offers what the object allows ---------------------------------


def test_dashboard_offers_deliver_only_for_a_paid_milestone_and_never_complete(
    login, customer, vendor, accepted_proposal
):
    first, second = accepted_proposal.milestones.order_by("number")
    client = login(vendor)

    def offered(name, milestone):
        url = reverse(f"bidding_dashboard:{name}", kwargs={"pk": milestone.pk})
        return url in page(client, accepted_proposal.get_dashboard_url())

    assert not offered("milestone-deliver", first)
    assert offered("milestone-ready", second)
    pay_milestone(first, customer)
    assert offered("milestone-deliver", first)
    assert not offered("milestone-deliver", second)
    assert "Mark completed" not in page(client, accepted_proposal.get_dashboard_url())


def test_dashboard_offers_submit_only_to_a_draft(login, vendor, project):
    draft = factories.make_proposal(project, vendor, submit=False)
    client = login(vendor)
    submit = reverse("bidding_dashboard:proposal-submit", kwargs={"pk": draft.pk})

    assert submit in page(client, draft.get_dashboard_url())
    factories.ProposalService().submit(draft)
    content = page(client, draft.get_dashboard_url())
    assert submit not in content
    assert reverse("bidding_dashboard:proposal-withdraw", kwargs={"pk": draft.pk}) in (
        content
    )
