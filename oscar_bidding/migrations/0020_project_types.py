"""Project types (a tree), their questions, the answers kept with each project,
and the types each vendor (partner) offers."""

import django.db.models.deletion
import oscar_bidding.abstract_models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bidding', '0017_messaging'),
        ('partner', '__first__'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProjectType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=128, verbose_name='Name')),
                ('description', models.TextField(blank=True, verbose_name='Description')),
                ('date_created', models.DateTimeField(auto_now_add=True, verbose_name='Date created')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='bidding.projecttype', verbose_name='Parent')),
                ('partners', models.ManyToManyField(blank=True, related_name='bidding_project_types', to='partner.partner', verbose_name='Vendors offering it')),
            ],
            options={
                'verbose_name': 'Project type',
                'verbose_name_plural': 'Project types',
                'ordering': ['name', 'pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ProjectQuestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=255, verbose_name='Question')),
                ('help_text', models.CharField(blank=True, max_length=255, verbose_name='Help text')),
                ('kind', models.CharField(choices=[('short_text', 'Short text'), ('long_text', 'Long text'), ('number', 'Number'), ('date', 'Date'), ('yes_no', 'Yes or no'), ('one_choice', 'One choice'), ('several_choices', 'Several choices'), ('file', 'File')], default='short_text', max_length=20, verbose_name='Kind')),
                ('choices', models.TextField(blank=True, help_text='One choice per line, for “one choice” and “several choices”.', verbose_name='Choices')),
                ('required', models.BooleanField(default=False, verbose_name='Required')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='Order')),
                ('project_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='bidding.projecttype', verbose_name='Project type')),
            ],
            options={
                'verbose_name': 'Project question',
                'verbose_name_plural': 'Project questions',
                'ordering': ['position', 'pk'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='project',
            name='project_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='projects', to='bidding.projecttype', verbose_name='Project type'),
        ),
        migrations.CreateModel(
            name='ProjectAnswer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=255, verbose_name='Question')),
                ('kind', models.CharField(choices=[('short_text', 'Short text'), ('long_text', 'Long text'), ('number', 'Number'), ('date', 'Date'), ('yes_no', 'Yes or no'), ('one_choice', 'One choice'), ('several_choices', 'Several choices'), ('file', 'File')], max_length=20, verbose_name='Kind')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='Order')),
                ('value', models.JSONField(blank=True, null=True, verbose_name='Answer')),
                ('file', models.FileField(blank=True, max_length=255, upload_to=oscar_bidding.abstract_models.answer_upload_to, verbose_name='File')),
                ('file_name', models.CharField(blank=True, max_length=255, verbose_name='File name')),
                ('content_type', models.CharField(blank=True, max_length=100, verbose_name='Content type')),
                ('size', models.PositiveIntegerField(blank=True, null=True, verbose_name='Size in bytes')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='bidding.project', verbose_name='Project')),
                ('question', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='answers', to='bidding.projectquestion', verbose_name='Question')),
            ],
            options={
                'verbose_name': 'Project answer',
                'verbose_name_plural': 'Project answers',
                'ordering': ['position', 'pk'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('project', 'question'), name='bidding_answer_once')],
            },
        ),
    ]
