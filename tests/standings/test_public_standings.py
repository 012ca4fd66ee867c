"""Public standings, invitations and combined ranking pages, and awarding invitations."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from championships.models import Organisation, Season
from entries.models import Entry, EntryKind
from results.rankings.models import CombinedRanking, CombinedRankingComponent, InvitationAward, InvitationRule
from results.rankings.selectors import combined_ranking_rows
from results.rankings.services import invitations_award
from results.standings.services import recalculate_season
from results.standings.store import season_standings_write
from tests import factories
from tests.scenarios import ELMS_BUNDLE, import_elms_2014

pytestmark = pytest.mark.django_db


@pytest.fixture
def elms(db: None) -> Season:
    season = import_elms_2014()
    season_standings_write(season.id)
    return season


def test_it_shows_a_class_table_with_explanations(
    client: Client, elms: Season, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(9):  # one of them: the class and cup names of the tabs
        response = client.get("/seasons/elms/2014/standings/?championship=teams&class=LMP2")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Thiriet By TDS Racing" in body and "after round 1" in body
    assert "R1: 1 → 25 pt" in body


def test_it_downloads_the_table_as_csv(client: Client, elms: Season) -> None:
    response = client.get("/seasons/elms/2014/standings/?championship=teams&class=GTC&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[1] == "teams,GTC,1,Team Ukraine,96,25,1,champion"


def test_it_shows_the_title_race_after_a_round(client: Client, synthetic: Any) -> None:
    body = client.get("/seasons/synth/2023/standings/?class=C1&round=2").content.decode()
    assert "<strong>Title after round 2:</strong>\n    2 races left, up to 52 points still on offer." in body
    # A crew sharing a car is one line of the title race.
    crew = "<strong>D6 SYNTH 6, D7 SYNTH 7, D8 SYNTH 8</strong> (#3, 41 pt)"
    assert f"{crew}: Cannot clinch the title at round 3." in body
    assert body.count('class="badge title-contender"') == 15

    final = client.get("/seasons/synth/2023/standings/?class=C1&round=4").content.decode()
    assert "no race left, the title is decided." in final
    assert final.count('class="badge title-champion"') == 4  # the crew of #7 in the list and the table
    assert final.count('class="badge title-out"') == 12


def test_it_downloads_the_title_column_in_xlsx(client: Client, elms: Season) -> None:
    import io

    import openpyxl

    response = client.get("/seasons/elms/2014/standings/?championship=teams&class=GTC&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]][-1] == "title"
    assert [cell.value for cell in sheet[2]][-1] == "champion"


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?class=LMP9", 404),
        ("?round=7", 404),
        ("?round=one", 400),
        ("?round=" + "9" * 5000, 400),
        ("?championship=nations", 404),
    ],
)
def test_it_answers_bad_urls_with_404_or_400(client: Client, elms: Season, query: str, status: int) -> None:
    assert client.get(f"/seasons/elms/2014/standings/{query}").status_code == status


def test_it_returns_404_for_an_unknown_season(client: Client) -> None:
    assert client.get("/seasons/nope/1999/standings/").status_code == 404


def test_it_awards_an_invitation_from_the_standings_once(elms: Season) -> None:
    aco = Organisation.objects.get(code="aco")
    staff = factories.UserFactory(series_staff=True, organisation=aco, username="aco_staff")
    rule = InvitationRule.objects.create(season=elms, label="LMP2 champion", class_code="LMP2", positions=1)
    recalculate_season(elms.id)  # the stored standings are up to date, as awarding requires
    awards = invitations_award(rule, staff)
    assert [(a.position, a.competitor_name, a.number, a.points) for a in awards] == [
        (1, "Thiriet By TDS Racing", "46", Decimal(25))
    ]
    with pytest.raises(ValidationError, match="already awarded"):
        invitations_award(rule, staff)
    outsider = factories.UserFactory(outsider=True, username="outsider")
    with pytest.raises(PermissionDenied):
        invitations_award(InvitationRule.objects.create(season=elms, label="GTC", class_code="GTC"), outsider)
    assert InvitationAward.objects.count() == 1


def test_it_never_invites_a_competitor_disqualified_from_the_championship(elms: Season) -> None:
    from results.rankings.services import invitation_lines
    from results.standings.models import StandingRow

    teams = StandingRow.objects.filter(season=elms, championship="teams", class_code="LMP2")
    # Two competitors, the leader disqualified: it ranks last, still with its points.
    keep = {"46", "34"}
    teams.exclude(competitor_key__in=keep).delete()
    teams.filter(competitor_key="46").update(status="disqualified", position=2)
    teams.filter(competitor_key="34").update(position=1)
    rule = InvitationRule(season=elms, label="LMP2 champion", class_code="LMP2", positions=2)
    assert [(line.position, line.number) for line in invitation_lines(rule)] == [(1, "34")]


def test_it_shows_invitations_publicly(client: Client, elms: Season) -> None:
    InvitationRule.objects.create(season=elms, label="LMGTE champion", class_code="LMGTE", positions=1)
    body = client.get("/seasons/elms/2014/invitations/").content.decode()
    assert "LMGTE champion" in body and "AF Corse" in body and "not yet" in body


def test_it_combines_two_championships_by_team(elms: Season, client: Client) -> None:
    # A second championship where two of the ELMS GTC teams also raced a full season.
    other = Season.objects.create(series=factories.SeriesFactory(code="other"), name="2014", published=True)
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "b"
        shutil.copytree(ELMS_BUNDLE, bundle)
        toml = (bundle / "season.toml").read_text().replace('series_code = "elms"', 'series_code = "other"')
        (bundle / "season.toml").write_text(toml.replace('series = "European Le Mans Series"', 'series = "Other"'))
        (bundle / "eligibility.csv").write_text("number,class,eligible\n73,GTC,false\n71,GTC,false\n")
        other = import_elms_2014(factories.UserFactory(superuser=True, username="root2"), bundle)
    season_standings_write(other.id)
    ranking = CombinedRanking.objects.create(
        code="gtc", name="GTC combined", governing_body=Organisation.objects.get(code="aco")
    )
    CombinedRankingComponent.objects.create(ranking=ranking, season=elms, class_code="GTC")
    CombinedRankingComponent.objects.create(ranking=ranking, season=other, class_code="GTC")
    rows = combined_ranking_rows(ranking)
    assert (rows[0].position, rows[0].name, rows[0].points) == (1, "Team Ukraine", Decimal(50))
    smp = next(r for r in rows if r.name == "SMP Racing")
    # SMP's GTC cars were guests in the second championship: guests score nothing there, so the
    # team has no standing in it and is not ranked in the combined ranking.
    assert Entry.objects.get(season=other, number="73").kind == EntryKind.GUEST
    assert smp.position is None and smp.note == "not entered in Series other 2014 · GTC"
    page = client.get("/rankings/gtc/").content.decode()
    assert "Team Ukraine" in page
    # Columns by series, season and class name, not by season code.
    assert "European Le Mans Series 2014 · GTC</th>" in page and "elms-2014 GTC" not in page


def test_it_shows_class_tabs_by_name_in_the_seasons_order(client: Client, synthetic: Any) -> None:
    from championships.models import RacingClass

    RacingClass.objects.filter(season=synthetic.season, code="C1").update(name="Prototype", order=2)
    RacingClass.objects.filter(season=synthetic.season, code="C2").update(name="Grand Touring", order=1)

    body = client.get("/seasons/synth/2023/standings/?championship=teams&class=C1").content.decode()

    tabs = body.split('id="table-tabs"')[1].split("</ul>")[0]
    assert tabs.index(">Grand Touring</a>") < tabs.index(">Prototype</a>")
    assert ">C1<" not in tabs and ">C2<" not in tabs
    assert "Teams – Prototype, after round 4" in body
