"""Conversations: messages with files between a project's customer and a
vendor (and shop staff), read markers for the unread counts, and the e-mail of
a new message as a communication event type."""

import django.db.models.deletion
import django.utils.timezone
import oscar_bidding.abstract_models
from django.conf import settings
from django.db import migrations, models

from oscar_bidding.migrations._event_types import register


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0016_disputes"),
        ("partner", "__first__"),
        ("communication", "__first__"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Conversation",
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
                    "customer_emailed_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="Customer last e-mailed"
                    ),
                ),
                (
                    "vendor_emailed_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="Vendor last e-mailed"
                    ),
                ),
                (
                    "staff_emailed_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="Staff last e-mailed"
                    ),
                ),
                (
                    "date_created",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="Date created"
                    ),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bidding_conversations",
                        to="partner.partner",
                        verbose_name="Vendor",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conversations",
                        to="bidding.project",
                        verbose_name="Project",
                    ),
                ),
                (
                    "proposal",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="conversation",
                        to="bidding.proposal",
                        verbose_name="Proposal",
                    ),
                ),
            ],
            options={
                "verbose_name": "Conversation",
                "verbose_name_plural": "Conversations",
                "ordering": ["pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ConversationRead",
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
                    "last_read_id",
                    models.BigIntegerField(default=0, verbose_name="Last message read"),
                ),
                (
                    "date_read",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="Date read"
                    ),
                ),
                (
                    "conversation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reads",
                        to="bidding.conversation",
                        verbose_name="Conversation",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="User",
                    ),
                ),
            ],
            options={
                "verbose_name": "Conversation read marker",
                "verbose_name_plural": "Conversation read markers",
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Message",
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
                    "role",
                    models.CharField(
                        choices=[
                            ("customer", "Customer"),
                            ("vendor", "Vendor"),
                            ("staff", "Marketplace"),
                        ],
                        max_length=20,
                        verbose_name="Role",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("direct", "Customer and vendor"),
                            ("customer", "Customer and marketplace"),
                            ("vendor", "Vendor and marketplace"),
                        ],
                        default="direct",
                        max_length=20,
                        verbose_name="Channel",
                    ),
                ),
                ("body", models.TextField(verbose_name="Message")),
                (
                    "date_created",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="Date sent"
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Author",
                    ),
                ),
                (
                    "conversation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="bidding.conversation",
                        verbose_name="Conversation",
                    ),
                ),
            ],
            options={
                "verbose_name": "Message",
                "verbose_name_plural": "Messages",
                "ordering": ["date_created", "pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="MessageFile",
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
                        upload_to=oscar_bidding.abstract_models.message_upload_to,
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
                    "message",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="files",
                        to="bidding.message",
                        verbose_name="Message",
                    ),
                ),
            ],
            options={
                "verbose_name": "Message file",
                "verbose_name_plural": "Message files",
                "ordering": ["pk"],
                "abstract": False,
            },
        ),
        migrations.AddConstraint(
            model_name="conversation",
            constraint=models.UniqueConstraint(
                fields=("project", "partner"), name="bidding_one_conversation"
            ),
        ),
        migrations.AddConstraint(
            model_name="conversationread",
            constraint=models.UniqueConstraint(
                fields=("conversation", "user"), name="bidding_one_read_marker"
            ),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                fields=["conversation", "channel", "id"], name="bidding_message_conv"
            ),
        ),
        register(
            {
                "BIDDING_MESSAGE_POSTED": "Bidding: a new message in a conversation (to the other side)"
            },
            category="User related",
        ),
    ]
