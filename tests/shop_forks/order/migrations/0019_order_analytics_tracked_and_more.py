# The shop's own migration, made by makemigrations on upgrading Oscar:
# Oscar's 0019_order_analytics_tracked, 0020_alter_order_analytics_tracked and
# 0021_billingaddress_code_shippingaddress_code in one.

import oscar.models.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("order", "0018_alter_line_num_allocated"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="analytics_tracked",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="billingaddress",
            name="code",
            field=oscar.models.fields.NullCharField(max_length=255, unique=True, verbose_name="Code"),
        ),
        migrations.AddField(
            model_name="shippingaddress",
            name="code",
            field=oscar.models.fields.NullCharField(max_length=255, unique=True, verbose_name="Code"),
        ),
    ]
