import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Role, User


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.all(), field_name="roles", label=_("role")
    )
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(display_name__icontains=value))
