"""The one scoping mechanism: ``Model.objects.visible_to(user, action)`` and
``can(user, obj, action)``.

Every action has a rule: a permission, and the actor's relation to the row
(``core.relations``). The five basic actions (view/add/change/delete/export) share one:
``<app>.<action>_<model>`` and the row's owning unit inside the user's scope (their
unit's subtree; a department's scope is the whole city). Workflow actions — review,
approve, issue, close, 销号 — are declared by the model in ``actions`` with their own
rule. An explicit ``accounts.ObjectGrant`` for an action on one row allows that action
on that row too. A class-bound role (the teacher) is narrowed further, on models that
declare their ``class_dimension``, to the classes its user teaches (``_in_classes``).

Everything else — views, the API, exports, form dropdowns, counts, services deciding
who may make a move — goes through these functions, so a rule changed here changes
everywhere at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q

from .relations import NOTHING, InScope, Relation, any_of, many_valued

if TYPE_CHECKING:
    from edugov.accounts.models import User

ACTIONS = ("view", "add", "change", "delete", "export")
READ_ACTIONS = ("view", "export")


@dataclass(frozen=True)
class Action:
    """A workflow action's rule: a permission and the actor's relation to the row.

    ``permission`` is a basic action of the same model ("change") or a full permission
    name ("workplan.supervise_task")."""

    permission: str
    relation: Relation

    def permission_for(self, model: type[models.Model]) -> str:
        if "." in self.permission:
            return self.permission
        return f"{model._meta.app_label}.{self.permission}_{model._meta.model_name}"


def declared_actions(model: type[models.Model]) -> dict[str, Action]:
    return getattr(model, "actions", {})


def perm_name(model: type[models.Model], action: str) -> str:
    """The permission an action needs on ``model``."""
    if action in ACTIONS:
        return f"{model._meta.app_label}.{action}_{model._meta.model_name}"
    declared = declared_actions(model).get(action)
    if declared is None:
        raise ValueError(f"unknown action {action!r} on {model._meta.label}")
    return declared.permission_for(model)


def may(user: User | Any, model: type[models.Model], action: str) -> bool:
    """Does ``user`` hold the permission of ``action`` on ``model`` at all? For showing a
    button or a menu item; whether they may act on a given row is :func:`can`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_perm(perm_name(model, action))


@dataclass(frozen=True)
class ClassDimension:
    """Where a model's rows name a class: the paths to its school, grade and class name
    (a student: "school", "grade", "class_name"; a row of a student: ``of("student")``).
    A user whose every role granting the action is class-bound sees such rows only in the
    classes assigned to her (``students.ClassAssignment``)."""

    school: str = "school"
    grade: str = "grade"
    class_name: str = "class_name"

    @classmethod
    def of(cls, path: str) -> ClassDimension:
        """The class of the student at ``path``: the roll's, as it is today."""
        return cls(f"{path}__school", f"{path}__grade", f"{path}__class_name")

    def q(self, classes: Iterable[tuple[int, int, str]]) -> Q:
        q = NOTHING
        for school_id, grade, class_name in classes:
            q |= Q(**{self.school: school_id, self.grade: grade, self.class_name: class_name})
        return q

    def of_row(self, instance: models.Model) -> tuple[Any, Any, Any]:
        """(school id, grade, class name) of an unsaved row, for ``can``'s "add"."""

        def value(path: str, *, key: bool = False) -> Any:
            *parts, last = path.split("__")
            obj: Any = instance
            for part in parts:
                obj = getattr(obj, part, None)
                if obj is None:
                    return None
            return getattr(obj, f"{last}_id" if key else last, None)

        return value(self.school, key=True), value(self.grade), value(self.class_name)


def _memo(key: tuple, compute):
    """``compute()`` once per request (or ``acting`` block), as the grants are."""
    from . import context

    cache = context.current().cache
    if cache is not None and key in cache:
        return cache[key]
    value = compute()
    if cache is not None:
        cache[key] = value
    return value


def class_bound(user: User | Any, model: type[models.Model], action: str) -> bool:
    """Is ``user`` held to her classes for ``action`` on ``model``? Only when the model
    declares a class dimension and every role of hers granting the permission is
    class-bound: a teacher who is also the school's counselor reads the whole roll
    through the counselor's role, and her class's portfolios alone through the
    teacher's."""
    if getattr(model, "class_dimension", None) is None:
        return False
    perm = perm_name(model, action)
    # The roles' backend reads the flags with the permissions (accounts/backends.py).
    if not getattr(user, "is_authenticated", False) or perm not in user.get_all_permissions():
        return False
    return perm in getattr(user, "_edugov_class_bound", ())


