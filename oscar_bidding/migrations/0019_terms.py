"""Terms and conditions: the project's own, and what a vendor accepted to
submit a proposal."""

import django.db.models.deletion
import oscar_bidding.abstract_models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bidding', '0018_revisions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='project',
            name='terms',
            field=models.TextField(blank=True, verbose_name='Your terms and conditions'),
        ),
        migrations.AddField(
            model_name='project',
            name='terms_file',
            field=models.FileField(blank=True, max_length=255, upload_to=oscar_bidding.abstract_models.terms_upload_to, verbose_name='Terms and conditions file'),
        ),
        migrations.AddField(
            model_name='project',
            name='terms_file_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='Terms and conditions file name'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='accepted_terms',
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name='Terms accepted'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='date_terms_accepted',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Date terms accepted'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='terms_accepted_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Terms accepted by'),
        ),
        migrations.AddField(
            model_name='proposal',
            name='terms_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='Version of the terms accepted'),
        ),
    ]
