from django.urls import path

from . import admin_views, auth_views, autocomplete, token_views, views

app_name = "accounts"
urlpatterns = [
    # The account picker (issue 25): core/autocomplete.py
    path("autocomplete/", autocomplete.UserAutocomplete.as_view(), name="user_autocomplete"),
    path("login/", auth_views.login_view, name="login"),
    path("logout/", auth_views.logout_view, name="logout"),
    path("2fa/", auth_views.two_factor, name="two_factor"),
    path("password/", auth_views.password_change, name="password_change"),
    path("tokens/", token_views.token_list, name="token_list"),
    path("tokens/new/", token_views.token_create_view, name="token_create"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke_view, name="token_revoke"),
    path("users/", views.UserList.as_view(), name="user_list"),
    path("users/export/", views.UserExport.as_view(), name="user_export"),
    path("users/new/", views.UserEdit.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserDetail.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEdit.as_view(), name="user_edit"),
    path(
        "users/<int:pk>/reset-password/",
        admin_views.user_reset_password,
        name="user_reset_password",
    ),
    path("users/<int:pk>/disable/", admin_views.user_disable_view, name="user_disable"),
    path("users/<int:pk>/roles/", admin_views.role_assign, name="role_assign"),
    path("users/<int:pk>/end-sessions/", admin_views.user_end_sessions, name="user_end_sessions"),
    path("locks/", admin_views.lock_list, name="lock_list"),
    path("locks/<int:pk>/unlock/", admin_views.lock_unlock, name="lock_unlock"),
    path("roles/", admin_views.role_list, name="role_list"),
    path("roles/new/", admin_views.role_edit, name="role_create"),
    path("roles/<int:pk>/", admin_views.role_edit, name="role_edit"),
]
