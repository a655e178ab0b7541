"""防溺水 and 后勤 ledgers (plan points 25, 27): risk waters, canteens and their
suppliers, 校服 procurement and 校方责任险 — the sheets the bureau passed up the chain."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edugov.core.scoping import Action, ScopedModel

from ..relations import Above

# Suppliers' and canteens' licences are flagged this many days before they expire.
LICENCE_WARNING_DAYS = 30


class WaterKind(models.TextChoices):
    RIVER = "river", _("River")
    POND = "pond", _("Pond")
    RESERVOIR = "reservoir", _("Reservoir")
    DITCH = "ditch", _("Ditch or canal")
    PIT = "pit", _("Pit (工地、采砂坑)")
    LAKE = "lake", _("Lake")


class RiskWater(ScopedModel):
    """A risk water (危险水域) registered by the district: where it is, who answers for it
    on the ground (乡镇 / village), its warning signs and rescue equipment."""

    scope_unit_field = "unit"
    # A school's patrol names the risk waters its district registered.
    actions = {"use": Action("safety.add_patrolrecord", Above("unit"))}

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=WaterKind.choices)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    town = models.CharField(_("township (乡镇)"), max_length=50)
    village = models.CharField(_("village"), max_length=50, blank=True)
    warning_signs = models.PositiveSmallIntegerField(_("warning signs"), default=0)
    rescue_equipment = models.CharField(_("rescue equipment"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("risk water")
        verbose_name_plural = _("risk waters")
        ordering = ("unit__path", "town", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("safety:water_edit", args=[self.pk])


class Canteen(ScopedModel):
    """A school canteen: its food business licence, 明厨亮灶, the food-safety officer."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=100)
    licence_no = models.CharField(_("licence number"), max_length=50)
    licence_expiry = models.DateField(_("licence expires"))
    bright_kitchen = models.BooleanField(_("明厨亮灶"), default=False)
    contracted = models.BooleanField(_("run by a contractor"), default=False)
    officer = models.CharField(_("food-safety officer"), max_length=50)

    class Meta(ScopedModel.Meta):
        verbose_name = _("canteen")
        verbose_name_plural = _("canteens")
        ordering = ("school__path", "name")

    def __str__(self) -> str:
        return f"{self.school} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("safety:canteen_edit", args=[self.pk])


