"""Scope of the schools' pages (list, review page, export) and of the parent's page."""

import pytest

from edugov.core.testing import ScopedViewTests
from edugov.enrolment.models import Application

from . import world

pytestmark = pytest.mark.django_db


class TestSchoolPages(ScopedViewTests):
    list_url = "enrolment:application_list"
    detail_url = "enrolment:review_detail"
    export_url = "enrolment:application_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "an application is "
        "changed only by the review moves and the placement services, never edited"
    }

    def objects(self, cast):
        world.build(cast)
        return (
            cast.donghu_principal,
            Application.objects.filter(school=cast.donghu_school).order_by("pk").first(),
            Application.objects.filter(school=cast.jinxian_school).order_by("pk").first(),
        )

    def label(self, obj):
        return obj.number


class TestParentPage(ScopedViewTests):
    detail_url = "enrolment:application_detail"
    not_applicable = {
        "test_the_list_shows_in_scope_rows_only": "the parent's list is a plain page "
        "(my_applications), checked in test_flow",
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "no edit page",
        "test_the_export_contains_in_scope_rows_only": "parents export nothing",
    }

    def objects(self, cast):
        world.build(cast)
        mine, other = Application.objects.order_by("pk")[:2]
        return mine.parent, mine, other
