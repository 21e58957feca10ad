"""The lifecycle: milestones may be cancelled, and every status change is
recorded. The history of each existing project, proposal and milestone starts
with one row (note "migrated") at its creation date; a milestone left unpaid by
a proposal that already ended (a project marked completed with milestones
unpaid, which the lifecycle now refuses) is cancelled, so that no page offers
to pay it."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


ENDED_PROPOSALS = ("completed", "cancelled")
UNPAID_MILESTONES = ("pending", "ready_to_pay")
NOTE = "migrated"


def start_history(apps, schema_editor):
    Project = apps.get_model("bidding", "Project")
    Proposal = apps.get_model("bidding", "Proposal")
    Milestone = apps.get_model("bidding", "Milestone")
    StatusChange = apps.get_model("bidding", "StatusChange")
    stranded = Milestone.objects.filter(
        proposal__status__in=ENDED_PROPOSALS, status__in=UNPAID_MILESTONES
    )
    stranded_ids = set(stranded.values_list("pk", flat=True))
    stranded.update(status="cancelled")

    def row(subject, date, status, note=NOTE, **ids):
        return StatusChange(
            subject=subject,
            role="system",
            old_status="",
            new_status=status,
            note=note,
            date_created=date,
            **ids,
        )

    def rows():
        for pk, status, date in Project.objects.values_list(
            "pk", "status", "date_created"
        ).iterator():
            yield row("project", date, status, project_id=pk)
        for pk, status, date in Proposal.objects.values_list(
            "pk", "status", "date_created"
        ).iterator():
            yield row("proposal", date, status, proposal_id=pk)
        milestones = Milestone.objects.values_list(
            "pk", "proposal_id", "status", "proposal__date_created"
        )
        for pk, proposal_id, status, date in milestones.iterator():
            note = NOTE
            if pk in stranded_ids:
                note = f"{NOTE}: cancelled, unpaid when its proposal had ended"
            yield row(
                "milestone", date, status, note, milestone_id=pk, proposal_id=proposal_id
            )

    batch = []
    for change in rows():
        batch.append(change)
        if len(batch) == 1000:
            StatusChange.objects.bulk_create(batch)
            batch = []
    StatusChange.objects.bulk_create(batch)


def forget_cancellations(apps, schema_editor):
    """Before this migration a milestone could not be cancelled: an unpaid one
    of an ended proposal was left pending."""
    Milestone = apps.get_model("bidding", "Milestone")
    Milestone.objects.filter(status="cancelled").update(status="pending")


class Migration(migrations.Migration):

    dependencies = [
        ('bidding', '0011_rates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='milestone',
            name='status',
            field=models.CharField(choices=[('pending', 'Pending'), ('ready_to_pay', 'Ready to pay'), ('paid', 'Paid'), ('completed', 'Completed'), ('cancelled', 'Cancelled')], default='pending', max_length=20, verbose_name='Status'),
        ),
        migrations.CreateModel(
            name='StatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject', models.CharField(choices=[('project', 'Project'), ('proposal', 'Proposal'), ('milestone', 'Milestone')], max_length=20, verbose_name='Object')),
                ('role', models.CharField(choices=[('customer', 'Customer'), ('vendor', 'Vendor'), ('staff', 'Shop staff'), ('system', 'System')], max_length=20, verbose_name='Role')),
                ('old_status', models.CharField(blank=True, max_length=20, verbose_name='Old status')),
                ('new_status', models.CharField(max_length=20, verbose_name='New status')),
                ('note', models.TextField(blank=True, verbose_name='Note')),
                ('date_created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Date')),
                ('milestone', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='bidding.milestone', verbose_name='Milestone')),
                ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='bidding.project', verbose_name='Project')),
                ('proposal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='bidding.proposal', verbose_name='Proposal')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='User')),
            ],
            options={
                'verbose_name': 'Status change',
                'verbose_name_plural': 'Status changes',
                'ordering': ['date_created', 'pk'],
                'abstract': False,
                'indexes': [models.Index(fields=['proposal', 'date_created'], name='bidding_change_proposal'), models.Index(fields=['project', 'date_created'], name='bidding_change_project')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('project__isnull', False), ('proposal__isnull', True), ('subject', 'project')), models.Q(('project__isnull', True), ('proposal__isnull', False), ('subject', 'proposal')), models.Q(('milestone__isnull', False), ('proposal__isnull', False), ('subject', 'milestone')), _connector='OR'), name='bidding_status_change_subject')],
            },
        ),
        migrations.RunPython(start_history, forget_cancellations),
    ]
