"""The per-race explanation of standings stored once per competitor, not in every round's row.

Existing rows are converted, so stored standings keep their explanations without waiting
for a recalculation: each competitor's races and adjustments come from its latest row's
breakdown, and each row keeps its tie-break and the races it dropped.
"""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

NOT_SCORING = "drove but does not score"


def _places(race):
    # Old breakdowns only have the results text ("1", "1/3", "Ret"); the engine scored
    # exactly those places, except for a driver who drove but could not score.
    if race.get("note") == NOT_SCORING:
        return []
    return [int(token) for token in str(race.get("result", "")).split("/") if token.isdecimal()]


def _stored_race(race):
    return {
        "round": race["round"],
        "race_id": race["race_id"],
        "label": race["label"],
        "number": race["number"],
        "result": race["result"],
        "race_points": race["race_points"],
        "pole_points": race["pole_points"],
        "places": _places(race),
        "note": race.get("note", ""),
    }


def forwards(apps, schema_editor):
    StandingRow = apps.get_model("results", "StandingRow")
    StandingCompetitor = apps.get_model("results", "StandingCompetitor")
    season_ids = StandingRow.objects.order_by().values_list("season_id", flat=True).distinct()
    for season_id in list(season_ids):
        latest = {}
        rows = list(StandingRow.objects.filter(season_id=season_id).order_by("after_round"))
        for row in rows:
            breakdown = row.breakdown or {}
            row.tie_break = breakdown.get("tie_break", "")
            row.dropped = [race["race_id"] for race in breakdown.get("races", []) if not race.get("counted", True)]
            latest[(row.championship, row.class_code, row.cup_code, row.competitor_key)] = breakdown
        StandingRow.objects.bulk_update(rows, ["tie_break", "dropped"], batch_size=2000)
        StandingCompetitor.objects.bulk_create(
            [
                StandingCompetitor(
                    season_id=season_id,
                    championship=championship,
                    class_code=class_code,
                    cup_code=cup_code,
                    competitor_key=key,
                    races=[_stored_race(race) for race in breakdown.get("races", [])],
                    adjustments=breakdown.get("adjustments", []),
                )
                for (championship, class_code, cup_code, key), breakdown in latest.items()
            ],
            batch_size=2000,
        )


def _format(value):
    # The engine's exact decimal text: 25, 62.5, 0.25 (never 25.0 or an exponent).
    from decimal import Decimal

    value = Decimal(value)
    return "0" if value == 0 else format(value.normalize(), "f")


def backwards(apps, schema_editor):
    from decimal import Decimal

    StandingRow = apps.get_model("results", "StandingRow")
    StandingCompetitor = apps.get_model("results", "StandingCompetitor")
    competitors = defaultdict(dict)
    for competitor in StandingCompetitor.objects.all():
        key = (competitor.championship, competitor.class_code, competitor.cup_code, competitor.competitor_key)
        competitors[competitor.season_id][key] = competitor
    rows = list(StandingRow.objects.all())
    for row in rows:
        competitor = competitors[row.season_id].get((row.championship, row.class_code, row.cup_code, row.competitor_key))
        races = [race for race in (competitor.races if competitor else []) if race["round"] <= row.after_round]
        dropped = set(row.dropped)
        lines, counted, total_points, places = [], Decimal(0), Decimal(0), []
        for race in races:
            points = Decimal(race["race_points"]) + Decimal(race["pole_points"])
            kept = race["race_id"] not in dropped
            counted += points if kept else 0
            total_points += points
            places += race["places"]
            lines.append(
                {
                    **{k: race[k] for k in ("round", "race_id", "label", "number", "result")},
                    "race_points": race["race_points"],
                    "pole_points": race["pole_points"],
                    "points": _format(points),
                    "counted": kept,
                    "note": race["note"],
                }
            )
        countback = [0] * max(places, default=0)
        for place in places:
            countback[place - 1] += 1
        row.breakdown = {
            "races": lines,
            "counted_points": _format(counted),
            "dropped_points": _format(total_points - counted),
            "dropped_rounds": [line["round"] for line in lines if not line["counted"]],
            "adjustments": [
                a for a in (competitor.adjustments if competitor else []) if a["after_round"] <= row.after_round
            ],
            "total": _format(row.points),
            "status": row.status,
            "countback": countback,
            "tie_break": row.tie_break,
        }
    StandingRow.objects.bulk_update(rows, ["breakdown"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("championships", "0002_drive_time_help"),
        ("results", "0007_points_three_decimals"),
    ]

    operations = [
        migrations.CreateModel(
            name="StandingCompetitor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("championship", models.CharField(max_length=40)),
                ("class_code", models.CharField(max_length=20)),
                ("cup_code", models.CharField(blank=True, max_length=20)),
                ("competitor_key", models.CharField(max_length=64)),
                (
                    "races",
                    models.JSONField(default=list, help_text="Every race of the competitor in the season, in race order"),
                ),
                ("adjustments", models.JSONField(default=list, help_text="Each applies from its own round on")),
                (
                    "season",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="standing_competitors",
                        to="championships.season",
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="standingcompetitor",
            constraint=models.UniqueConstraint(
                fields=("season", "championship", "class_code", "cup_code", "competitor_key"),
                name="standing_competitor_unique",
            ),
        ),
        migrations.AddField(
            model_name="standingrow",
            name="dropped",
            field=models.JSONField(default=list, help_text="Race ids of results that do not count (best-N rules)"),
        ),
        migrations.AddField(
            model_name="standingrow",
            name="tie_break",
            field=models.TextField(blank=True, help_text="How countback placed it against competitors level on points"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="standingrow",
            name="breakdown",
        ),
        # A ForeignObject has no column: nothing to do in the database (and Django's SQLite
        # schema editor cannot remove one when migrating backwards).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="standingrow",
                    name="competitor",
                    field=models.ForeignObject(
                        from_fields=["season", "championship", "class_code", "cup_code", "competitor_key"],
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="rows",
                        to="results.standingcompetitor",
                        to_fields=["season", "championship", "class_code", "cup_code", "competitor_key"],
                    ),
                ),
            ],
        ),
    ]
