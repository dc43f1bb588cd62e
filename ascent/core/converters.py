"""URL converters: a malformed identifier in a URL is a 404 before any view or query sees it."""

from django.urls import register_converter


class GssCodeConverter:
    """An ONS GSS code such as E09000015 (any letter case; views see upper case)."""

    regex = "[A-Za-z][0-9]{8}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return str(value)


class TokenConverter:
    """An invitation token: URL-safe base64, of a sensible length."""

    regex = "[A-Za-z0-9_-]{1,100}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(GssCodeConverter, "gss")
register_converter(TokenConverter, "token")
