"""The public standings page: tabs as links, round form, CSV/XLSX downloads, bad queries, query count."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from django.core.cache import cache
from django.test import Client

from bench.synthetic import SyntheticSeason
from results.standings.models import StandingRow

pytestmark = pytest.mark.django_db

URL = "/seasons/synth/2023/standings/"


def title(body: str) -> str:
    return re.search(r'<h2 id="table-title">(.*?)</h2>', body, re.S).group(1).strip()


def test_it_shows_the_latest_round_of_the_first_class(
    client: Client, synthetic: SyntheticSeason, django_assert_num_queries: Any
) -> None:
    # the cache's validator (season + state), then season, tables, rounds, progression, rows,
    # provisional rounds, recalculation state, the class and cup names of the tabs
    with django_assert_num_queries(9):
        response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert title(body) == "Drivers – C1, after round 4"
    assert '<figure id="progression"><svg' in body


def test_it_switches_class_and_championship_with_plain_links(client: Client, synthetic: SyntheticSeason) -> None:
    body = client.get(URL).content.decode()
    tabs = body[body.index('id="table-tabs"') :]
    link = re.search(r'<a href="(\?[^"]*class=C2[^"]*)">C2</a>', tabs).group(1).replace("&amp;", "&")
    assert link == "?championship=drivers&class=C2&cup=&round=4"
    assert title(client.get(URL + link).content.decode()) == "Drivers – C2, after round 4"

    teams = re.search(r'<a href="(\?championship=teams[^"]*)">Teams</a>', body).group(1).replace("&amp;", "&")
    assert title(client.get(URL + teams).content.decode()) == "Teams – C1, after round 4"


def test_it_switches_round_with_a_form_that_needs_no_javascript(client: Client, synthetic: SyntheticSeason) -> None:
    body = client.get(URL + "?class=C2").content.decode()
    form = body[body.index('<form method="get" id="round-form">') : body.index("</form>")]
    assert '<input type="hidden" name="class" value="C2">' in form
    assert '<button type="submit" id="round-submit">Show</button>' in form
    assert "onchange" not in form
    response = client.get(URL + "?championship=drivers&class=C2&cup=&round=2")
    assert title(response.content.decode()) == "Drivers – C2, after round 2 of 4"
    stored = StandingRow.objects.filter(
        season=synthetic.season, after_round=2, class_code="C2", cup_code="", championship="drivers"
    ).count()
    table = response.content.decode().split('<table id="standings">', 1)[1].split("</table>", 1)[0]
    assert stored and table.count("<tr>") == stored + 1  # the header row


def test_it_downloads_csv_and_xlsx_of_the_chosen_table(
    client: Client, synthetic: SyntheticSeason, django_assert_num_queries: Any
) -> None:
    csv_response = client.get(URL + "?championship=teams&class=C2&round=3&format=csv")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == 'attachment; filename="synth-2023-standings-teams-C2-r3.csv"'
    csv_lines = csv_response.content.decode().splitlines()
    with django_assert_num_queries(5):  # the cache's validator, then the download's 4
        response = client.get(URL + "?championship=teams&class=C2&round=3&format=xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="synth-2023-standings-teams-C2-r3.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("championship", "class", "position", "competitor", "number", "points", "results", "title")
    assert len(rows) == len(csv_lines) > 1
    assert isinstance(rows[1][2], int) and isinstance(rows[1][5], int | float)
    assert rows[1][3] == csv_lines[1].split(",")[3]


def test_it_escapes_formulas_in_the_xlsx(client: Client, synthetic: SyntheticSeason) -> None:
    StandingRow.objects.filter(season=synthetic.season, championship="teams").update(
        competitor_name='=HYPERLINK("http://evil","x")'
    )
    response = client.get(URL + "?championship=teams&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {'\'=HYPERLINK("http://evil","x")'}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?format=pdf", 400),
        ("?format=csv%00", 400),
        ("?round=two", 400),
        ("?round=-1", 400),
        ("?round=%EF%BC%91", 400),  # a full-width digit
        ("?round=1.5", 400),
        ("?round=0", 404),
        ("?round=5", 404),
        ("?round=99999999999999999999", 404),
        ("?class=LMP9", 404),
        ("?class=C1&cup=PRO-AM", 404),
        ("?championship=nations", 404),
        ("?championship=teams&class=%3Cscript%3E", 404),
    ],
)
def test_it_answers_bad_queries_with_400_or_404(
    client: Client, synthetic: SyntheticSeason, query: str, status: int
) -> None:
    assert client.get(URL + query).status_code == status


def test_it_says_when_there_are_no_standings_yet(client: Client, world: Any) -> None:
    response = client.get("/seasons/elms/2023/standings/")
    assert response.status_code == 200
    assert "No standings yet" in response.content.decode()
    assert client.get("/seasons/elms/2023/standings/?format=xlsx").status_code == 200
    assert client.get("/seasons/elms/2023/standings/?round=1").status_code == 200


def test_it_shows_invitations_and_links_back(
    client: Client, synthetic: SyntheticSeason, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(3):  # season, rules, provisional rounds
        response = client.get("/seasons/synth/2023/invitations/")
    assert response.status_code == 200
    assert 'href="/seasons/synth/2023/standings/"' in response.content.decode()


def test_it_says_which_rounds_of_the_standings_are_provisional(client: Client, synthetic: SyntheticSeason) -> None:
    from results.classifications.models import ClassificationVersion

    assert 'id="provisional-notice"' not in client.get(URL).content.decode()
    # Rounds 2 and 4 only provisional (a steward's publication not yet declared official).
    ClassificationVersion.objects.filter(race__season=synthetic.season, race__round__in=[2, 4]).update(
        status="provisional"
    )
    cache.clear()  # Why: an update behind the services' back moves no standings generation
    body = client.get(URL).content.decode()
    assert "built on provisional results of\n  rounds 2, 4;" in body
    assert "results of\n  round 2;" in client.get(URL + "?round=3").content.decode()
    assert 'id="provisional-notice"' not in client.get(URL + "?round=1").content.decode()
