"""System checks: e-mail, which needs a Celery broker, eager tasks, or the relay
command run from cron."""

from django.core.checks import Info, Warning, register

from oscar_bidding.conf import uses_celery


@register()
def check_celery_can_send_emails(app_configs, **kwargs):
    """Without a broker and without eager tasks, every e-mail would wait for the
    default broker (``amqp://localhost``) that a shop new to Celery does not run.

    Reads the Celery app the tasks are sent through, so a broker set in the app,
    in ``CELERY_BROKER_URL`` or in the environment counts alike. Without Celery,
    says that e-mails go only when the relay command runs.
    """
    if not uses_celery():
        return [
            Info(
                "oscar_bidding sends e-mails without Celery: only when "
                "`manage.py bidding_relay_outbox` runs.",
                hint="Run it every minute from cron. See 'E-mails without "
                "Celery' in the installation docs.",
                id="oscar_bidding.I201",
            )
        ]
    from celery import current_app

    conf = current_app.conf
    if conf.task_always_eager or conf.broker_url:
        return []
    return [
        Warning(
            "No Celery broker is configured and Celery tasks are not eager: "
            "oscar_bidding's e-mails would stay unsent in the outbox.",
            hint=(
                "Set CELERY_BROKER_URL and run a worker, or send e-mails in the "
                "web process with CELERY_TASK_ALWAYS_EAGER = True; either needs "
                "a Celery app that reads Django's settings. See 'E-mails "
                "without a broker' in the installation docs."
            ),
            id="oscar_bidding.W201",
        )
    ]
