"""Draft seasons (issue 20): every season that exists is published, so nothing public
disappears; a season created from now on starts as a draft."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("championships", "0011_laps_qualifying_sets_second_best_lap"),
    ]

    operations = [
        # default=True fills the existing rows; the next step makes new seasons drafts.
        migrations.AddField(
            model_name="season",
            name="published",
            field=models.BooleanField(default=True),
        ),
        migrations.AlterField(
            model_name="season",
            name="published",
            field=models.BooleanField(
                default=False,
                help_text="Public: pages, API and calendar feed. A draft is seen only by the series' officials.",
            ),
        ),
    ]
