from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ascent.accounts"
    label = "accounts"
    verbose_name = "Accounts"
