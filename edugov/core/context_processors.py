from django.utils.functional import SimpleLazyObject

from .menu import header_items_for, menu_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: the menu reads the active plan's areas (one query), which an htmx partial
    # that never renders the menu should not pay for.
    return {
        "menu": SimpleLazyObject(lambda: menu_for(user)),
        "header_items": SimpleLazyObject(lambda: header_items_for(user)),
    }
