"""A shop that forks ``bidding`` as docs/customisation.rst says: its fork holds
one module, every other class and the package's templates and commands still
load, and ``manage.py check`` says nothing; each missing step has its message."""

import json

import pytest

from tests.install import (
    build_shop,
    check_ids,
    fork_snippets,
    install_section_snippets,
    run_in_shop,
)


def forked_shop(root, *undo):
    build_shop(root, [*install_section_snippets(), *fork_snippets(), *undo])
    return root


def test_the_docs_fork_changes_one_class_and_inherits_the_rest(tmp_path):
    shop = forked_shop(tmp_path)
    result = run_in_shop(
        shop,
        """
        import json
        from django.core.management import call_command, get_commands
        from django.template.loader import get_template
        from django.urls import reverse
        from oscar.core.loading import get_class

        call_command("check", fail_level="WARNING")
        print(json.dumps({
            "changed": get_class(
                "bidding.services.proposals", "ProposalService"
            ).__module__,
            "view's service": get_class("bidding.views", "ProposalAcceptView")
            .service_class.__module__,
            "inherited": [
                get_class("bidding.services.payments", "MilestonePaymentService")
                .__module__,
                get_class("bidding.views", "ProposalDetailView").__module__,
                get_class("bidding_dashboard.views", "ProposalListView").__module__,
            ],
            "template": get_template("oscar_bidding/proposal_detail.html")
            .origin.name.split("site-packages/")[-1].split("/oscar_bidding/", 1)[-1],
            "command": get_commands()["bidding_relay_outbox"],
            "url": reverse("bidding:project-list"),
        }))
        """,
    )

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["changed"] == "yourproject.bidding.services.proposals"
    # The package's view, not copied, calls the fork's service.
    assert found["view's service"] == "yourproject.bidding.services.proposals"
    assert found["inherited"] == [
        "oscar_bidding.services.payments",
        "oscar_bidding.views.proposals",
        "oscar_bidding.dashboard.views.proposals",
    ]
    assert found["template"] == "templates/oscar_bidding/proposal_detail.html"
    assert found["command"] == "oscar_bidding"
    assert found["url"] == "/en-gb/projects/"


@pytest.mark.parametrize(
    "undo, messages",
    [
        pytest.param(
            'INSTALLED_APPS.remove("oscar_bidding.apps.BiddingResourcesConfig")',
            ["oscar_bidding.E701", "oscar_bidding.W006"],  # and no project index
            id="resources-app-missing",
        ),
        pytest.param(
            'del MIGRATION_MODULES["bidding_resources"]',
            ["oscar_bidding.E702"],
            id="migrations-run-twice",
        ),
    ],
)
def test_a_fork_that_missed_a_step_is_told(tmp_path, undo, messages):
    shop = forked_shop(tmp_path, f"# settings.py, at the end\n{undo}\n")
    assert check_ids(shop) == messages
