"""Title status on standings rows (champion / contender / out, points still available, needs).

Stored standings are marked stale so the next recalculation fills the new columns; until
then they read '' (no status shown).
"""

from decimal import Decimal

from django.db import migrations, models
from django.db.models import F
from django.utils import timezone


def mark_standings_stale(apps, schema_editor):
    State = apps.get_model("results", "SeasonStandingsState")
    State.objects.update(generation=F("generation") + 1)
    State.objects.filter(dirty_since__isnull=True).update(dirty_since=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ('results', '0010_qualifying_upload'),
    ]

    operations = [
        migrations.AddField(
            model_name='standingrow',
            name='title',
            field=models.CharField(blank=True, help_text="champion / contender / out ('' before computed)", max_length=20),
        ),
        migrations.AddField(
            model_name='standingrow',
            name='title_available',
            field=models.DecimalField(decimal_places=3, default=Decimal('0'), help_text='Points it can still add to its total', max_digits=9),
        ),
        migrations.AddField(
            model_name='standingrow',
            name='title_needs',
            field=models.TextField(blank=True, help_text='What it needs: the result that clinches, or its fate'),
        ),
        migrations.AddField(
            model_name='standingrow',
            name='title_races_left',
            field=models.PositiveSmallIntegerField(default=0, help_text='Races of the calendar after this round'),
        ),
        migrations.RunPython(mark_standings_stale, migrations.RunPython.noop),
    ]
