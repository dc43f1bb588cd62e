"""Exceptions the project raises on purpose, with messages written for the people who meet them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class Refused(PermissionDenied):
    """A 403 whose message says why, in words for the person refused: the 403 page shows it.

    Plain ``PermissionDenied`` (Django's, a library's, or ours without a reason) keeps the
    general page, so nothing written for developers ever reaches the page. Raise this only
    with a sentence that names who may act, never anything the person may not see.
    """
