"""Vendors' reusable rates, picked in the proposal form to fill milestone items."""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

import oscar_bidding.conf
from oscar_bidding.compat import check_constraint


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0010_outbox_status"),
        ("partner", "__first__"),
    ]

    operations = [
        migrations.CreateModel(
            name="Rate",
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
                ("name", models.CharField(max_length=128, verbose_name="Name")),
                (
                    "description",
                    models.CharField(
                        blank=True, max_length=255, verbose_name="Description"
                    ),
                ),
                (
                    "rate_type",
                    models.CharField(
                        choices=[
                            ("hour", "Per hour"),
                            ("visit", "Per visit"),
                            ("unit", "Per unit"),
                            ("fixed", "Fixed"),
                        ],
                        default="hour",
                        max_length=20,
                        verbose_name="Rate type",
                    ),
                ),
                (
                    "currency",
                    models.CharField(
                        default=oscar_bidding.conf.currency,
                        max_length=12,
                        verbose_name="Currency",
                    ),
                ),
                (
                    "price",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        verbose_name="Price (excl. tax)",
                    ),
                ),
                (
                    "tax_rate",
                    models.DecimalField(
                        decimal_places=4,
                        default=Decimal("0"),
                        help_text="A fraction: 0.2000 for 20%.",
                        max_digits=5,
                        verbose_name="Tax rate",
                    ),
                ),
                (
                    "date_created",
                    models.DateTimeField(auto_now_add=True, verbose_name="Date created"),
                ),
                (
                    "date_updated",
                    models.DateTimeField(auto_now=True, verbose_name="Date updated"),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bidding_rates",
                        to="partner.partner",
                        verbose_name="Vendor",
                    ),
                ),
            ],
            options={
                "verbose_name": "Rate",
                "verbose_name_plural": "Rates",
                "ordering": ["partner", "name", "pk"],
                "abstract": False,
                "constraints": [
                    check_constraint(
                        models.Q(price__gte=0), name="bidding_rate_price_not_negative"
                    ),
                    check_constraint(
                        models.Q(tax_rate__gte=0) & models.Q(tax_rate__lte=1),
                        name="bidding_rate_tax_rate_fraction",
                    ),
                ],
            },
        ),
    ]
