"""``bidding_close_expired`` closes the projects whose bidding deadline passed."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from tests import factories


def run_command():
    out = StringIO()
    call_command("bidding_close_expired", stdout=out)
    return out.getvalue()


def test_command_closes_open_projects_past_their_deadline(customer):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    expired = factories.make_project(customer, bidding_deadline=yesterday)
    current = factories.make_project(customer, bidding_deadline=timezone.localdate())

    output = run_command()

    assert output.strip() == "Closed 1 expired project(s)."
    expired.refresh_from_db()
    current.refresh_from_db()
    assert expired.status == expired.CLOSED
    assert current.status == current.OPEN


def test_command_rejects_the_proposals_waiting_on_a_closed_project(project, proposal):
    project.__class__.objects.filter(pk=project.pk).update(
        bidding_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )

    run_command()

    proposal.refresh_from_db()
    assert proposal.status == proposal.REJECTED


def test_command_reports_nothing_to_close(project):
    assert run_command().strip() == "Closed 0 expired project(s)."
