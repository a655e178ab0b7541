from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from edugov.audit.services import audit_record, diff, snapshot
from edugov.core.views import ScopedDetailView, ScopedFormView, ScopedListView

from .filters import UserFilter
from .models import Role, RoleAssignment, User
from .tables import UserTable
from .tokens import tokens_revoke_all


class UserList(ScopedListView):
    model = User
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
    roles = forms.ModelMultipleChoiceField(
        queryset=Role.objects.all(), required=False, label=_("roles")
    )

    class Meta:
        model = User
        fields = ["username", "display_name", "phone", "unit", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = list(self.instance.roles.all())


class UserEdit(ScopedFormView):
    model = User
    form_class = UserForm

    def save(self, form, *, creating):
        return user_save(
            user=form.instance, roles=list(form.cleaned_data["roles"]), creating=creating
        )


def user_save(*, user: User, roles: list[Role], creating: bool) -> User:
    """Create or update an account and its roles, audited as one change."""
    before = (
        None
        if creating
        else snapshot(
            User.objects.get(pk=user.pk), ["username", "display_name", "phone", "unit", "is_active"]
        )
    )
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        if creating:
            user.set_unusable_password()
        user.save()
        old = set(user.roles.values_list("code", flat=True))
        new = {r.code for r in roles}
        RoleAssignment.objects.filter(user=user).exclude(role__in=roles).delete()
        for role in roles:
            if role.code not in old:
                RoleAssignment.objects.create(user=user, role=role)
        changes = diff(
            before,
            snapshot(user, ["username", "display_name", "phone", "unit", "is_active"]),
            User.personal_fields,
        )
        if old != new:
            changes["roles"] = [sorted(old), sorted(new)]
        audit_record("user.create" if creating else "user.update", obj=user, changes=changes)
        if before and before["is_active"] == "True" and not user.is_active:
            # Unticking "active" is a disable too: the tokens go, as with user_disable.
            tokens_revoke_all(user=user, reason="account disabled")
    return user
