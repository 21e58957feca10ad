"""Quote requests from catalogue products (Omnyfy's product mode): the product
classes customers may ask quotes for, the products each quote request lists on
its project, and the customer's e-mail as a communication event type."""

import django.db.models.deletion
from django.db import migrations, models

from oscar_bidding.migrations._event_types import register


class Migration(migrations.Migration):

    dependencies = [
        ('bidding', '0022_bid_notices'),
        ('communication', '__first__'),
        ('catalogue', '__first__'),
    ]

    operations = [
        migrations.CreateModel(
            name='QuotableProductClass',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quote_only', models.BooleanField(default=False, help_text='The product page offers “Request a quote” only; otherwise it offers both.', verbose_name='Instead of “Add to basket”')),
                ('product_class', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='bidding_quotable', to='catalogue.productclass', verbose_name='Product type')),
                ('project_type', models.ForeignKey(blank=True, help_text='The type of the project a quote request posts.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='quotable_product_classes', to='bidding.projecttype', verbose_name='Project type')),
            ],
            options={
                'verbose_name': 'Quotable product type',
                'verbose_name_plural': 'Quotable product types',
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='QuoteItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='Product')),
                ('quantity', models.PositiveIntegerField(verbose_name='Quantity')),
                ('note', models.TextField(blank=True, verbose_name='Note')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='Position')),
                ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='bidding_quote_items', to='catalogue.product', verbose_name='Product')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quote_items', to='bidding.project', verbose_name='Project')),
            ],
            options={
                'verbose_name': 'Quoted product',
                'verbose_name_plural': 'Quoted products',
                'ordering': ['project', 'position', 'pk'],
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(('quantity__gte', 1)), name='bidding_quote_quantity_positive')],
            },
        ),
        register(
            {"BIDDING_QUOTE_REQUESTED": "Bidding: a quote request was posted (to the customer)"},
            category="User related",
        ),
    ]
