"""Outbox messages keep their failed attempts, the last error and its date, and
become failed after ``OSCAR_BIDDING_OUTBOX_MAX_ATTEMPTS``; staff list the unsent
ones newest first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0009_payment_attempts"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="date_failed",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="Date of last failure"
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="Last error"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="attempts",
            field=models.PositiveIntegerField(
                default=0, verbose_name="Failed attempts"
            ),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                ],
                default="pending",
                max_length=20,
                verbose_name="Status",
            ),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=models.Q(("status__in", ["pending", "failed"])),
                fields=["-date_created", "-id"],
                name="bidding_outbox_unsent",
            ),
        ),
    ]
