"""The API's base viewset and serializer: ``visible_to`` per HTTP method, 404 outside
scope, every related field narrowed to the caller's scope (an id outside it is a 400
"invalid pk", as if it did not exist), writes through the module's service with the
scope re-checked inside the transaction.

Read-only unless a viewset opts in: ``writes`` names the HTTP methods it accepts beyond
reading, so forgetting to declare them leaves an endpoint closed, never open. A DELETE,
where a viewset opts in to it, goes through the module's delete service (which writes the
audit event in its transaction), never through ``instance.delete()``."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from rest_framework import permissions, relations, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from edugov.audit.services import snapshot
from edugov.engines.codes import mask_value

from .scoping import can, may, narrow_choices

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class ScopedModelSerializer(serializers.ModelSerializer):
    """Base of every serializer: each writable related field offers, and accepts, only
    what ``narrow_choices`` gives the requesting user, as the form dropdowns do.

    Without this, the browsable API's dropdowns listed every user and unit of the city,
    and a write could name an owner outside the scope (findings M4, L1). A related field
    whose model cannot be narrowed is refused outright rather than left open.
    """

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        instance = self.instance if isinstance(self.instance, models.Model) else None
        model = self.Meta.model
        for name, field in fields.items():
            if field.read_only:
                continue
            many = isinstance(field, relations.ManyRelatedField)
            rel = field.child_relation if many else field
            if not isinstance(rel, relations.RelatedField) or rel.queryset is None:
                continue
            source = field.source or name
            keep = getattr(instance, f"{source}_id", None) if instance and not many else None
            narrowed = narrow_choices(rel.queryset, user, model=model, field=source, keep=keep)
            if narrowed is None:
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.{name}: {rel.queryset.model.__name__} cannot be "
                    "narrowed to the user's scope; declare a choice rule on the model"
                )
            rel.queryset = narrowed
        return fields

    def to_representation(self, instance):
        # Personal data leaves the API masked, whatever the module's serializer lists: the
        # model's ``personal_fields`` decides, so a new endpoint cannot forget it. Written
        # in clear, never read back in clear (the pages' rule).
        data = super().to_representation(instance)
        for name, kind in getattr(type(instance), "personal_fields", {}).items():
            if name in data:
                data[name] = mask_value(kind, getattr(instance, name))
        return data


def read_only_serializer(model: type[models.Model], fields: list[str], *, name: str = "", **attrs):
    """A read-only ``ScopedModelSerializer`` of ``fields``, for endpoints that list what a
    module's services wrote; ``attrs`` adds declared fields. ``name`` is the class's, and
    so the OpenAPI component's (by default the app and the model's)."""
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})
    name = name or f"{model._meta.app_label.title()}{model.__name__}Serializer"
    return type(name, (ScopedModelSerializer,), {"Meta": meta, **attrs})


class ScopedPermission(permissions.BasePermission):
    """The role must grant the method's action on the model type; scope is the
    queryset's business (so an out-of-scope object is a 404)."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method.lower() not in view.http_method_names or not hasattr(
            view, request.method.lower()
        ):
            return True  # not a method of this endpoint: DRF answers 405, before any 403
        if view.kwargs.get(view.lookup_url_kwarg or view.lookup_field) is not None:
            # An object URL: the scoped queryset decides, so "no such object for you"
            # is a 404 whether the role lacks the action or the object is out of scope.
            return True
        model = view.get_queryset().model
        return may(request.user, model, METHOD_ACTIONS[request.method])


READ_METHODS = ("get", "head", "options")
WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


class ScopedModelViewSet(viewsets.ModelViewSet):
    permission_classes = [permissions.IsAuthenticated, ScopedPermission]
    #: The write methods this viewset accepts, e.g. ``("post", "put", "patch")``. A viewset
    #: that names "delete" must implement :meth:`perform_remove`.
    writes: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        unknown = set(cls.writes) - WRITE_METHODS
        if unknown:
            raise TypeError(f"{cls.__name__}.writes names unknown methods {sorted(unknown)}")
        if "delete" in cls.writes and cls.perform_remove is ScopedModelViewSet.perform_remove:
            raise TypeError(f"{cls.__name__} accepts DELETE but has no perform_remove service")
        # Derived, so the one declaration is ``writes``: DRF answers 405 to the rest.
        cls.http_method_names = [*READ_METHODS, *cls.writes]

    def get_serializer_class(self):
        cls = super().get_serializer_class()
        if not issubclass(cls, ScopedModelSerializer):
            raise ImproperlyConfigured(f"{cls.__name__} must derive from ScopedModelSerializer")
        return cls

    def get_queryset(self):
        qs = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return qs.none()
        action = METHOD_ACTIONS.get(self.request.method, "view")
        # Creating needs no row to be visible; the new row is checked in perform_create.
        return qs.visible_to(self.request.user, "view" if action == "add" else action)

    def perform_save(self, instance, before):
        raise NotImplementedError(f"{type(self).__name__} accepts writes but has no save service")

    def perform_remove(self, instance) -> None:
        """Delete ``instance`` through the module's service, which audits it."""
        raise NotImplementedError

    def _save(self, serializer, action: str) -> None:
        instance = serializer.instance
        before = (
            snapshot(type(instance).objects.get(pk=instance.pk)) if instance is not None else None
        )
        obj = instance or serializer.Meta.model()
        for name, value in serializer.validated_data.items():
            setattr(obj, name, value)
        if action == "add" and not can(self.request.user, obj, "add"):
            raise PermissionDenied()
        try:
            with transaction.atomic():
                saved = self.perform_save(obj, before)
                if not can(self.request.user, saved, action):
                    raise DjangoPermissionDenied
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        except DjangoPermissionDenied:
            raise PermissionDenied()
        serializer.instance = saved

    def perform_create(self, serializer):
        self._save(serializer, "add")

    def perform_update(self, serializer):
        self._save(serializer, "change")

    def perform_destroy(self, instance):
        # The queryset was already narrowed to rows the user may delete (404 otherwise);
        # the service deletes and audits in one transaction.
        try:
            with transaction.atomic():
                self.perform_remove(instance)
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages)
        except DjangoPermissionDenied:
            raise PermissionDenied()


class ScopedReadOnlyViewSet(ScopedModelViewSet):
    """Listing and reading only: results of runs and analyses are written by services and
    jobs, never through the API. (The same as the base's default, named for the reader.)"""

    writes = ()