def assigned_classes(user: User | Any) -> list[tuple[int, int, str]]:
    """(school id, grade, class name) of each class ``user`` teaches: read once, as the
    grants are, so that the scope stays a few equalities an index serves rather than a
    subquery OR-ed into the filter (see ``scope_filter`` on grants)."""

    def compute() -> list[tuple[int, int, str]]:
        rows = apps.get_model("students", "ClassAssignment")._base_manager.filter(user_id=user.pk)
        return sorted(set(rows.values_list("school_id", "grade", "class_name")))

    return _memo(("classes", user.pk), compute)


def _in_classes(model: type[models.Model], user: Any) -> Q:
    """The rows of ``model`` in the classes ``user`` teaches; none when she has none."""
    return model.class_dimension.q(assigned_classes(user))


def _granted(user: User | Any, model: type[models.Model], action: str) -> list[int]:
    """Ids of ``model`` rows an explicit grant opens to ``user`` for ``action``.

    All of a user's grants are read in one query and kept for the rest of the request
    (or ``acting`` block), however many querysets and checks the request makes.
    """
    from . import context

    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    cache = context.current().cache
    key = ("grants", user.pk)
    grants = cache.get(key) if cache is not None else None
    if grants is None:
        grant_model = apps.get_model("accounts", "ObjectGrant")
        grants = {}
        rows = grant_model.objects.filter(user_id=user.pk).values_list(
            "content_type_id", "action", "object_id"
        )
        for ct_id, act, object_id in rows:
            grants.setdefault((ct_id, act), []).append(object_id)
        if cache is not None:
            cache[key] = grants
    return grants.get((ct.pk, action), [])


def scope_filter(model: type[models.Model], user: User | Any, action: str) -> Q | None:
    """The Q that restricts ``model`` to what ``user`` may ``action``; None for nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    conditions: list[Q] = []
    if user.has_perm(perm_name(model, action)):
        if action in ACTIONS:
            root = user.scope_root()
            if root is not None:
                conditions.append(InScope().q(user, model))
                if action in READ_ACTIONS:
                    # Rows shared with other units (a task's co-operating units) are
                    # readable there too; writes stay with the owning unit alone.
                    for extra in getattr(model, "scope_view_fields", ()):
                        conditions.append(shared_with_scope(model, extra, root))
            conditions = _confine(model, user, conditions, basic=True)
        else:
            rule = declared_actions(model)[action].relation.q(user, model)
            conditions = _confine(model, user, [rule], basic=False)
        if conditions and class_bound(user, model, action):
            classes = _in_classes(model, user)
            conditions = [c & classes for c in conditions]
    # Grants are resolved to a list first: "path LIKE … OR id IN (SELECT …)" stops
    # PostgreSQL from using any index (a one-school count went from 0.25 ms to 348 ms
    # over 1M students), while grants are rare exceptions, usually none at all.
    granted = _granted(user, model, action)
    if granted:
        conditions.append(Q(pk__in=granted))
    if not conditions:
        return None
    q = conditions[0]
    for c in conditions[1:]:
        q |= c
    return q


def scope_filter_any(
    model: type[models.Model], user: User | Any, actions: Iterable[str]
) -> Q | None:
    """The Q for the rows ``user`` may do at least one of ``actions`` to: the OR of
    ``scope_filter`` over them, with the declared actions' rules OR-ed first and the
    confinement and class parts applied once, (r1 & C) | (r2 & C) = (r1 | r2) & C, and the
    rules themselves factored by their actor (``relations.any_of``). The
    待办 of every case type is ~100 moves; OR-ing whole filters built and compiled the
    confinement's relation once per move (0.2 s of a home page at 25 types)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    parts: list[Q] = []
    declared: dict[bool, list[Relation]] = {False: [], True: []}
    granted: set[int] = set()
    for action in actions:
        if action in ACTIONS:
            q = scope_filter(model, user, action)
            if q is not None:
                parts.append(q)
            continue
        if user.has_perm(perm_name(model, action)):
            relation = declared_actions(model)[action].relation
            declared[class_bound(user, model, action)].append(relation)
        granted.update(_granted(user, model, action))
    for bound, relations in declared.items():
        if not relations:
            continue
        (confined,) = _confine(model, user, [any_of(relations, user, model)], basic=False)
        parts.append(confined & _in_classes(model, user) if bound else confined)
    if granted:
        parts.append(Q(pk__in=sorted(granted)))
    if not parts:
        return None
    q = parts[0]
    for p in parts[1:]:
        q |= p
    return q


