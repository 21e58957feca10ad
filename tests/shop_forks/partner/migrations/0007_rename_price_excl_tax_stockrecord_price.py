# The shop's own migration: the second half of Oscar's 0006_auto_20200724_0909.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("partner", "0006_remove_stockrecord_cost_price_and_more"),
    ]

    operations = [
        migrations.RenameField(
            model_name="stockrecord",
            old_name="price_excl_tax",
            new_name="price",
        ),
    ]