class Supplier(ScopedModel):
    """A food supplier (大宗食材) chosen by a district or a school, with its licence."""

    scope_unit_field = "unit"
    # A school buys from the suppliers its district chose (统一配送) as well as its own.
    actions = {"use": Action("safety.add_foodpurchase", Above("unit"))}

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("chosen by")
    )
    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    goods = models.CharField(_("goods"), max_length=100)
    licence_no = models.CharField(_("licence number"), max_length=50)
    licence_expiry = models.DateField(_("licence expires"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("food supplier")
        verbose_name_plural = _("food suppliers")
        ordering = ("licence_expiry", "name")

    def __str__(self) -> str:
        return self.name

    def expires_soon(self, today: dt.date) -> bool:
        return self.licence_expiry <= today + dt.timedelta(days=LICENCE_WARNING_DAYS)

    def get_absolute_url(self) -> str:
        return reverse("safety:supplier_edit", args=[self.pk])


class UniformProcurement(ScopedModel):
    """A school's 校服 procurement of one year: the 家长委员会's part and the record of
    its decision, voluntary purchase (the rate), price, supplier, quality report
    (四部门《关于进一步加强中小学生校服管理工作的意见》, 2015)."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    committee_took_part = models.BooleanField(_("家长委员会 took part"), default=False)
    decision_record = models.CharField(_("record of the decision"), max_length=200, blank=True)
    supplier = models.CharField(_("supplier"), max_length=100)
    price = models.DecimalField(_("price per set (元)"), max_digits=8, decimal_places=2)
    students = models.PositiveIntegerField(_("students offered"))
    bought = models.PositiveIntegerField(_("students who bought"))
    quality_report = models.CharField(_("quality-inspection report"), max_length=100, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("uniform procurement")
        verbose_name_plural = _("uniform procurements")
        ordering = ("-year", "school__path")
        constraints = [
            models.UniqueConstraint(fields=("school", "year"), name="safety_uniform_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.school}"

    @property
    def purchase_rate(self) -> float | None:
        return round(100 * self.bought / self.students, 1) if self.students else None

    def clean(self) -> None:
        errors = {}
        if self.bought is not None and self.students is not None and self.bought > self.students:
            errors["bought"] = _("More students bought than were offered.")
        if not self.committee_took_part:
            # Voluntary and parent-led by the 2015 opinion: the record must say so.
            errors["committee_took_part"] = _("The 家长委员会 must take part in choosing uniforms.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("safety:uniform_edit", args=[self.pk])


class InsurancePolicy(ScopedModel):
    """校方责任险 of one school and year. Insured should equal enrolled: a gap is flagged."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    insurer = models.CharField(_("insurer"), max_length=100)
    policy_no = models.CharField(_("policy number"), max_length=50)
    insured = models.PositiveIntegerField(_("students insured"))
    enrolled = models.PositiveIntegerField(_("students enrolled"))
    premium = models.DecimalField(_("premium (元)"), max_digits=10, decimal_places=2)
    claims = models.PositiveSmallIntegerField(_("claims"), default=0)
    claims_paid = models.DecimalField(
        _("claims paid (元)"), max_digits=10, decimal_places=2, default=0
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("liability insurance")
        verbose_name_plural = _("liability insurance")
        ordering = ("-year", "school__path")
        constraints = [
            models.UniqueConstraint(fields=("school", "year"), name="safety_insurance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.school} {self.policy_no}"

    @property
    def gap(self) -> int:
        return max(0, (self.enrolled or 0) - (self.insured or 0))

    def get_absolute_url(self) -> str:
        return reverse("safety:insurance_edit", args=[self.pk])


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    LUNCH = "lunch", _("Lunch")
    DINNER = "dinner", _("Dinner")


class MealRecord(ScopedModel):
    """A 校长陪餐 record: a school leader ate with the students at this meal
    (《学校食品安全与营养健康管理规定》, 2019: 集中用餐陪餐制度)."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    leader = models.CharField(_("leader who ate with the students"), max_length=50)
    dishes = models.CharField(_("dishes"), max_length=200, blank=True)
    problems = models.CharField(_("problems found"), max_length=300, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("accompanied meal (陪餐)")
        verbose_name_plural = _("accompanied meals (陪餐)")
        ordering = ("-date", "school__path")
        constraints = [
            models.UniqueConstraint(fields=("school", "date", "meal"), name="safety_meal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.school} {self.get_meal_display()}"

    def get_absolute_url(self) -> str:
        return reverse("safety:meal_edit", args=[self.pk])


class ParentLetter(ScopedModel):
    """告家长书 acknowledgements of one campaign (暑期防溺水 …), counted per class: how
    many families of the class signed it back. Counts only: no family is named here."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    campaign = models.CharField(
        pgettext_lazy("safety", "campaign"), max_length=50, default="暑期防溺水"
    )
    class_name = models.CharField(_("class"), max_length=30)
    students = models.PositiveIntegerField(_("students in the class"))
    acknowledged = models.PositiveIntegerField(_("letters signed back"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("parents' letter (告家长书)")
        verbose_name_plural = _("parents' letters (告家长书)")
        ordering = ("-year", "school__path", "class_name")
        constraints = [
            models.UniqueConstraint(
                fields=("school", "year", "campaign", "class_name"), name="safety_letter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.campaign} {self.school} {self.class_name}"

    @property
    def rate(self) -> float | None:
        return round(100 * self.acknowledged / self.students, 1) if self.students else None

    def clean(self) -> None:
        if (
            self.acknowledged is not None
            and self.students is not None
            and self.acknowledged > self.students
        ):
            raise ValidationError(
                {"acknowledged": _("More letters signed back than students in the class.")}
            )

    def get_absolute_url(self) -> str:
        return reverse("safety:letter_edit", args=[self.pk])
