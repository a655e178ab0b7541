"""The school's page of who teaches which class: list (filters, export, import), one
assignment (with its removal), the form. What it records narrows the teacher's scope
(``core.scoping.ClassDimension``)."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.actions import object_view
from edugov.core.scoping import allowed_actions
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from .classes import class_assignment_delete, class_assignment_save
from .models import ClassAssignment, TeachingRole


class ClassAssignmentForm(forms.ModelForm):
    class Meta:
        model = ClassAssignment
        fields = ("user", "grade", "class_name", "role")


class ClassAssignmentTable(tables.Table):
    class_name = tables.Column(linkify=lambda record: record.get_absolute_url())
    school = tables.Column(verbose_name=gettext_lazy("school"), order_by=("school__path",))
    user = tables.Column(
        verbose_name=gettext_lazy("teacher's account"), order_by=("user__username",)
    )

    class Meta:
        model = ClassAssignment
        fields = ("school", "grade", "class_name", "user", "role")
        attrs = {"class": "table table-sm table-hover align-middle"}


class ClassAssignmentFilter(django_filters.FilterSet):
    grade = django_filters.NumberFilter(label=gettext_lazy("grade"))
    class_name = django_filters.CharFilter(label=gettext_lazy("class"))
    role = django_filters.ChoiceFilter(
        choices=TeachingRole.choices, label=gettext_lazy("teaching role")
    )
    username = django_filters.CharFilter(
        field_name="user__username",
        lookup_expr="iexact",
        label=gettext_lazy("teacher's account (login name)"),
    )

    class Meta:
        model = ClassAssignment
        fields = ["grade", "class_name", "role", "username"]


class ClassAssignmentList(ScopedListView):
    model = ClassAssignment
    table_class = ClassAssignmentTable
    filterset_class = ClassAssignmentFilter
    select_related = ("school", "user")
    title = gettext_lazy("Class assignments (班级任课)")
    export_url_name = "students:class_export"
    import_url_name = "students:class_import"
    create_url_name = "students:class_create"
    empty_hint = gettext_lazy(
        "The principal records which classes each teacher teaches, one by one or by import. "
        "A teacher sees the students, portfolios and fitness results of her classes only: "
        "until she has one, she sees none."
    )


ClassAssignmentExport = ClassAssignmentList.export_view("class-assignments")


class ClassAssignmentImport(ImportView):
    importer = "students.classassignment"


class ClassAssignmentDetail(ScopedDetailView):
    model = ClassAssignment
    select_related = ("school", "user")
    template_name = "students/class_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["moves"] = allowed_actions(self.request.user, self.object, ("change", "delete"))
        return ctx


class ClassAssignmentEdit(ScopedFormView):
    model = ClassAssignment
    form_class = ClassAssignmentForm

    def save(self, form, *, creating):
        assignment = form.instance
        # The school is the teacher's: a changed account may move the row to hers.
        assignment.school_id = assignment.user.unit_id
        return class_assignment_save(user=self.request.user, assignment=assignment)


@object_view(ClassAssignment, "delete", select_related=("user",))
def class_delete(request, assignment: ClassAssignment):
    class_assignment_delete(user=request.user, assignment=assignment)
    messages.success(request, _("The teacher no longer teaches this class."))
    return redirect("students:class_list")
