"""Who may bid: a project may be invite-only, and vendors (partners) are
invited to a project, by its customer or for the products they stock (a
quote request). A vendor's description, which customers read when they
choose whom to invite, is kept in the package's own ``VendorProfile``
(Oscar's partner has only a name). Existing projects stay open to every
vendor offering their type (``invite_only`` false). The invitation e-mail is
registered as a communication event type."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from oscar_bidding.migrations._event_types import register


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0015_auto_approve"),
        ("partner", "__first__"),
        ("communication", "__first__"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="invite_only",
            field=models.BooleanField(default=False, verbose_name="Invite-only"),
        ),
        migrations.CreateModel(
            name="Invitation",
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
                    "source",
                    models.CharField(
                        choices=[
                            ("customer", "Invited by the customer"),
                            ("quote", "Quote request"),
                        ],
                        default="customer",
                        max_length=20,
                        verbose_name="Source",
                    ),
                ),
                (
                    "date_created",
                    models.DateTimeField(
                        auto_now_add=True, verbose_name="Date invited"
                    ),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Invited by",
                    ),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bidding_invitations",
                        to="partner.partner",
                        verbose_name="Vendor",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="bidding.project",
                        verbose_name="Project",
                    ),
                ),
            ],
            options={
                "verbose_name": "Invitation",
                "verbose_name_plural": "Invitations",
                "ordering": ["date_created", "pk"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("project", "partner"), name="bidding_invitation_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="VendorProfile",
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
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="What customers read about you when they invite vendors.",
                        verbose_name="Description",
                    ),
                ),
                (
                    "partner",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bidding_profile",
                        to="partner.partner",
                        verbose_name="Vendor",
                    ),
                ),
            ],
            options={
                "verbose_name": "Vendor profile",
                "verbose_name_plural": "Vendor profiles",
                "abstract": False,
            },
        ),
        register(
            {
                "BIDDING_VENDOR_INVITED": "Bidding: a vendor was invited to bid on a project (to the vendor)",
            },
            category="User related",
        ),
    ]
