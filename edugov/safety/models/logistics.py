"""The summer 防溺水 campaign's patrols and incident reports, the canteens' 大宗食材
purchases, 留样 checks and food incidents, and the 校方责任险 claims: the sheets a school
kept and sent up (plan points 25, 27)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edugov.core.fields import EncryptedTextField
from edugov.core.scoping import ScopedModel
from edugov.engines.codes import mask_value

from .ledgers import Canteen, InsurancePolicy, Meal, RiskWater, Supplier

# 《学校食品安全与营养健康管理规定》(2019) 第三十五条 and GB 31654: each dish of each meal
# kept, at least 125 g, refrigerated for at least 48 hours.
SAMPLE_GRAMS = 125
SAMPLE_HOURS = 48


class PatrolRecord(ScopedModel):
    """A 防溺水 patrol of the summer campaign: where, when, how many went, how many
    children were turned away from the water and what was found. Counts, no child named."""

    scope_unit_field = "unit"
    choice_rules = {"water": "edugov.safety.selectors.usable_waters"}

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("patrolled by")
    )
    date = models.DateField(_("date"))
    water = models.ForeignKey(
        RiskWater,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="patrols",
        verbose_name=_("risk water"),
    )
    place = models.CharField(_("place"), max_length=100)
    patrollers = models.PositiveSmallIntegerField(_("patrollers"))
    leader = models.CharField(_("patrol leader"), max_length=50)
    dissuaded = models.PositiveSmallIntegerField(_("children turned away"), default=0)
    findings = models.CharField(_("findings"), max_length=300, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("drowning-prevention patrol")
        verbose_name_plural = _("drowning-prevention patrols")
        ordering = ("-date", "unit__path", "place")
        constraints = [
            models.UniqueConstraint(fields=("unit", "date", "place"), name="safety_patrol_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("safety:patrol_edit", args=[self.pk])


class Sex(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class DrowningOutcome(models.TextChoices):
    SAFE = "safe", _("Rescued unharmed")
    INJURED = "injured", _("Injured")
    DIED = "died", _("Died")


class DrowningIncident(ScopedModel):
    """A drowning incident report (溺水事件报告) of a school's student. The least the
    bureau needs to count and follow up: grade, age, sex and outcome, never an ID number,
    an address or a guardian. The name, kept for the follow-up with the school, is
    encrypted and shown masked (张*) in every list and export."""

    scope_unit_field = "school"
    personal_fields = {"student_name": "name"}
    choice_rules = {"water": "edugov.safety.selectors.usable_waters"}

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    occurred_on = models.DateField(_("date of the incident"))
    water = models.ForeignKey(
        RiskWater,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("risk water"),
    )
    place = models.CharField(_("place"), max_length=100)
    student_name = EncryptedTextField(_("student"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(_("age"), validators=[MaxValueValidator(25)])
    grade = models.CharField(_("grade"), max_length=20)
    outcome = models.CharField(_("outcome"), max_length=10, choices=DrowningOutcome.choices)
    supervised = models.BooleanField(_("an adult was present"), default=False)
    description = models.CharField(_("what happened"), max_length=500)

    class Meta(ScopedModel.Meta):
        verbose_name = _("drowning incident")
        verbose_name_plural = _("drowning incidents")
        ordering = ("-occurred_on", "-pk")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.place} {self.masked('student_name')}"

    def masked(self, field: str) -> object:
        return mask_value(self.personal_fields[field], getattr(self, field))

    def get_absolute_url(self) -> str:
        return reverse("safety:drowning_edit", args=[self.pk])


def _canteen_of_school(obj, errors: dict) -> None:
    if obj.canteen_id and obj.school_id and obj.canteen.school_id != obj.school_id:
        errors["canteen"] = _("This canteen belongs to another school.")


class FoodPurchase(ScopedModel):
    """A 大宗食材 purchase of a school canteen: what, from which supplier, how much, and
    whether the supplier's licence and the batch's certificates were checked on delivery
    (索证索票, 进货查验)."""

    scope_unit_field = "school"
    choice_rules = {"supplier": "edugov.safety.selectors.usable_suppliers"}

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    canteen = models.ForeignKey(
        Canteen, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("canteen")
    )
    date = models.DateField(_("delivered on"))
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("supplier")
    )
    goods = models.CharField(_("goods"), max_length=100)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=10, default="kg")
    amount = models.DecimalField(_("amount (元)"), max_digits=12, decimal_places=2)
    certificates_checked = models.BooleanField(_("licence and certificates checked"))
    accepted_by = models.CharField(_("accepted by"), max_length=50)

    class Meta(ScopedModel.Meta):
        verbose_name = _("bulk food purchase")
        verbose_name_plural = _("bulk food purchases")
        ordering = ("-date", "school__path", "goods")
        constraints = [
            models.UniqueConstraint(
                fields=("canteen", "date", "supplier", "goods"), name="safety_purchase_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.goods}"

    def clean(self) -> None:
        errors: dict = {}
        _canteen_of_school(self, errors)
        if (
            self.supplier_id
            and self.school_id
            and self.supplier.unit_id not in self.school.ancestor_ids()
        ):
            errors["supplier"] = _("This supplier was chosen by another school or district.")
        elif self.supplier_id and self.date and self.supplier.licence_expiry < self.date:
            # Buying from a supplier without a valid licence is what the record is for.
            errors["supplier"] = _("The supplier's licence expired on %(date)s.") % {
                "date": self.supplier.licence_expiry.isoformat()
            }
        if self.quantity is not None and self.quantity <= 0:
            errors["quantity"] = _("The quantity must be more than zero.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("safety:purchase_edit", args=[self.pk])


class SampleCheck(ScopedModel):
    """A 留样 check of one meal of a canteen: the dishes served, those kept, and whether
    each sample was of 125 g, kept 48 hours and in its own fridge."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    canteen = models.ForeignKey(
        Canteen, on_delete=models.PROTECT, related_name="sample_checks", verbose_name=_("canteen")
    )
    date = models.DateField(_("date"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    dishes = models.PositiveSmallIntegerField(_("dishes served"))
    sampled = models.PositiveSmallIntegerField(_("dishes kept as samples"))
    weight_ok = models.BooleanField(_("each sample at least 125 g"))
    hours_ok = models.BooleanField(_("kept at least 48 hours"))
    fridge_ok = models.BooleanField(_("in a fridge of its own"))
    checked_by = models.CharField(_("checked by"), max_length=50)
    problems = models.CharField(_("problems found"), max_length=300, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("food sample check (留样)")
        verbose_name_plural = _("food sample checks (留样)")
        ordering = ("-date", "school__path")
        constraints = [
            models.UniqueConstraint(
                fields=("canteen", "date", "meal"), name="safety_sample_check_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.canteen.name} {self.get_meal_display()}"

    @property
    def compliant(self) -> bool:
        return self.sampled >= self.dishes and self.weight_ok and self.hours_ok and self.fridge_ok

    def clean(self) -> None:
        errors: dict = {}
        _canteen_of_school(self, errors)
        if self.sampled is not None and self.dishes is not None and self.sampled > self.dishes:
            errors["sampled"] = _("More samples than dishes served.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("safety:sample_edit", args=[self.pk])


class FoodIncidentKind(models.TextChoices):
    ILLNESS = "illness", _("Suspected food poisoning")
    FOREIGN = "foreign", _("Foreign matter in food")
    SPOILED = "spoiled", _("Spoiled or expired food")
    OTHER = "other", _("Other")


class FoodIncident(ScopedModel):
    """A food-safety incident of a school canteen. Its handling is a
    ``safety_food_incident`` case on casework (the school handles and reports, the
    district reviews and closes); one with students in hospital is told to the district
    and the city the same day. Counts of people, no one named."""

    scope_unit_field = "school"

    school = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    canteen = models.ForeignKey(
        Canteen,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("canteen"),
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    kind = models.CharField(_("kind"), max_length=10, choices=FoodIncidentKind.choices)
    affected = models.PositiveIntegerField(_("people affected"), default=0)
    hospitalised = models.PositiveIntegerField(_("people in hospital"), default=0)
    description = models.CharField(_("what happened"), max_length=500)
    reported_to_regulator = models.BooleanField(
        _("reported to market regulation (市场监管)"), default=False
    )
    case = models.OneToOneField(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("food incident")
        verbose_name_plural = _("food incidents")
        ordering = ("-occurred_at", "-pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.description[:40]}"

    def clean(self) -> None:
        errors: dict = {}
        _canteen_of_school(self, errors)
        if (
            self.hospitalised is not None
            and self.affected is not None
            and self.hospitalised > self.affected
        ):
            errors["hospitalised"] = _("More people in hospital than affected.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("safety:food_incident_detail", args=[self.pk])


class ClaimStatus(models.TextChoices):
    FILED = "filed", _("Claim filed")
    PAID = "paid", _("Claim paid")
    REFUSED = "refused", _("Claim refused")


class InsuranceClaim(ScopedModel):
    """A claim on a school's 校方责任险 policy. The policy's claim count and amount paid
    are the sums of these rows (``services.claim_save``). The injured student's name is
    encrypted and masked everywhere it is listed."""

    scope_unit_field = "policy__school"
    personal_fields = {"student_name": "name"}

    policy = models.ForeignKey(
        InsurancePolicy,
        on_delete=models.PROTECT,
        related_name="claim_rows",
        verbose_name=_("policy"),
    )
    claim_no = models.CharField(_("claim number"), max_length=50)
    incident_date = models.DateField(_("date of the incident"))
    student_name = EncryptedTextField(_("student"), blank=True)
    injury = models.CharField(_("what happened"), max_length=200)
    claimed = models.DecimalField(_("amount claimed (元)"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.FILED
    )
    paid = models.DecimalField(_("amount paid (元)"), max_digits=10, decimal_places=2, default=0)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("insurance claim")
        verbose_name_plural = _("insurance claims")
        ordering = ("-incident_date", "-pk")
        constraints = [
            models.UniqueConstraint(fields=("policy", "claim_no"), name="safety_claim_unique")
        ]

    def __str__(self) -> str:
        return f"{self.claim_no} {self.masked('student_name')}"

    def masked(self, field: str) -> object:
        return mask_value(self.personal_fields[field], getattr(self, field))

    def clean(self) -> None:
        errors: dict = {}
        if self.policy_id and self.incident_date and self.incident_date.year != self.policy.year:
            errors["incident_date"] = _("The incident is not in the policy's year (%(year)s).") % {
                "year": self.policy.year
            }
        if self.status == ClaimStatus.PAID:
            if not self.paid:
                errors["paid"] = _("A paid claim needs the amount paid.")
            if not self.settled_on:
                errors["settled_on"] = _("A settled claim needs its date.")
        elif self.status == ClaimStatus.FILED and self.paid:
            errors["status"] = _("A claim with an amount paid is paid, not filed.")
        if self.status == ClaimStatus.REFUSED and not self.settled_on:
            errors["settled_on"] = _("A settled claim needs its date.")
        if self.paid is not None and self.claimed is not None and self.paid > self.claimed:
            errors["paid"] = _("More paid than claimed.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("safety:claim_edit", args=[self.pk])
