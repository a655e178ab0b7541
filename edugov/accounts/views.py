from django import forms
from django.utils.translation import gettext_lazy as _

from edugov.core.views import ScopedDetailView, ScopedFormView, ScopedListView

from .filters import UserFilter
from .models import Role, User
from .separation import assignable_roles
from .services import user_save
from .tables import UserTable


class UserList(ScopedListView):
    model = User
    empty_hint = _("Accounts are created by the system administrator.")
    table_class = UserTable
    filterset_class = UserFilter
    select_related = ("unit",)
    title = _("Users")
    export_url_name = "accounts:user_export"
    create_url_name = "accounts:user_create"


UserExport = UserList.export_view("users")


class UserDetail(ScopedDetailView):
    model = User
    select_related = ("unit",)
    template_name = "accounts/user_detail.html"


class UserForm(forms.ModelForm):
    """The system admin's account form. Its role list holds only the roles she may give
    (separation.assignable_roles); the others a user holds are kept as they are."""

    roles = forms.ModelMultipleChoiceField(
        queryset=Role.objects.none(), required=False, label=_("roles")
    )

    class Meta:
        model = User
        fields = ["username", "display_name", "phone", "unit", "is_active"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignable = assignable_roles(actor)
        self.fields["roles"].queryset = self.assignable
        if self.instance.pk:
            self.fields["roles"].initial = list(self.instance.roles.filter(pk__in=self.assignable))

    def all_roles(self) -> list[Role]:
        """The chosen roles plus those held that this form could not show."""
        kept = list(self.instance.roles.exclude(pk__in=self.assignable)) if self.instance.pk else []
        return kept + list(self.cleaned_data["roles"])


class UserEdit(ScopedFormView):
    model = User
    form_class = UserForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def save(self, form, *, creating):
        return user_save(
            actor=self.request.user, user=form.instance, roles=form.all_roles(), creating=creating
        )
