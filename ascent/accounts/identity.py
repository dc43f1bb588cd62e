"""The one spelling of an email address that names an account.

Sign-in, the sign-in lockout and password reset must agree on which account an address
means; otherwise `Viewer@…` and ` viewer@… ` would each get their own count of wrong
passwords. Everything that turns a typed address into an account key goes through here.
"""

from __future__ import annotations

from axes.utils import reset


def normalise_email(raw: str | None) -> str:
    """The address with surrounding white space removed, in lower case."""
    return (raw or "").strip().lower()


def lockout_username(request, credentials: dict | None = None) -> str | None:
    """The name django-axes counts wrong passwords against (AXES_USERNAME_CALLABLE).

    Axes passes the credentials given to `authenticate()` when it has them, and otherwise
    only the request, so read the address from whichever it gives, as axes itself would.
    """
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = getattr(request, "POST", {}).get("username")
    return normalise_email(raw) or None


def unlock(email: str) -> int:
    """Lift the sign-in lockout on an address, from every IP address; return how many cleared.

    Called when someone proves they own the address by completing a password reset, so a
    person locked out by someone else guessing at their account can get back in.
    """
    return reset(username=normalise_email(email))