def _confine(model: type[models.Model], user: Any, conditions: list[Q], *, basic: bool) -> list[Q]:
    """Need-to-know rows (``model.confinement``: a crisis case) are opened by their
    readers' relation alone, never by a scope that merely covers their unit: for the
    basic actions the relation replaces the scope rule on those rows (a counselor keeps
    a case that moved with its student to another district); a declared action's own
    rule must hold as well. ``confinement()`` returns (rows, relation) or None."""
    confinement = getattr(model, "confinement", None)
    spec = confinement() if confinement is not None else None
    if spec is None:
        return conditions
    rows, readers = spec
    q = NOTHING
    for c in conditions:
        q |= c
    if basic:
        return [(q & ~rows) | (rows & readers.q(user, model))]
    return [q & (~rows | readers.q(user, model))]


def _path_target(model: type[models.Model], path: str):
    """The model at the end of ``path`` and, for a direct many-to-many, its field."""
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model
    return model, field


def shared_with_scope(model: type[models.Model], field: str, root: Any) -> Q:
    """Rows whose unit at ``field`` lies under ``root``, without a join that could repeat
    a row, and without reading the model's table a second time: the unit ids under the
    root are a small subquery (a district's few hundred units), matched against the
    foreign key, or against the through table of a direct many-to-many. A nested
    many-valued path falls back to ``pk IN (SELECT pk … )``.

    Over 100,000 cases, ``pk IN (SELECT id FROM case JOIN unit …)`` per shared field cost
    a district's count 155 ms (three scans of the case table); this form is one scan."""
    unit_model, last = _path_target(model, field)
    units = unit_model._base_manager.filter(path__startswith=root.path).values("pk")
    if not many_valued(model, field):
        return Q(**{f"{field}__in": units})
    # A forward many-to-many declared on the model (not a reverse relation, which is
    # auto-created and has no through names from this side).
    if "__" not in field and last.many_to_many and not last.auto_created:
        through = last.remote_field.through
        own, other = last.m2m_field_name(), last.m2m_reverse_field_name()
        rows = through._base_manager.filter(**{f"{other}__in": units}).values(own)
        return Q(pk__in=rows)
    nested = model._base_manager.filter(**{f"{field}__path__startswith": root.path})
    return Q(pk__in=nested.values("pk"))


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to one user's scope."""

    def visible_to(self, user: User | Any, action: str = "view") -> ScopedQuerySet:
        q = scope_filter(self.model, user, action)
        return self.none() if q is None else self.filter(q)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


class ScopedModel(models.Model):
    """Base of every domain model: a default manager with ``visible_to`` and the
    five actions (view/add/change/delete/export) as permissions.

    ``scope_unit_field`` is the path from the model to the org Unit that owns a row
    ("unit", "school", "task__lead_unit" …); the empty string means the row *is* a Unit.
    """

    scope_unit_field: ClassVar[str] = "unit"
    # Need-to-know rows: a callable returning (Q of the rows, Relation of their readers)
    # or None; those rows are opened by the relation alone (``_confine``).
    confinement: ClassVar[Any] = None
    # Where a row names its class (``ClassDimension``); None: the model has no class and
    # a class-bound role keeps the unit scope on it.
    class_dimension: ClassVar[ClassDimension | None] = None
    # Further unit paths (foreign keys or many-to-many) whose units may read a row but
    # not write it: a task's co-operating units see the task its lead unit owns.
    scope_view_fields: ClassVar[tuple[str, ...]] = ()
    # Fields holding personal data and their masking kind (see engines.codes.masking).
    personal_fields: ClassVar[dict[str, str]] = {}
    # Related fields whose choices are not "the rows of the related model the user may
    # view": field name → dotted path of a selector ``f(user) -> QuerySet``. A task's
    # owner is any active user in the assigner's scope, which needs no right to read
    # accounts. Form dropdowns and API fields both read it (``narrow_choices``).
    choice_rules: ClassVar[dict[str, str]] = {}

    objects = ScopedManager()

    class Meta:
        abstract = True
        default_permissions = ("add", "change", "delete", "view", "export")


def get_visible_or_404(queryset_or_model: Any, user: Any, action: str = "view", **lookup: Any):
    """The object if ``user`` may ``action`` it; otherwise 404, never a 403 that would
    confirm the object exists."""
    from django.shortcuts import get_object_or_404

    qs = (
        queryset_or_model
        if isinstance(queryset_or_model, models.QuerySet)
        else queryset_or_model._default_manager.all()
    )
    return get_object_or_404(qs.visible_to(user, action), **lookup)


