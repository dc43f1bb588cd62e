"""Where evidence files are kept: the ``evidence`` storage in ``settings.STORAGES``.

Everything goes through Django's storage API (``storages["evidence"]``), never through paths,
so the files can live on the server's disk (the default: :class:`EvidenceFileSystemStorage`,
under ``MEDIA_ROOT/evidence/``) or in S3-compatible object storage through django-storages,
by changing the setting alone (docs/deployment.md, "Evidence files").

Files are stored under a random name in a folder per council
(``<GSS code>/<32 hex characters>``): the name a person uploaded a file with is kept in the
database only, so nothing a person types ever becomes a path. The storage is never served
directly: downloads go through ``ascent.evidence.views.download``, which checks access.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages

#: The key of the storage in settings.STORAGES.
STORAGE_ALIAS = "evidence"


class EvidenceFileSystemStorage(FileSystemStorage):
    """Files on the server's disk, under ``MEDIA_ROOT/evidence/`` unless ``location`` is given.

    The folder follows ``MEDIA_ROOT`` when that setting changes (as it does in the tests).
    It has no public URL: MEDIA_URL is never served.
    """

    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("base_url", None)
        super().__init__(location=location, **kwargs)

    @property
    def base_location(self):  # FileSystemStorage resolves it from MEDIA_ROOT; ours is a folder below
        return self._value_or_setting(self._location, Path(settings.MEDIA_ROOT) / "evidence")

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Evidence files have no public address: they are served through the download view")


class _CurrentEvidenceStorage(Storage):
    """Whatever ``storages["evidence"]`` is at the moment of each call.

    A model field evaluates its storage once, when the model is loaded; this stands in for
    it so that the field and every other caller always use the storage the settings name
    now (tests change STORAGES; a deployment never does while running).
    """

    def __getattribute__(self, name):
        if name.startswith("__") and name.endswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages[STORAGE_ALIAS], name)

    def __repr__(self) -> str:
        return f"<the {STORAGE_ALIAS!r} storage: {storages[STORAGE_ALIAS]!r}>"


_CURRENT = _CurrentEvidenceStorage()


def evidence_storage() -> Storage:
    """The storage evidence files are kept in: ``storages["evidence"]``, looked up on every use.

    The model's FileField names this function, so migrations record no backend.
    """
    return _CURRENT


def new_name(gss_code: str) -> str:
    """A fresh random name for a council's file: ``E09000015/3f2a…`` (no extension)."""
    return f"{gss_code.upper()}/{secrets.token_hex(16)}"
