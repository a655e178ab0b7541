"""Staffing (the KPI and the lead counselor), district centers, hospitals, open hours
and bookings, and the hotline's duty roster and calls."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from edugov.core.privacy import NoStoreMixin
from edugov.core.views import ScopedFormView, ScopedListView

from .. import services
from ..filters import (
    AppointmentFilter,
    CenterFilter,
    HospitalFilter,
    HotlineCallFilter,
    SlotFilter,
    StaffingFilter,
)
from ..forms import AppointmentForm, CenterForm, HospitalForm, SlotForm, StaffingForm
from ..models import Appointment, Center, Hospital, HotlineCall, Slot, Staffing
from ..tables import (
    AppointmentTable,
    CenterTable,
    HospitalTable,
    HotlineCallTable,
    SlotTable,
    StaffingTable,
)


class StaffingList(ScopedListView):
    model = Staffing
    table_class = StaffingTable
    filterset_class = StaffingFilter
    select_related = ("school", "lead_counselor")
    title = gettext_lazy("Psychology staffing")
    export_url_name = "wellbeing:staffing_export"
    create_url_name = "wellbeing:staffing_create"
    empty_hint = gettext_lazy(
        "Each school records its full- and part-time psychology teachers and names its "
        "lead counselor, who receives the school's alerts."
    )


StaffingExport = StaffingList.export_view("psychology-staffing")


class StaffingEdit(ScopedFormView):
    model = Staffing
    form_class = StaffingForm

    def save(self, form, *, creating):
        return services.staffing_save(user=self.request.user, staffing=form.instance)


class CenterList(ScopedListView):
    model = Center
    select_related = ("district",)
    title = gettext_lazy("Counselling centers")
    create_url_name = "wellbeing:center_create"
    empty_hint = gettext_lazy(
        "Each district records its 心理辅导中心 here; its staff are named by the district."
    )

    table_class = CenterTable
    filterset_class = CenterFilter


class CenterEdit(ScopedFormView):
    model = Center
    form_class = CenterForm

    def save(self, form, *, creating):
        return services.center_save(user=self.request.user, center=form.instance)


class HospitalList(ScopedListView):
    model = Hospital
    table_class = HospitalTable
    filterset_class = HospitalFilter
    select_related = ("unit",)
    title = gettext_lazy("Hospitals")
    export_url_name = "wellbeing:hospital_export"
    create_url_name = "wellbeing:hospital_create"
    empty_hint = gettext_lazy(
        "The city and the districts list the hospitals their schools refer students to."
    )


HospitalExport = HospitalList.export_view("hospitals")


class HospitalEdit(ScopedFormView):
    model = Hospital
    form_class = HospitalForm

    def save(self, form, *, creating):
        return services.hospital_save(user=self.request.user, hospital=form.instance)


class SlotList(ScopedListView):
    model = Slot
    table_class = SlotTable
    filterset_class = SlotFilter
    select_related = ("school", "counselor", "appointment")
    title = gettext_lazy("Open hours")
    create_url_name = "wellbeing:slot_create"
    empty_hint = gettext_lazy("A counselor opens hours here; students and parents book them.")


class SlotCreate(ScopedFormView):
    model = Slot
    form_class = SlotForm

    def save(self, form, *, creating):
        return services.slot_save(user=self.request.user, slot=form.instance)


class AppointmentList(NoStoreMixin, ScopedListView):
    model = Appointment
    table_class = AppointmentTable
    select_related = ("slot",)
    title = gettext_lazy("Appointments")
    filterset_class = AppointmentFilter
    create_url_name = "wellbeing:appointment_create"
    empty_hint = gettext_lazy("Bookings of your open hours; only you see who booked.")


class AppointmentCreate(NoStoreMixin, ScopedFormView):
    model = Appointment
    form_class = AppointmentForm

    def save(self, form, *, creating):
        data = form.cleaned_data
        return services.appointment_book(
            slot=data["slot"],
            name=data["name"],
            contact=data.get("contact", ""),
            who=data["who"],
            topic=data.get("topic", ""),
        )


class HotlineCallList(ScopedListView):
    model = HotlineCall
    table_class = HotlineCallTable
    filterset_class = HotlineCallFilter
    select_related = ("center", "taken_by")
    title = gettext_lazy("Hotline calls")
    export_url_name = "wellbeing:call_export"
    empty_hint = gettext_lazy(
        "The district center's duty staff record each call: when, how long, the topic and "
        "what was done; never the caller's name or number."
    )


HotlineCallExport = HotlineCallList.export_view("hotline-calls")