def assert_still_visible(instance: models.Model, user: Any, action: str) -> None:
    """Re-check inside the write's transaction that the written row is in scope.

    A form can be tampered with (a parent id from another district), and a concurrent
    move can change scope between the check and the write; raising here rolls the
    transaction back.
    """
    from django.core.exceptions import PermissionDenied

    model = type(instance)
    if not model._default_manager.visible_to(user, action).filter(pk=instance.pk).exists():
        raise PermissionDenied("out of scope")


def owning_unit(instance: models.Model):
    """The org Unit that decides who may write ``instance`` (a new Unit: its parent)."""
    field = type(instance).scope_unit_field
    if not field:
        return instance.parent if instance.parent_id else None
    obj: Any = instance
    for part in field.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def can(user: Any, instance: models.Model, action: str) -> bool:
    """May ``user`` ``action`` ``instance``? Any action: the five basic ones or one the
    model declares in ``actions`` (review, approve, issue, close …).

    A row that exists is judged as stored: before a write that is the old state, and
    after the write — inside the same transaction — the new one, which is how a move
    to another district is caught. A row not yet saved can only be added, judged by the
    unit that will own it (for a new Unit, its parent).
    """
    model = type(instance)
    if not may(user, model, action):
        return False
    if instance.pk is not None:
        return model._default_manager.visible_to(user, action).filter(pk=instance.pk).exists()
    if action != "add":
        return False
    # The rule of units_for_new, in Python: an import checks thousands of new rows.
    unit = owning_unit(instance)
    root = user.scope_root()
    if unit is None or root is None or not unit.path.startswith(root.path):
        return False
    # A class-bound writer adds rows only in her classes, as she reads them.
    if class_bound(user, model, "add"):
        return model.class_dimension.of_row(instance) in set(assigned_classes(user))
    return True


def allowed_actions(user: Any, instance: models.Model, actions: Iterable[str]) -> set[str]:
    """Which of ``actions`` may ``user`` take on the saved ``instance``: :func:`can` for
    several actions in one query (a case's page offers only the moves its reader may
    make, and a type declares a dozen), with the same rules."""
    model = type(instance)
    counts: dict[str, Any] = {}
    for i, action in enumerate(actions):
        if not may(user, model, action):
            continue
        q = scope_filter(model, user, action)
        if q is not None:
            counts[f"a{i}"] = (action, Count("pk", filter=q))
    if not counts or instance.pk is None:
        return set()
    row = model._base_manager.filter(pk=instance.pk).aggregate(
        **{key: agg for key, (_a, agg) in counts.items()}
    )
    return {action for key, (action, _agg) in counts.items() if row[key]}


def units_for_new(user: Any, model: type[models.Model], units: models.QuerySet) -> models.QuerySet:
    """Those of ``units`` that may own a new ``model`` row written by ``user``: the rule
    :func:`can` applies to a row not yet saved, as a queryset, for code that
    checks many new rows at once (an import)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return units.none()
    root = user.scope_root()
    if root is None or not user.has_perm(perm_name(model, "add")):
        return units.none()
    return units.filter(path__startswith=root.path)


def narrow_choices(
    queryset: models.QuerySet,
    user: Any,
    *,
    model: type[models.Model] | None = None,
    field: str = "",
    keep: Any = None,
) -> models.QuerySet | None:
    """The rows a dropdown (a form field) or a related API field may offer ``user``.

    ``model``/``field`` name the field, so that the model's ``choice_rules`` can give it
    its own selector; otherwise the related model's ``visible_to(user, "view")``. ``keep``
    is the value the object already holds, which stays valid (a principal saves her own
    school without being able to see its district). None when the queryset cannot be
    narrowed: the caller decides whether that is allowed.
    """
    from django.utils.module_loading import import_string

    rule = getattr(model, "choice_rules", {}).get(field) if model is not None else None
    if not getattr(user, "is_authenticated", False):
        narrowed = queryset.none()
    elif rule:
        narrowed = import_string(rule)(user)
    elif hasattr(queryset, "visible_to"):
        narrowed = queryset.visible_to(user, "view")
    else:
        return None
    if keep:
        narrowed = (narrowed | queryset.model._base_manager.filter(pk=keep)).distinct()
    return narrowed


def scoped_view(model: type[models.Model], action: str, *, lookup: str = "pk"):
    """Declare which model and action a function view scopes by, for the authorization
    matrix (core/tests/test_authz_matrix.py) only.

    A view acting on one row uses ``core.actions.object_view`` instead, which declares and
    looks up at once. This is left for the few views it cannot express (an owner-or-scope
    lookup, a page with no row), each allow-listed in core/tests/test_object_views.py.
    """

    def wrap(view):
        view.scoped_model, view.scoped_action, view.scoped_lookup = model, action, lookup
        return view

    return wrap
