"""Build marketplace objects the way users do: through the services."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from oscar.core.loading import get_class, get_model

Partner = get_model("partner", "Partner")
ProjectService = get_class("bidding.services.projects", "ProjectService")
ProposalService = get_class("bidding.services.proposals", "ProposalService")
MilestoneSpec = get_class("bidding.services.proposals", "MilestoneSpec")
ItemSpec = get_class("bidding.services.proposals", "ItemSpec")

User = get_user_model()
PASSWORD = "secret-pass-123"


def make_user(email, **fields):
    return User.objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD, **fields
    )


def make_vendor(email, partner_name=None):
    """A partner user with dashboard access, as Oscar's partner dashboard makes one."""
    user = make_user(email)
    user.user_permissions.add(
        Permission.objects.get(
            codename="dashboard_access", content_type__app_label="partner"
        )
    )
    partner = Partner.objects.create(name=partner_name or f"{email} Ltd")
    partner.users.add(user)
    return User.objects.get(pk=user.pk)  # drop the permission cache


def make_project(customer, **fields):
    fields.setdefault("title", "Kitchen refit")
    fields.setdefault("description", "Replace the cabinets and the worktop.")
    fields.setdefault(
        "bidding_deadline", timezone.localdate() + datetime.timedelta(days=14)
    )
    fields.setdefault("budget", Decimal("5000.00"))
    return ProjectService().create(customer, **fields)


def milestone_specs(
    milestones=2, items=2, unit_price=Decimal("100.00"), tax_rate=Decimal("0")
):
    return [
        MilestoneSpec(
            title=f"Stage {m + 1}",
            due_date=timezone.localdate() + datetime.timedelta(days=30 * (m + 1)),
            items=[
                ItemSpec(f"Work item {m + 1}.{i + 1}", 2, unit_price, tax_rate)
                for i in range(items)
            ],
        )
        for m in range(milestones)
    ]


def make_proposal(project, vendor, milestones=2, items=2, submit=True, **fields):
    fields.setdefault("cover_letter", "We have done many kitchens.")
    fields.setdefault("delivery_days", 30)
    return ProposalService().create(
        project,
        vendor.partners.first(),
        vendor,
        milestone_specs(milestones, items),
        submit=submit,
        **fields,
    )
