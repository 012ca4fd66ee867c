"""Demo results: the real ELMS 2014 Silverstone bundle, Le Mans invitations, a combined GT3 ranking."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from championships.models import Organisation, Season
from results.rankings.models import CombinedRanking, CombinedRankingComponent, InvitationRule
from results.season_import import import_season

ELMS_2014 = settings.BASE_DIR / "tests" / "fixtures" / "bundles" / "elms-2014"


def load() -> None:
    """Idempotent: the bundle import skips what is already there; rules are upserted."""
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is not None:
        import_season(ELMS_2014, admin)
    aslms = Season.objects.filter(series__code="aslms", name="2023").first()
    gtwca = Season.objects.filter(series__code="gtwc-asia", name="2022").first()
    if aslms is None or gtwca is None:
        return
    for label, class_code in (("LMP2 champion", "LMP2"), ("LMP3 champion", "LMP3"), ("GT champion", "GT")):
        InvitationRule.objects.update_or_create(
            season=aslms, label=label, defaults={"class_code": class_code, "positions": 1}
        )
    ranking, _ = CombinedRanking.objects.update_or_create(
        code="gt3-asia",
        defaults={
            "name": "GT3 Asia combined ranking (GTWC Asia + Asian Le Mans Series)",
            "require_all": True,
            "governing_body": Organisation.objects.get(code="sro"),
        },
    )
    CombinedRankingComponent.objects.get_or_create(ranking=ranking, season=gtwca, class_code="GT3", cup_code="")
    CombinedRankingComponent.objects.get_or_create(ranking=ranking, season=aslms, class_code="GT", cup_code="")
    InvitationRule.objects.update_or_create(
        season=aslms, label="GT3 Asia combined ranking winner", defaults={"combined_ranking": ranking, "positions": 1}
    )
