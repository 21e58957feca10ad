"""A shop without Celery installs the package as the docs say, minus the Celery
app: every check passes (one says cron must run the relay), and the relay
command is there to send the e-mails."""

import json

from tests.install import HEADER, build_shop, install_section_snippets, run_in_shop

CELERY_FILES = {"celery_app.py", "__init__.py"}
NO_CELERY = "import sys\nsys.modules.update(celery=None, kombu=None)\n"


def test_a_shop_without_celery_passes_every_check_and_relays_from_cron(tmp_path):
    snippets = [
        s
        for s in install_section_snippets()
        if HEADER.match(s)["file"] not in CELERY_FILES
    ]
    build_shop(tmp_path, snippets)

    result = run_in_shop(
        tmp_path,
        """
        import json
        from django.core.checks import run_checks
        from django.core.management import call_command, get_commands
        from oscar.core.loading import get_class
        from oscar_bidding.conf import uses_celery

        call_command("check", fail_level="WARNING")
        get_class("bidding.services.outbox", "OutboxService")
        print(json.dumps({
            "celery": uses_celery(),
            "messages": sorted({m.id for m in run_checks()}),
            "relay": get_commands()["bidding_relay_outbox"],
        }))
        """,
        before=NO_CELERY,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {
        "celery": False,
        "messages": ["oscar_bidding.I201"],
        "relay": "oscar_bidding",
    }
