"""Delivery and approval: a paid milestone is delivered by the vendor (a note
and files) and approved by the customer, who may instead ask for a revision or
open a dispute. New statuses only: existing milestones keep theirs (a paid one
now waits for the vendor to deliver it; a completed one stays completed), so
no data changes. The e-mails of the new events are registered as
communication event types."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import oscar_bidding.abstract_models
from oscar_bidding.migrations._event_types import register


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0012_lifecycle"),
        ("communication", "__first__"),
    ]

    operations = [
        migrations.AddField(
            model_name="milestone",
            name="date_delivered",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="Date last delivered"
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("ready_to_pay", "Ready to pay"),
                    ("paid", "Paid"),
                    ("delivered", "Delivered"),
                    ("revision_requested", "Revision requested"),
                    ("disputed", "Disputed"),
                    ("completed", "Completed"),
                    ("cancelled", "Cancelled"),
                ],
                default="pending",
                max_length=20,
                verbose_name="Status",
            ),
        ),
        migrations.CreateModel(
            name="MilestoneDelivery",
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
                    "date_created",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="Date delivered"
                    ),
                ),
                (
                    "milestone",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="bidding.milestone",
                        verbose_name="Milestone",
                    ),
                ),
                (
                    "status_change",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="delivery",
                        to="bidding.statuschange",
                        verbose_name="Status change",
                    ),
                ),
            ],
            options={
                "verbose_name": "Milestone delivery",
                "verbose_name_plural": "Milestone deliveries",
                "ordering": ["date_created", "pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="MilestoneDeliveryFile",
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
                    "file",
                    models.FileField(
                        max_length=255,
                        upload_to=oscar_bidding.abstract_models.delivery_upload_to,
                        verbose_name="File",
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="File name")),
                (
                    "content_type",
                    models.CharField(max_length=100, verbose_name="Content type"),
                ),
                ("size", models.PositiveIntegerField(verbose_name="Size in bytes")),
                (
                    "delivery",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="files",
                        to="bidding.milestonedelivery",
                        verbose_name="Delivery",
                    ),
                ),
            ],
            options={
                "verbose_name": "Delivery file",
                "verbose_name_plural": "Delivery files",
                "ordering": ["pk"],
                "abstract": False,
            },
        ),
        register(
            {
                "BIDDING_MILESTONE_DELIVERED": "Bidding: a milestone was delivered (to the customer)",
                "BIDDING_MILESTONE_APPROVED": "Bidding: a milestone delivery was approved (to the vendor)",
                "BIDDING_MILESTONE_REVISION": "Bidding: a revision of a milestone was asked for (to the vendor)",
                "BIDDING_MILESTONE_DISPUTED": "Bidding: a milestone delivery is disputed (to the vendor and staff)",
            },
            category="User related",
        ),
    ]
