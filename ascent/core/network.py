"""Who is asking: the client's address, behind a known number of reverse proxies.

django-axes locks sign-in by account and address. Behind nginx every request arrives from
the proxy, so the real address must come from X-Forwarded-For, and only as far as our own
proxies vouch for it: with N trusted proxies, each appends the address it saw, so the client
is the Nth entry from the right. Anything further left was written by the client and could
be forged. With no trusted proxies (the default) the connection's own address is used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
