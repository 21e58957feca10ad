"""Place order once, as the browser whose session cookie is ``BIDDING_SESSION``,
and die with SIGKILL at the payment step ``BIDDING_CRASH_AT`` (one of
``oscar_bidding.signals.PAYMENT_STEPS``), as a worker killed by gunicorn's
timeout, a deploy or the out-of-memory killer does.

``python -m tests.crash.checkout`` with ``DJANGO_SETTINGS_MODULE``,
``DATABASE_URL`` (the test database) and ``DEMO_GATEWAY_LEDGER`` set;
``BIDDING_ATOMIC_REQUESTS=1`` runs the request in a transaction, as a shop with
``ATOMIC_REQUESTS`` (Oscar's sandbox) does.
"""

import os
import signal

import django


def kill_at_the_step(sender, step, **kwargs):
    if step == os.environ["BIDDING_CRASH_AT"]:
        os.kill(os.getpid(), signal.SIGKILL)


def main():
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse

    from oscar_bidding.signals import payment_step

    payment_step.connect(kill_at_the_step)
    if os.environ.get("BIDDING_ATOMIC_REQUESTS"):
        connection.settings_dict["ATOMIC_REQUESTS"] = True
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = os.environ["BIDDING_SESSION"]
    with override_settings(OSCAR_BIDDING_PAYMENT_GATEWAY="sandbox.gateway.DemoGateway"):
        response = client.post(
            reverse("checkout:preview"),
            {"action": "place_order", "card_number": os.environ["BIDDING_CARD"]},
        )
    print(response.status_code, response.get("Location", ""))


if __name__ == "__main__":
    main()
