from __future__ import annotations

from django.test import RequestFactory

from ascent.core.network import client_ip


def request(remote="10.0.0.5", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_proxies_it_uses_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="203.0.113.9")) == "10.0.0.5"


def test_behind_one_proxy_it_takes_the_address_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(forwarded="203.0.113.9")) == "203.0.113.9"


def test_a_forged_header_cannot_choose_the_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4"; our proxy appended the address it really saw.
    assert client_ip(request(forwarded="1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request(forwarded="1.2.3.4, 203.0.113.9, 10.1.1.1")) == "203.0.113.9"


def test_a_missing_or_malformed_header_falls_back(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request()) == "10.0.0.5"
    assert client_ip(request(forwarded="not-an-address")) == "10.0.0.5"
