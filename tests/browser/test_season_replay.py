"""Issue 17, done when: the real Asian Le Mans Series 2023-24 replayed by clicking only.

Series staff import the entry list built from round 1's file in the admin (dry run, then confirm);
a steward uploads every real file of the season (both qualifying sessions of each weekend, then
each race), resolving every late change on the preview: late driver changes (the offered existing
driver, else a new one with the FIA category and nationality of the qualifying file), cars absent
(withdrawn, as the golden test has them), cars not on the list (left for staff, who add them as
late full-season entries). The steward publishes provisional, staff publish official; a time
penalty on the last race goes through its check page. The public pages then show the golden
figures (tests/standings/test_golden_aslms_2023_24.py) and the GT poles.

No typed URL but the home and login pages. Screenshots at 1280 and 390 px in test-results/season-replay.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from championships.models import PointsRules, QualifyingSets
from entries.models import Entry, EntryStatus
from entries.names import name_key
from results.classifications.models import ClassificationVersion
from results.classifications.qualifying_models import RacePole
from tests import factories
from tests.browser.conftest import enrol_totp, log_in, shoot
from tests.scenarios import (
    ASLMS_GT_POLES,
    ASLMS_POLES,
    ASLMS_WEEKENDS,
    GT_QUALIFYING_FILES,
    QUALIFYING_FILES,
    RACE_FILES,
    split_caps_name,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = str(Path(__file__).resolve().parents[2] / "test-results" / "season-replay")
ENTRY_LIST = Path(__file__).resolve().parents[1] / "fixtures" / "entry-lists" / "aslms-2023-24-round-1.csv"
# The real start of each race (the Al Kamel file names say so), 4 hours each.
STARTS: dict[int, tuple[date, time]] = {
    1: (date(2023, 12, 2), time(14, 0)),
    2: (date(2023, 12, 3), time(14, 0)),
    3: (date(2024, 2, 4), time(13, 0)),
    4: (date(2024, 2, 10), time(15, 0)),
    5: (date(2024, 2, 11), time(16, 0)),
}
CATEGORIES = {"P": "platinum", "G": "gold", "S": "silver", "B": "bronze"}


def _season(series: Any) -> Any:
    """The calendar and rules as staff set them up before the season (not part of the replay)."""
    season = factories.SeasonFactory(series=series, name="2023-24")
    for order, code in enumerate(("LMP2", "LMP3", "GT")):
        factories.RacingClassFactory(season=season, code=code, order=order)
    for name, start, end, rounds in ASLMS_WEEKENDS.values():
        event = factories.EventFactory(season=season, name=name, start_date=start, end_date=end)
        for round_number in rounds:
            day, start_time = STARTS[round_number]
            factories.RaceFactory(
                event=event, round=round_number, race_date=day, start_time=start_time, scheduled_duration_min=240
            )
    PointsRules.objects.create(
        season=season,
        scale="25 18 15 12 10 8 6 4 2 1",
        beyond_scale=Decimal("0.5"),
        pole=Decimal(1),
        classification_min_share=Decimal("0.70"),
        qualifying_sets=QualifyingSets.ALL_RACES_OF_EVENT,
    )
    return season


def _season_entry_list() -> bytes:
    """Round 1's crews nominated for the whole season (`all`), as a series' season entry list is.

    Why: the file was built from round 1 alone and names Sepang; nominated there only, every
    driver of the later weekends would be a late change, which is not how the season ran.
    """
    rows = list(csv.DictReader(io.StringIO(ENTRY_LIST.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({**row, "events": "all"} for row in rows)
    return out.getvalue().encode("utf-8")


def _qualifying_licences() -> dict[tuple[str, str], tuple[str, str]]:
    """(car, family name) → (FIA category, nationality) of every driver of the qualifying files.

    Why also by family name: the files of one weekend spell first names differently (qualifying
    "William Stevens", race "Will STEVENS"), and split names differently (qualifying "Jean" +
    "Baptiste Simmenauer"); the steward reads the category off the car's line.
    """
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for path in (*QUALIFYING_FILES.values(), *GT_QUALIFYING_FILES.values()):
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
            for n in range(1, 7):
                first = (row.get(f"DRIVER{n}_FIRSTNAME") or "").strip()
                last = (row.get(f"DRIVER{n}_SECONDNAME") or "").strip()
                licence = (row.get(f"DRIVER{n}_LICENSE") or "").strip()
                if last and licence in CATEGORIES:
                    country = row[f"DRIVER{n}_COUNTRY"].strip()
                    # Why: Al Kamel writes "_" for a driver racing under no flag (Vladislav Lomko).
                    for name in (f"{first} {last}", last):
                        found[(row["NUMBER"].strip(), name_key(name))] = (
                            CATEGORIES[licence],
                            country if country.isalpha() else "",
                        )
    return found


LICENCES = _qualifying_licences()


def _import_entry_list(page: Page, season: Any) -> None:
    page.get_by_role("navigation", name="Your pages").get_by_role("link", name="Admin").click()
    page.locator("#content-main th[scope=row]").get_by_role("link", name="Entries", exact=True).click()
    page.get_by_role("link", name="Import").click()
    page.select_option("select[name=resource]", label="Entry list with crews (one row per driver)")
    page.set_input_files(
        "input[name=import_file]", {"name": ENTRY_LIST.name, "mimeType": "text/csv", "buffer": _season_entry_list()}
    )
    page.select_option("select[name=format]", label="csv")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("body")).to_contain_text("Below is a preview of data to be imported")
    assert not Entry.objects.filter(season=season).exists()  # a dry run
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist")).to_contain_text("Import finished")
    assert Entry.objects.filter(season=season, status=EntryStatus.ACCEPTED).count() == 39
    page.get_by_role("link", name="View site").click()


def _shoot_both(page: Page, name: str) -> None:
    """The whole page (shoot), and its first screenful at each width, readable when looked at."""
    shoot(page, SHOTS, name)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 1100})
        page.screenshot(path=f"{SHOTS}/{name}-top-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})


def _go_steward_home(page: Page) -> None:
    page.get_by_role("navigation", name="Your pages").get_by_role("link", name="Steward").click()


def _steward_row(page: Page, round_number: int) -> Locator:
    return page.locator("tr", has=page.locator("td", has_text=re.compile(rf"^R{round_number}$")))


def _upload_qualifying(page: Page, round_number: int, paths: tuple[Path, ...]) -> None:
    _go_steward_home(page)
    _steward_row(page, round_number).locator("td.qualifying-sessions a").click()
    for path in paths:
        page.set_input_files("input[name=file]", str(path))
        page.get_by_role("button", name="Check the file").click()
        expect(page.locator("#preview-session")).to_be_visible()
        page.get_by_role("button", name="Confirm and set the poles").click()
        expect(page.locator("#qualifying-uploads")).to_contain_text(path.name)


def _resolve(page: Page, staff: bool) -> bool:
    """Choose a way for every difference of the preview; True if a car was left for the series staff."""
    left = False
    for fieldset in page.locator("fieldset.difference").all():
        key = fieldset.get_attribute("data-key") or ""
        kind, _, rest = key.partition(":")
        if kind == "missing" or kind == "nodrivers":
            # Not every car of a real season races every round: the golden figures have them withdrawn.
            fieldset.get_by_label("Withdrawn from the event").check()
        elif kind == "car":
            if staff:
                fieldset.get_by_label("Add it as a late full-season entry").check()
            else:
                fieldset.get_by_label("Leave it for the series staff").check()
                left = True
        elif kind == "driver":
            if not staff and "child" in (fieldset.get_attribute("class") or ""):
                continue  # a driver of a car left for staff: staff resolve it with the car
            _late_driver(fieldset, rest.partition(":")[0])
        else:
            raise AssertionError(f"a difference the replay does not know: {key}")
    return left


def _late_driver(fieldset: Locator, number: str) -> None:
    existing = fieldset.get_by_label("Existing driver:")
    if existing.count():
        existing.first.check()  # the closest spelling first (name variants, accents)
        return
    new = fieldset.get_by_label("New driver:")
    new.check()
    name = new.locator("xpath=..").inner_text().split("New driver:")[1].strip()
    category, nationality = (
        LICENCES.get((number, name_key(name))) or LICENCES[(number, name_key(split_caps_name(name)[1]))]
    )
    fieldset.get_by_label("FIA category").select_option(category)
    fieldset.get_by_label("Nationality of a new driver").fill(nationality)


def _confirm(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Confirm.* and save as a new version$")).click()
    page.wait_for_load_state()
    errors = page.locator("#confirm-errors")
    assert not errors.count(), errors.inner_text()
    expect(page.locator(".messages")).to_contain_text("saved (unpublished)")


def _upload_race(steward: Page, staff: Page, round_number: int) -> None:
    path = RACE_FILES[round_number]
    _go_steward_home(steward)
    _steward_row(steward, round_number).locator("td").nth(3).get_by_role("link").click()
    steward.set_input_files("input[name=file]", str(path))
    steward.get_by_role("button", name="Check the file").click()
    expect(steward.locator("#summary")).to_contain_text("cars matched")
    if round_number == 3:
        # Dubai: 4 cars new to the season, 2 entered cars absent, late driver changes in 7 crews.
        expect(steward.locator("#summary")).to_have_text(
            "37 cars matched, 7 late driver changes, 4 cars not on the entry list, 2 entered cars missing from the file"
        )
        _shoot_both(steward, "preview-dubai-differences")
    if not _resolve(steward, staff=False):
        _confirm(steward)
        return
    steward.get_by_role("button", name="Leave for the series staff").click()
    expect(steward.locator("#waiting-uploads")).to_contain_text(path.name)

    staff.get_by_role("navigation", name="Your pages").get_by_role("link", name="My home").click()
    staff.locator("#dash-waiting-uploads + ul").get_by_role("link", name=re.compile(re.escape(path.name))).click()
    expect(staff.locator("#waiting")).to_contain_text("Left for the series staff")
    _resolve(staff, staff=True)
    if round_number == 3:
        _shoot_both(staff, "preview-dubai-staff-resolves")
    _confirm(staff)
    if round_number == 3:
        # The late entries and crews are on record where staff look (audited late changes).
        staff.get_by_role("navigation", name="Your pages").get_by_role("link", name="My home").click()
        late = staff.locator("#dash-late-changes + ul")
        for number in ("34", "47", "58", "98"):
            expect(late).to_contain_text(f"#{number} late")


def _publish(steward: Page, staff: Page, round_number: int) -> None:
    _go_steward_home(steward)
    _steward_row(steward, round_number).locator("td").nth(3).get_by_role("link").click()
    steward.locator("#publish-actions").get_by_role("link", name="Publish provisional").click()
    steward.get_by_role("button", name="Confirm: publish provisional").click()
    expect(steward.locator(".messages")).to_contain_text("published as provisional")

    staff.get_by_role("navigation", name="Your pages").get_by_role("link", name="My home").click()
    staff.locator("#to-make-official + ul").get_by_role("link", name=re.compile(rf" R{round_number} ")).click()
    staff.locator("#publish-actions").get_by_role("link", name="Publish official").click()
    staff.get_by_role("button", name="Confirm: publish official").click()
    expect(staff.locator(".messages")).to_contain_text("published as official")


def _time_penalty(steward: Page) -> None:
    """Race 5: #98 (GT, 12th, same lap as #77 and #27) gets 10 s for track limits and drops to 14th.

    Beyond the points scale every classified car scores 0.5 (the season's rule), so the published
    figures stay as they were: the check page shows the places that change and no points.
    """
    _go_steward_home(steward)
    _steward_row(steward, 5).locator("td").nth(3).get_by_role("link").click()
    steward.get_by_role("link", name="Record a decision").click()
    steward.fill("input[name=number]", "31")
    car = steward.locator("select[name=entry] option", has_text=re.compile(r"#98\b"))
    steward.select_option("select[name=entry]", label=car.inner_text())
    steward.fill(
        "textarea[name=offence]", "Exceeding track limits (4th warning), Art. 12.2.1 of the Sporting Regulations"
    )
    steward.select_option("select[name=kind]", "time")
    steward.fill("input[name=time_added_s]", "10")
    steward.get_by_role("button", name="Record the decision").click()
    check = steward.locator("#decision-check")
    for change in ("#77: GT P13 → GT P12", "#27: GT P14 → GT P13", "#98: GT P12 → GT P14"):
        expect(check).to_contain_text(change)
    expect(check).to_contain_text("The official classification becomes amended")
    _shoot_both(steward, "decision-check")
    steward.get_by_role("button", name="Confirm: make it public").click()
    expect(steward.locator(".messages")).to_contain_text("Decision 31 recorded.")


def _teams_table(page: Page, class_code: str, after_round: int) -> list[tuple[str, Decimal]]:
    """(car, points) of the public teams' standings of a class after a round, from the page."""
    page.locator("#championship-tabs").get_by_role("link", name="Teams").click()
    page.locator("#table-tabs").get_by_role("link", name=class_code, exact=True).click()
    page.select_option("#round-select", str(after_round))
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#table-title")).to_contain_text(f"Teams – {class_code}, after round {after_round}")
    rows = page.locator("#standings > tbody > tr")
    return [
        (
            rows.nth(i).locator("td").nth(2).inner_text().lstrip("#"),
            Decimal(rows.nth(i).locator("td").nth(3).inner_text()),
        )
        for i in range(rows.count())
    ]


def _check_public_standings(page: Page, base_url: str, season: Any) -> None:
    page.goto(f"{base_url}/")
    page.get_by_role("link", name=str(season.name)).first.click()
    page.get_by_role("link", name="Standings").first.click()
    lmp2 = _teams_table(page, "LMP2", 4)
    assert lmp2[0] == ("4", Decimal(73))
    # CD Sport leads COOL Racing by 1 (#17's two pole points are in the gap: 86 - (83 + 2)).
    assert _teams_table(page, "LMP3", 4)[:2] == [("2", Decimal(86)), ("17", Decimal(85))]
    gt = _teams_table(page, "GT", 4)
    assert [car for car, _ in gt[:2]] == ["91", "88"] and gt[0][1] - gt[1][1] == 9
    for class_code, champion in (("LMP2", "4"), ("LMP3", "17"), ("GT", "91")):
        table = _teams_table(page, class_code, 5)
        assert table[0][0] == champion
        expect(page.locator("#standings > tbody > tr").first.locator(".badge")).to_have_text("Champion")
    # The GT table after the final round, pole points of #42 and #7 included (the golden test's figures).
    assert table[:4] == [("91", Decimal(76)), ("88", Decimal(74)), ("42", Decimal(58)), ("7", Decimal(51))]
    _shoot_both(page, "final-standings-gt")


def _check_gt_poles(page: Page, season: Any) -> None:
    """The GT pole of each weekend, read off the public qualifying pages (one session sets both races)."""
    for event in season.events.order_by("start_date"):
        rounds = {race.round for race in event.races.all()}
        (number,) = {number for round_number, class_code, number in ASLMS_GT_POLES if round_number in rounds}
        page.locator("#season-nav").get_by_role("link", name="Calendar").click()
        page.locator(f"#event-{event.pk}").get_by_role("link", name="Qualifying and starting grid").click()
        page.locator("#class-filter").get_by_role("link", name="GT").click()
        pole = page.locator("#starting-grid tbody tr").first
        expect(pole).to_contain_text("Pole GT")
        expect(pole).to_have_attribute("data-number", number)


def test_it_replays_the_real_2023_24_season_by_clicking(
    world: Any, live_server: Any, page: Page, browser: Browser, settings: Any
) -> None:
    settings.PADDOCK_STAFF_MFA_REQUIRED = True
    org = world.aco_series.governing_bodies.get()
    series = factories.SeriesFactory(code="aslms", name="Asian Le Mans Series", governing_bodies=[org])
    season = _season(series)
    base = live_server.url
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    log_in(staff, base, world.aco_staff.email, factories.PASSWORD, enrol_totp(world.aco_staff), next_url=None)
    _import_entry_list(staff, season)
    steward = page
    log_in(steward, base, world.aco_steward.email, factories.PASSWORD, enrol_totp(world.aco_steward), next_url=None)

    for weekend, (_, _, _, rounds) in sorted(ASLMS_WEEKENDS.items(), key=lambda item: item[1][1]):
        # As the weekend ran: the GT session, the LMP2/LMP3 session, then the race(s).
        _upload_qualifying(steward, rounds[0], (GT_QUALIFYING_FILES[weekend], QUALIFYING_FILES[weekend]))
        for round_number in rounds:
            _upload_race(steward, staff, round_number)
            _publish(steward, staff, round_number)
    _time_penalty(steward)
    staff_context.close()

    public = steward.context.browser.new_page()  # type: ignore[union-attr]
    _check_public_standings(public, base, season)
    _check_gt_poles(public, season)
    public.close()
    # What the pages showed is what is stored: every pole of the season, every race official or amended.
    poles = {(p.race.round, p.class_code, p.number) for p in RacePole.objects.filter(race__season=season)}
    assert poles == ASLMS_POLES
    statuses = dict(ClassificationVersion.objects.filter(race__season=season).values_list("race__round", "status"))
    assert statuses == {1: "official", 2: "official", 3: "official", 4: "official", 5: "amended"}
