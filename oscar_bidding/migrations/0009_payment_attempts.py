"""Payment attempts replace payments to reconcile ("incidents").

Checkout now writes an attempt down before the gateway is called; an incident
was a payment taken for an order that was not placed, so each one becomes an
attempt that needs attention (or is resolved, as it was), with its basket,
customer, milestones, amount, error and resolution.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import oscar_bidding.abstract_models
from oscar_bidding.compat import check_constraint


def incidents_to_attempts(apps, schema_editor):
    PaymentIncident = apps.get_model("bidding", "PaymentIncident")
    PaymentAttempt = apps.get_model("bidding", "PaymentAttempt")
    for incident in PaymentIncident.objects.prefetch_related("milestones"):
        attempt = PaymentAttempt.objects.create(
            status="resolved" if incident.date_resolved else "needs_attention",
            key=f"incident-{incident.pk}",
            basket_id=incident.basket_id,
            user_id=incident.user_id,
            amount=incident.amount,
            currency=incident.currency,
            order_number=incident.order_number,
            error=incident.error,
            date_resolved=incident.date_resolved,
            resolution=incident.resolution,
        )
        # auto_now_add: keep the incident's own date.
        PaymentAttempt.objects.filter(pk=attempt.pk).update(
            date_created=incident.date_created
        )
        attempt.milestones.set(incident.milestones.all())


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0008_proposal_version"),
        ("order", "__first__"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PaymentAttempt",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("started", "Started"),
                            ("charged", "Charged, order not placed"),
                            ("declined", "Declined"),
                            ("failed", "Failed, nothing taken"),
                            ("placed", "Order placed"),
                            ("needs_attention", "Needs attention"),
                            ("resolved", "Resolved by staff"),
                        ],
                        default="started",
                        max_length=20,
                        verbose_name="Status",
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        default=oscar_bidding.abstract_models.new_payment_key,
                        max_length=64,
                        unique=True,
                        verbose_name="Idempotency key",
                    ),
                ),
                (
                    "basket_id",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="Basket"
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2, max_digits=12, verbose_name="Amount"
                    ),
                ),
                ("currency", models.CharField(max_length=12, verbose_name="Currency")),
                (
                    "order_number",
                    models.CharField(
                        db_index=True, max_length=128, verbose_name="Order number"
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        blank=True, max_length=255, verbose_name="Gateway reference"
                    ),
                ),
                ("error", models.TextField(blank=True, verbose_name="What went wrong")),
                (
                    "date_created",
                    models.DateTimeField(auto_now_add=True, verbose_name="Date"),
                ),
                (
                    "date_updated",
                    models.DateTimeField(auto_now=True, verbose_name="Date updated"),
                ),
                (
                    "date_resolved",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="Date resolved"
                    ),
                ),
                ("resolution", models.TextField(blank=True, verbose_name="Resolution")),
                (
                    "milestones",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="bidding.milestone",
                        verbose_name="Milestones",
                    ),
                ),
                (
                    "order",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="order.order",
                        verbose_name="Order",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Customer",
                    ),
                ),
            ],
            options={
                "verbose_name": "Payment attempt",
                "verbose_name_plural": "Payment attempts",
                "ordering": ["-date_created", "-pk"],
                "abstract": False,
                "indexes": [
                    models.Index(
                        condition=models.Q(
                            ("status__in", ["started", "charged", "needs_attention"])
                        ),
                        fields=["date_created"],
                        name="bidding_attempt_open",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["started", "charged"])),
                        fields=("basket_id",),
                        name="bidding_one_open_attempt_per_basket",
                    ),
                    check_constraint(
                        models.Q(("amount__gte", 0)),
                        name="bidding_attempt_not_negative",
                    ),
                ],
            },
        ),
        migrations.RunPython(incidents_to_attempts, migrations.RunPython.noop),
        migrations.DeleteModel(name="PaymentIncident"),
    ]
