"""Users, roles and explicit per-object grants.

A user belongs to one unit and holds roles; a role grants actions on model types; the
unit decides *where* (core.scoping). Groups and per-user permissions of django.contrib.auth
are not used, so there is one place to look when asking "why can she see this?".
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Permission
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from edugov.core.relations import InScope
from edugov.core.scoping import ACTIONS, Action, ScopedQuerySet


class Duty(models.TextChoices):
    """三员: the three separated administrator duties (等保 2.0)."""

    SYSTEM = "system", _("System administrator")
    SECURITY = "security", _("Security administrator")
    AUDIT = "audit", _("Audit administrator")


class UserQuerySet(ScopedQuerySet):
    pass


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    def get_by_natural_key(self, username: str):
        # Usernames are case-insensitive: "ZhangSan" and "zhangsan" are one account.
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person working in edugov, attached to the unit whose scope they work in."""

    scope_unit_field = "unit"
    personal_fields = {"phone": "phone", "display_name": "name"}
    # A dropdown of more than a person reads becomes this picker (core/autocomplete.py).
    picker = "accounts:user_autocomplete"

    display_name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    roles = models.ManyToManyField(
        "Role", through="RoleAssignment", related_name="users", verbose_name=_("roles")
    )
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=True)
    # Set by set_password, so the start-up check can refuse "password = username"
    # without hashing every account's name at boot.
    password_is_username = models.BooleanField(default=False, editable=False)
    # Bumped to end every session of this user at once (logout elsewhere, disable,
    # the security admin's "end sessions"); a session remembers the epoch it began in.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    # Giving roles is the security admin's, apart from editing the account (the system
    # admin's): 三员, accounts/separation.py.
    actions = {"assign_role": Action("accounts.assign_role", InScope())}

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        default_permissions = ("add", "change", "delete", "view", "export")
        permissions = [("assign_role", _("Can assign roles to users"))]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_username_ci_unique")
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_is_username = (
            raw_password is not None and raw_password.strip().lower() == self.username.lower()
        )

    def is_admin(self) -> bool:
        """City admins and the 三员 get shorter sessions and must use two factors."""
        from django.conf import settings

        return bool(set(self.role_codes()) & set(settings.EDUGOV_ADMIN_ROLES))

    def requires_2fa(self) -> bool:
        from django.conf import settings

        if set(self.role_codes()) & set(settings.EDUGOV_2FA_ROLES):
            return True
        return any(self.has_perm(p) for p in settings.EDUGOV_2FA_PERMISSIONS)

    def scope_root(self):
        """The subtree this user works in, or None for a user without a unit."""
        return self.unit.scope_root() if self.unit_id else None

    def role_codes(self) -> list[str]:
        if not hasattr(self, "_role_codes"):
            from .backends import load_roles

            load_roles(self)
        return self._role_codes

    def duty(self) -> str:
        return (
            RoleAssignment.objects.filter(user=self)
            .exclude(duty="")
            .values_list("duty", flat=True)
            .first()
            or ""
        )


class Role(models.Model):
    """A named bundle of actions on model types: "district admin", "teacher", …"""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    duty = models.CharField(
        _("separated duty"), max_length=10, choices=Duty.choices, blank=True, default=""
    )
    permissions = models.ManyToManyField(
        Permission, blank=True, related_name="roles", verbose_name=_("permissions")
    )
    builtin = models.BooleanField(_("built in"), default=False, editable=False)
    # Held to the classes its user teaches (students.ClassAssignment) on the models that
    # declare a class dimension: the teacher, not the counselor or the principal.
    class_bound = models.BooleanField(
        _("limited to the user's classes"),
        default=False,
        help_text=_("Its users see students and their records only in the classes they teach"),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]
        default_permissions = ("add", "change", "delete", "view", "export")

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """A user holding a role. ``duty`` copies the role's so that the database itself
    can refuse a second separated duty for one account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    duty = models.CharField(max_length=10, choices=Duty.choices, blank=True, default="")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_role_once"),
            models.UniqueConstraint(
                fields=["user"],
                condition=~models.Q(duty=""),
                name="accounts_one_separated_duty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.role}"

    def save(self, *args, **kwargs):
        self.duty = self.role.duty
        super().save(*args, **kwargs)


class ObjectGrant(models.Model):
    """An explicit exception: ``user`` may ``action`` one object outside their scope."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=10, choices=[(a, a) for a in ACTIONS])
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("object grant")
        default_permissions = ("add", "delete", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id", "action"],
                name="accounts_grant_once",
            )
        ]
        indexes = [models.Index(fields=["user", "content_type", "action"])]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.content_type.model}#{self.object_id}"


def _user_url(self) -> str:
    from django.urls import reverse

    return reverse("accounts:user_detail", args=[self.pk])


User.get_absolute_url = _user_url


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords, so the last N cannot be reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ()
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.created_at:%Y-%m-%d}"


class LoginFailure(models.Model):
    """One failed login, keyed by the lower-cased username as typed and the client IP.

    Unknown usernames are recorded exactly like known ones, so the lockout behaves the
    same and reveals nothing about which accounts exist.
    """

    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=45)
    at = models.DateTimeField(db_index=True)

    class Meta:
        default_permissions = ()
        indexes = [models.Index(fields=["username", "ip", "at"])]

    def __str__(self) -> str:
        return f"{self.username}@{self.ip} {self.at:%H:%M:%S}"


class LoginLock(models.Model):
    """A username + IP pair locked out until ``locked_until``."""

    username = models.CharField(_("username"), max_length=150)
    ip = models.CharField(_("IP address"), max_length=45)
    locked_at = models.DateTimeField(_("locked at"))
    locked_until = models.DateTimeField(_("locked until"), db_index=True)

    class Meta:
        verbose_name = _("login lock")
        default_permissions = ("view", "delete")
        constraints = [
            models.UniqueConstraint(fields=["username", "ip"], name="accounts_lock_once")
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.ip}"


class ApiToken(models.Model):
    """A credential for scripts calling the API, owned by one user.

    Only the SHA-256 of the key is stored: the key is shown once when it is made. A
    key is 256 random bits, so a fast hash suffices (no guessing to slow down) and
    lets a request find its token with one indexed lookup.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, so its owner can tell her tokens apart.
    prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        # Tokens are managed by their owner alone: no role grants anything on them.
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
