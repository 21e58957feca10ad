"""Build marketplace objects the way users do: through the services."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from oscar.core.loading import get_class, get_model

Partner = get_model("partner", "Partner")
PaymentAttempt = get_model("bidding", "PaymentAttempt")
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


def make_taxed_proposal(customer, vendor, title="Stage 1", description="Cabinets"):
    """An accepted proposal of one milestone of one item: 3 × £50.00 at 20% tax."""
    proposal = ProposalService().create(
        make_project(customer),
        vendor.partners.first(),
        vendor,
        [
            MilestoneSpec(
                title,
                items=[ItemSpec(description, 3, Decimal("50.00"), Decimal("0.2"))],
            )
        ],
        submit=True,
    )
    return ProposalService().accept(proposal)


# What the dashboard's proposal page posts.

IN_A_MONTH = timezone.localdate() + datetime.timedelta(days=30)


def item(
    description="Cabinets", quantity="2", unit_price="100.00", tax_rate="20", **extra
):
    return {
        "description": description,
        "quantity": quantity,
        "unit_price": unit_price,
        "tax_rate": tax_rate,
        **extra,
    }


def milestone(title="Stage 1", due_date=IN_A_MONTH, items=None, **extra):
    return {"title": title, "due_date": due_date, "items": items or [item()], **extra}


def proposal_form_data(milestones=None, submit=False, **fields):
    """What the proposal page posts, management forms included.

    ``milestones`` are :func:`milestone` dicts; a row with ``DELETE`` set is
    posted as removed. Each milestone and item counts as a new row.
    """
    milestones = [milestone()] if milestones is None else milestones
    data = {
        "cover_letter": "We have fitted many kitchens.",
        "delivery_days": "30",
        "submit_proposal" if submit else "save_draft": "1",
        "milestones-TOTAL_FORMS": str(len(milestones)),
        "milestones-INITIAL_FORMS": "0",
        **fields,
    }
    for m, spec in enumerate(milestones):
        prefix = f"milestones-{m}"
        data[f"{prefix}-title"] = spec["title"]
        data[f"{prefix}-due_date"] = spec["due_date"] and str(spec["due_date"])
        data[f"{prefix}-items-TOTAL_FORMS"] = str(len(spec["items"]))
        data[f"{prefix}-items-INITIAL_FORMS"] = "0"
        if spec.get("DELETE"):
            data[f"{prefix}-DELETE"] = "on"
        for i, row in enumerate(spec["items"]):
            for name, value in row.items():
                data[f"{prefix}-items-{i}-{name}"] = "on" if name == "DELETE" else value
    return data


def make_payment_to_reconcile(customer, milestones, basket=None, **fields):
    """A payment attempt the gateway could not account for: money may have been
    taken and no order placed, so staff must look (a payment to reconcile)."""
    attempt = PaymentAttempt.objects.create(
        status=fields.pop("status", PaymentAttempt.NEEDS_ATTENTION),
        basket_id=basket and basket.pk,
        user=customer,
        amount=sum(m.amount_incl_tax for m in milestones),
        currency="GBP",
        order_number=fields.pop("order_number", "100999"),
        error=fields.pop("error", "RuntimeError: the order could not be saved"),
        **fields,
    )
    attempt.milestones.set(milestones)
    return attempt


def complete_milestone(milestone, user=None, note="Delivered."):
    """A paid milestone delivered (by ``user``, the vendor) and approved by
    the project's customer: what completes a milestone."""
    service = get_class("bidding.services.milestones", "MilestoneService")()
    service.deliver(milestone, note, user=user)
    return service.approve(milestone, user=milestone.proposal.project.customer)


def make_delivered_milestone(customer, vendor, delivered_at, title="Kitchen refit"):
    """The first milestone of a new project of ``customer``, accepted, paid and
    delivered by ``vendor`` at ``delivered_at`` (time moved with freezegun)."""
    from freezegun import freeze_time

    from tests.checkout import pay_milestone

    proposal = ProposalService().accept(
        make_proposal(make_project(customer, title=title), vendor, milestones=1)
    )
    milestone = proposal.milestones.get(number=1)
    pay_milestone(milestone, customer)
    with freeze_time(delivered_at):
        get_class("bidding.services.milestones", "MilestoneService")().deliver(
            milestone, "Cabinets fitted.", user=vendor
        )
    milestone.refresh_from_db()
    return milestone
