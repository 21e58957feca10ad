"""Bid notices and e-mails about new proposals and projects (issue 12): the
digest rows that make each day's digest go once per recipient, and the new
e-mails as communication event types. No data changes."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from oscar_bidding.migrations._event_types import register


class Migration(migrations.Migration):

    dependencies = [
        ('bidding', '0021_invitations'),
        ('partner', '__first__'),
        ('communication', '__first__'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NoticeDigest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('proposals', 'New proposals, to the customer'), ('projects', 'New projects, to the vendor')], max_length=20, verbose_name='Kind')),
                ('day', models.DateField(verbose_name='Day')),
                ('size', models.PositiveIntegerField(default=0, verbose_name='Items')),
                ('date_created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Date sent')),
                ('customer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Customer')),
                ('partner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='partner.partner', verbose_name='Vendor')),
            ],
            options={
                'verbose_name': 'Notice digest',
                'verbose_name_plural': 'Notice digests',
                'ordering': ['-day', 'pk'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(condition=models.Q(('customer__isnull', False)), fields=('kind', 'day', 'customer'), name='bidding_digest_once_per_customer'), models.UniqueConstraint(condition=models.Q(('partner__isnull', False)), fields=('kind', 'day', 'partner'), name='bidding_digest_once_per_partner')],
            },
        ),
        register(
            {
                "BIDDING_PROPOSAL_UNDERCUT": "Bidding: a proposal is no longer the lowest (to the vendor)",
                "BIDDING_PROPOSAL_DIGEST": "Bidding: the day's new proposals (to the customer)",
                "BIDDING_PROJECT_POSTED": "Bidding: a new project to bid on (to the vendor)",
                "BIDDING_PROJECT_DIGEST": "Bidding: the day's new projects to bid on (to the vendor)",
            },
            category="User related",
        ),
    ]
