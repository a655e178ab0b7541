"""Status history, groups and alliances, populations and targets: scoped like the rest."""

import pytest
from django.urls import reverse

from edugov.core.testing import ScopedViewTests
from edugov.registry.models import Alliance, DistrictPopulation, InstitutionStatus, Target

from . import world

pytestmark = pytest.mark.django_db


class _World(ScopedViewTests):
    model = None

    def objects(self, cast):
        world.build(cast)
        rows = self.model.objects.order_by("pk")
        return cast.donghu_officer, rows[0], rows[1]


class TestStatusScope(_World):
    model = InstitutionStatus
    list_url = "registry:status_list"
    edit_url = "registry:status_edit"
    export_url = "registry:status_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": (
            "status history rows have no detail page (no URL for one)"
        ),
    }

    def label(self, obj):
        return obj.school.name


class TestAllianceScope(_World):
    model = Alliance
    list_url = "registry:alliance_list"
    edit_url = "registry:alliance_edit"
    export_url = "registry:alliance_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": (
            "alliances have no detail page (no URL for one)"
        ),
    }

    def label(self, obj):
        return obj.name


class TestPopulationScope(_World):
    model = DistrictPopulation
    list_url = "registry:population_list"
    edit_url = "registry:population_edit"
    export_url = "registry:population_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": (
            "district populations have no detail page (no URL for one)"
        ),
    }

    def label(self, obj):
        return obj.district.name

    def test_the_export_contains_in_scope_rows_only(self, cast, client_for):
        # The export holds the import's columns (issue 15): districts go by their code.
        user, inside, outside = self.objects(cast)
        response = client_for(user).get(reverse(self.export_url), {"format": "csv"})
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert inside.district.code in body and outside.district.code not in body


class TestTargetScope(_World):
    model = Target
    list_url = "registry:target_list"
    edit_url = "registry:target_edit"
    export_url = "registry:target_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": (
            "targets have no detail page (no URL for one)"
        ),
    }

    def label(self, obj):
        return obj.unit.name


def test_member_schools_can_read_their_group_but_not_change_it(cast, client_for):
    world.build(cast)
    group = Alliance.objects.get(unit=cast.donghu)
    visible = Alliance.objects.visible_to(cast.donghu_principal, "view")
    assert list(visible) == [group]
    assert not Alliance.objects.visible_to(cast.donghu_principal, "change").exists()
