"""The docs name every setting and e-mail of bid notices and digests, and
each e-mail has its templates and its event type."""

from pathlib import Path

import pytest
from django.template.loader import get_template
from oscar.core.loading import get_model

from oscar_bidding import defaults, notifications

DOCS = Path(__file__).resolve().parents[2] / "docs"
SETTINGS = [
    "OSCAR_BIDDING_BID_NOTICES",
    "OSCAR_BIDDING_PROPOSAL_EMAILS",
    "OSCAR_BIDDING_NEW_PROJECT_EMAILS",
]
EVENTS = [
    notifications.PROPOSAL_UNDERCUT,
    notifications.PROPOSAL_DIGEST,
    notifications.PROJECT_POSTED,
    notifications.PROJECT_DIGEST,
]


@pytest.mark.parametrize("name", SETTINGS)
def test_each_setting_has_a_default_and_is_documented(name):
    assert hasattr(defaults, name)
    assert f"``{name}``\n   Default:" in (DOCS / "settings.rst").read_text()


@pytest.mark.parametrize("code", EVENTS)
def test_each_email_is_documented_registered_and_has_its_templates(code):
    assert f"``{code}``" in (DOCS / "concepts.rst").read_text()
    assert (
        get_model("communication", "CommunicationEventType")
        .objects.filter(code=code)
        .exists()
    )
    for part in ("subject.txt", "body.txt", "body.html"):
        get_template(f"oscar/communication/emails/commtype_{code.lower()}_{part}")


def test_the_digest_command_and_task_are_documented():
    installation = (DOCS / "installation.rst").read_text()
    assert "bidding_send_digests" in installation
    assert "oscar_bidding.tasks.send_digests" in installation
