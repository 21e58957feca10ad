"""``manage.py check`` warns a shop whose e-mails could never leave the outbox:
no Celery broker and no eager tasks (Celery's own defaults)."""

from django.core.checks import run_checks

from tests.worker import current_celery_app


def warnings_about_email(**celery_conf):
    with current_celery_app(from_settings=False, **celery_conf):
        return [m for m in run_checks() if m.id.startswith("oscar_bidding.W2")]


def test_only_a_shop_without_broker_or_eager_tasks_is_told_how_to_send_emails(
    monkeypatch,
):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)

    (warning,) = warnings_about_email()

    assert warning.id == "oscar_bidding.W201"
    assert "No Celery broker is configured" in warning.msg
    assert "CELERY_TASK_ALWAYS_EAGER = True" in warning.hint
    assert warnings_about_email(broker_url="redis://127.0.0.1:6379/0") == []
    assert warnings_about_email(task_always_eager=True) == []
