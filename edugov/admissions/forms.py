"""Forms: a run's batch configuration, sessions, and the lottery's protocol steps."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .engine_io import DEFAULT_RUN_CONFIG
from .models import (
    DEFAULT_FLAGS,
    DEFAULT_SUBJECT_MAX,
    DEFAULT_SUBJECTS,
    AdmissionSession,
    LotteryDraw,
    Run,
)

MECHANISM_CHOICES = [
    ("serial_dictatorship", _("Parallel choices (平行志愿, serial dictatorship)")),
    ("boston", _("Sequential choices (顺序志愿, Boston)")),
    ("chen_kesten", _("Chen–Kesten φᵉ")),
    ("deferred_acceptance", _("Deferred acceptance")),
]
FINAL_CHOICES = [
    ("candidate_id", _("Smaller exam number")),
    ("overfill", _("Admit the whole tied group (overfill)")),
    ("preference_order", _("Who listed the programme higher")),
    ("lottery", _("Lottery (σ of a commit–reveal draw)")),
]
PRIVATE_CHOICES = [
    ("public", _("In the public batch (2023 reform)")),
    ("own", _("In their own batch, before 统招")),
]


class RunForm(forms.ModelForm):
    """The batch configuration, field by field; saved as ``Run.config`` and turned into
    the engine's configuration by ``engine_io.engine_config``."""

    private_batch = forms.ChoiceField(label=_("Private schools"), choices=PRIVATE_CHOICES)
    quota_batch = forms.BooleanField(label=_("指标到校 batch"), required=False)
    quota_share = forms.IntegerField(
        label=_("Quota share (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Share of each quota school's plan given to 指标到校; empty = as imported"),
    )
    quota_mechanism = forms.ChoiceField(label=_("指标到校 mechanism"), choices=MECHANISM_CHOICES)
    quota_min_line = forms.IntegerField(label=_("指标到校 minimum line"), min_value=0)
    private_mechanism = forms.ChoiceField(
        label=_("Private batch mechanism"), choices=MECHANISM_CHOICES
    )
    mechanism = forms.ChoiceField(label=_("统招 mechanism"), choices=MECHANISM_CHOICES)
    band = forms.IntegerField(
        label=_("Chen–Kesten band e"),
        min_value=0,
        max_value=12,
        required=False,
        help_text=_(
            "Only for the Chen–Kesten mechanism: how many choices form one group. Inside a"
            " group choices are filled as parallel preferences; a seat given in an earlier"
            " group is final. 1 = sequential preferences, the number of choices or more ="
            " fully parallel preferences."
        ),
    )
    tie_break = forms.CharField(
        label=_("Tie-break order"),
        help_text=_("Subjects separated by commas, higher first; 语文+数学 sums two"),
    )
    final = forms.ChoiceField(label=_("Final tie rule"), choices=FINAL_CHOICES)
    lottery_seed = forms.CharField(
        label=_("Lottery σ"),
        required=False,
        help_text=_(
            "σ is the random seed of a public draw: the 64-character code (digits 0–9 and"
            " letters a–f) that a commit–reveal draw publishes. Needed only when full ties"
            " are decided by lottery."
        ),
    )
    ratio = forms.DecimalField(
        label=_("投档比例"), min_value=Decimal("1.00"), max_value=Decimal("1.10"), decimal_places=2
    )
    min_line = forms.IntegerField(label=_("统招 minimum line"), min_value=0)
    supplementary = forms.BooleanField(label=_("征集 batch (if lists exist)"), required=False)

    CONFIG_FIELDS = list(DEFAULT_RUN_CONFIG)

    class Meta:
        model = Run
        fields = ["session", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        config = {**DEFAULT_RUN_CONFIG, **(self.instance.config or {})}
        for name in self.CONFIG_FIELDS:
            value = config[name]
            self.initial.setdefault(name, ", ".join(value) if name == "tie_break" else value)
        if self.instance.pk:
            self.fields["session"].disabled = True

    def clean_tie_break(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data["tie_break"].split(",") if s.strip()]

    def clean(self):
        data = super().clean()
        if data.get("final") == "lottery" and not data.get("lottery_seed"):
            self.add_error("lottery_seed", _("The lottery rule needs σ."))
        return data

    def config(self) -> dict:
        data = self.cleaned_data
        out = {name: data.get(name) for name in self.CONFIG_FIELDS}
        out["ratio"] = str(data["ratio"])
        out["band"] = data.get("band") or 0
        return out


class SessionForm(forms.ModelForm):
    """A session's settings. The subjects, their maxima and the flags are not on the form:
    a new session starts with the defaults, set here on the instance before validation,
    because ``AdmissionSession.clean`` checks them and the form cannot show an error on a
    field it does not have (that was a 500, issue 13 L5)."""

    class Meta:
        model = AdmissionSession
        fields = ["year", "name", "max_total", "max_bonus", "bonus_cap", "max_choices"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.instance.subjects:
            self.instance.subjects = list(DEFAULT_SUBJECTS)
            self.instance.subject_max = list(DEFAULT_SUBJECT_MAX)
            self.instance.flags = list(DEFAULT_FLAGS)


class DrawForm(forms.ModelForm):
    class Meta:
        model = LotteryDraw
        fields = ["school", "year", "draw_name", "seats", "public_number_rule"]


class CommitForm(forms.Form):
    party = forms.CharField(label=_("party"), max_length=60)
    commitment = forms.RegexField(
        label=_("commitment"),
        regex=r"^[0-9a-fA-F]{64}$",
        help_text=_("SHA-256 of the party's secret; the secret itself stays with the party"),
    )


class RevealForm(forms.Form):
    party = forms.IntegerField(widget=forms.HiddenInput)
    secret = forms.CharField(label=_("secret"), max_length=200)


class DrawRunForm(forms.Form):
    public_number = forms.CharField(
        label=_("public number"),
        max_length=100,
        help_text=_("Exactly as the announced rule writes it"),
    )


class CompareForm(forms.Form):
    other = forms.ModelChoiceField(queryset=Run.objects.none(), label=_("Compare with"))
