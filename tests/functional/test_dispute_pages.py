"""The Disputes pages of the dashboard: staff read open disputes (the
sub-vendors' too) and decide them in a pop-up or, without JavaScript, on a
confirmation page; bad input is shown again and changes nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests import factories
from tests.checkout import pay_milestone

Milestone = get_model("bidding", "Milestone")
MilestonePayment = get_model("bidding", "MilestonePayment")
StatusChange = get_model("bidding", "StatusChange")
MilestoneService = get_class("bidding.services.milestones", "MilestoneService")
DisputeService = get_class("bidding.services.disputes", "DisputeService")

LIST = reverse("bidding_dashboard:dispute-list")
NOTE = "Checked the photos: the work is done."


@pytest.fixture
def disputed(accepted_proposal, customer, vendor):
    milestone = accepted_proposal.milestones.get(number=1)
    pay_milestone(milestone, customer)
    report = SimpleUploadedFile("report.txt", b"report", content_type="text/plain")
    MilestoneService().deliver(milestone, "Tiles laid", files=[report], user=vendor)
    MilestoneService().dispute(milestone, "Half the tiles are cracked.", user=customer)
    return Milestone.objects.get(pk=milestone.pk)


def url(name, milestone):
    return reverse(f"bidding_dashboard:dispute-{name}", kwargs={"pk": milestone.pk})


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_staff_see_the_open_disputes_with_their_counts(login, staff, disputed):
    html = login(staff).get(LIST).text

    assert "Half the tiles are cracked." in html
    assert "Vendor One" in html
    assert "Kitchen refit" in html
    assert url("detail", disputed) in html
    assert 'data-count="open">1<' in html
    assert 'data-count="decided">0<' in html


def test_decided_disputes_leave_the_open_list_and_are_counted(login, staff, disputed):
    DisputeService().approve(disputed, staff, NOTE)
    client = login(staff)

    open_html = client.get(LIST).text
    decided_html = client.get(f"{LIST}?status=decided").text

    assert "No open dispute." in open_html
    assert 'data-count="decided">1<' in open_html
    assert url("detail", disputed) in decided_html
    assert "Completed (for the vendor, or with a partial refund): 1." in decided_html


def test_staff_see_the_disputes_of_sub_vendor_milestones(login, staff, disputed):
    crew = factories.make_vendor("crew@example.com", "Tiling Crew").partners.get()
    Milestone.objects.filter(pk=disputed.pk).update(sub_vendor=crew)

    html = login(staff).get(LIST).text
    detail = login(staff).get(url("detail", disputed)).text

    assert "Sub-vendor: Tiling Crew" in html
    assert "Tiling Crew" in detail


def test_the_dispute_page_shows_the_people_reason_timeline_and_files(
    login, staff, disputed
):
    client = login(staff)
    response = client.get(url("detail", disputed))
    html = response.text

    assert "Half the tiles are cracked." in html
    assert "Vendor One" in html
    assert disputed.proposal.project.customer.email in html
    assert disputed.proposal.get_dashboard_url() in html
    assert html.count('class="list-group-item timeline-event"') == (
        StatusChange.objects.filter(milestone=disputed).count()
    )
    file = disputed.deliveries.get().files.get()
    download = reverse("bidding:delivery-file", kwargs={"pk": file.pk})
    assert download in html
    assert client.get(download).getvalue() == b"report"
    # Each decision: a link to its page that opens a pop-up with the same form.
    for name, modal in (("approve", "dispute-approve"), ("refund", "dispute-refund")):
        assert f'href="{url(name, disputed)}"' in html
        assert f'data-target="#{modal}"' in html
        assert f'id="{modal}"' in html
        assert f'action="{url(name, disputed)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="amount"' in html and 'name="note"' in html


def test_approving_for_the_vendor_from_the_page(login, staff, disputed):
    client = login(staff)
    assert NOTE not in client.get(url("approve", disputed)).text  # the page asks

    response = client.post(url("approve", disputed), {"note": NOTE}, follow=True)

    assert Milestone.objects.get(pk=disputed.pk).status == Milestone.COMPLETED
    assert response.redirect_chain[-1][0] == url("detail", disputed)
    assert any("decided for the vendor" in m for m in messages_of(response))
    assert NOTE in response.text  # the timeline shows the decision's note
    assert 'data-target="#dispute-approve"' not in response.text


def test_a_decision_without_a_note_is_shown_again_and_changes_nothing(
    login, staff, disputed
):
    response = login(staff).post(url("approve", disputed), {"note": " "})

    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert Milestone.objects.get(pk=disputed.pk).status == Milestone.DISPUTED


def test_a_partial_refund_from_the_page(login, staff, disputed, refund_gateway):
    response = login(staff).post(
        url("refund", disputed), {"amount": "10.00", "note": NOTE}, follow=True
    )

    milestone = Milestone.objects.get(pk=disputed.pk)
    assert milestone.status == Milestone.COMPLETED
    assert milestone.payments.get().amount_refunded == Decimal("10.00")
    assert any("Part of the payment is refunded" in m for m in messages_of(response))


def test_a_full_refund_from_the_page(login, staff, disputed, refund_gateway):
    response = login(staff).post(
        url("refund", disputed),
        {"amount": str(disputed.amount_paid), "note": NOTE},
        follow=True,
    )

    assert Milestone.objects.get(pk=disputed.pk).status == Milestone.REFUNDED
    assert any("refunded in full" in m for m in messages_of(response))


@pytest.mark.parametrize(
    "amount, error",
    [
        ("0", "Refund an amount above zero."),
        ("-1", "Refund an amount above zero."),
        ("99999", "You can refund at most"),
        ("1.005", "Ensure that there are no more than 2 decimal places."),
        ("ten", "Enter a number."),
        ("", "This field is required."),
    ],
)
def test_a_bad_amount_is_shown_again_and_changes_nothing(
    login, staff, disputed, refund_gateway, amount, error
):
    response = login(staff).post(
        url("refund", disputed), {"amount": amount, "note": NOTE}
    )

    assert response.status_code == 200
    assert error in response.text
    milestone = Milestone.objects.get(pk=disputed.pk)
    assert (milestone.status, milestone.amount_paid) == (
        Milestone.DISPUTED,
        disputed.amount_paid,
    )
    assert milestone.payments.get().amount_refunded == 0
    assert refund_gateway.refunds == []


def test_a_dispute_decided_meanwhile_says_so(login, staff, disputed, refund_gateway):
    client = login(staff)
    DisputeService().approve(disputed, staff, "Someone else's decision.")

    response = client.post(
        url("refund", disputed), {"amount": "1.00", "note": NOTE}, follow=True
    )

    assert any("already decided" in m for m in messages_of(response))
    assert refund_gateway.refunds == []
    # Its confirmation page is gone too: the page says why.
    response = client.get(url("approve", disputed), follow=True)
    assert response.redirect_chain[-1][0] == url("detail", disputed)
    assert any("completed" in m for m in messages_of(response))


def test_the_gateway_refusal_is_a_message_and_the_dispute_stays_open(
    login, staff, disputed, refund_gateway
):
    refund_gateway.refuse = "Card expired"

    response = login(staff).post(
        url("refund", disputed), {"amount": "1.00", "note": NOTE}, follow=True
    )

    assert any("refused the refund: Card expired" in m for m in messages_of(response))
    assert Milestone.objects.get(pk=disputed.pk).status == Milestone.DISPUTED


@pytest.mark.parametrize("name", ["approve", "refund"])
def test_a_decision_without_the_csrf_token_is_refused(staff, disputed, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)

    response = client.post(url(name, disputed), {"amount": "1.00", "note": NOTE})

    assert response.status_code == 403
    assert Milestone.objects.get(pk=disputed.pk).status == Milestone.DISPUTED


def test_a_partial_refund_shows_its_amount_in_the_payment_history(
    client, login, staff, customer, disputed, refund_gateway
):
    DisputeService().refund(disputed, Decimal("10.00"), staff, NOTE)

    html = login(customer).get(disputed.proposal.get_absolute_url()).text

    assert "£10.00 refunded." in html
