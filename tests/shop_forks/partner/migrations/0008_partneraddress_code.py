# The shop's own number for Oscar's 0007_partneraddress_code, as in Oscar's test site.

import oscar.models.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("partner", "0007_rename_price_excl_tax_stockrecord_price"),
    ]

    operations = [
        migrations.AddField(
            model_name="partneraddress",
            name="code",
            field=oscar.models.fields.NullCharField(max_length=255, unique=True, verbose_name="Code"),
        ),
    ]
