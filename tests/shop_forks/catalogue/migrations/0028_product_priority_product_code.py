# The shop's own migration: Oscar's 0028_product_priority and 0029_product_code in one.

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0027_attributeoption_code_attributeoptiongroup_code_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="priority",
            field=models.SmallIntegerField(
                db_index=True,
                default=0,
                help_text="The highest priority products are shown first",
                validators=[django.core.validators.MinValueValidator(-1)],
                verbose_name="Priority",
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="code",
            field=models.CharField(
                blank=True,
                max_length=255,
                null=True,
                unique=True,
                verbose_name="Code can be used to store a secondary unique identifier, when upc isn't sufficient",
            ),
        ),
    ]
