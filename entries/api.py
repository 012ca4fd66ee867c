"""Public API: a season's entry list (accepted and reserve entries only, no contact data)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from championships.api_common import PublicAPIMixin
from championships.selectors import season_get
from entries.models import Driver, Entry, EntryStatus
from entries.public_selectors import public_entries


class PublicDriverSerializer(serializers.Serializer):
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    name = serializers.CharField(source="full_name")
    nationality = serializers.CharField(help_text="ISO 3166 alpha-3 code")
    category = serializers.SerializerMethodField(help_text="FIA category for this season; null when not graded")

    def get_category(self, driver: Driver) -> str | None:
        return self.context["categories"].get(driver.pk)  # type: ignore[no-any-return]


class PublicEntrySerializer(serializers.Serializer):
    """Only what an entry list on paper shows: never who registered it or how to reach the team."""

    number = serializers.CharField()
    status = serializers.ChoiceField(choices=[EntryStatus.ACCEPTED, EntryStatus.RESERVE])
    reserve = serializers.SerializerMethodField()
    racing_class = serializers.CharField(source="racing_class.code", help_text="Class code")
    cup = serializers.CharField(source="cup.code", allow_null=True, help_text="Cup code, if any")
    team = serializers.CharField(source="team.name")
    team_country = serializers.CharField(source="team.country")
    car = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=Entry._meta.get_field("kind").choices)  # type: ignore[union-attr]
    drivers = serializers.SerializerMethodField()

    def get_reserve(self, entry: Entry) -> bool:
        return entry.status == EntryStatus.RESERVE

    def get_car(self, entry: Entry) -> str | None:
        return str(entry.car_model) if entry.car_model else None

    @extend_schema_field(PublicDriverSerializer(many=True))
    def get_drivers(self, entry: Entry) -> list[dict[str, object]]:
        # Why: a driver nominated at several events appears once, in the order first nominated.
        drivers = {n.driver_id: n.driver for n in entry.public_nominations}  # type: ignore[attr-defined]
        return PublicDriverSerializer(drivers.values(), many=True, context=self.context).data  # type: ignore[return-value]


class EntryList(PublicAPIMixin, generics.ListAPIView):
    """The public entry list of a season: accepted entries, and reserves flagged as such."""

    serializer_class = PublicEntrySerializer

    def get_queryset(self) -> list[Entry]:  # type: ignore[override]
        season = season_get(self.kwargs["series_code"], self.kwargs["season_name"], None)  # the API is public
        entries, self.categories = public_entries(season)
        return entries

    def get_serializer_context(self) -> dict[str, object]:
        return {**super().get_serializer_context(), "categories": getattr(self, "categories", {})}
