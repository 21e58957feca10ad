import django.db.models.deletion
from django.db import migrations, models

from oscar_bidding.basket.upgrade import one_line_per_milestone


class Migration(migrations.Migration):

    dependencies = [
        ('basket', '0013_milestone_lines'),
        ('bidding', '0004_payment_event_types'),
    ]

    operations = [
        migrations.AddField(
            model_name='line',
            name='milestone',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='bidding.milestone', verbose_name='Milestone'),
        ),
        migrations.RunPython(one_line_per_milestone, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='line',
            name='milestone_item',
        ),
    ]
