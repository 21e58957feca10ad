"""A milestone may be given to a sub-vendor: another partner, who sees it in
the dashboard and is its order line's partner."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bidding", "0013_delivery"),
        ("partner", "__first__"),
    ]

    operations = [
        migrations.AddField(
            model_name="milestone",
            name="sub_vendor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bidding_sub_milestones",
                to="partner.partner",
                verbose_name="Sub-vendor",
            ),
        ),
    ]
