"""Where a council's extracts are kept: a private folder per council, never served directly.

``cld_root()`` is ``ASCENT_CLD_DIR`` when set, else ``MEDIA_ROOT/cld`` (so a backup, which takes
every media file, takes the extracts too). A council's files are under its GSS code, each named
by a random token, so a name says nothing about a person and cannot be guessed.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings


def cld_root() -> Path:
    configured = getattr(settings, "ASCENT_CLD_DIR", "")
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "cld"


def new_extract_paths(gss_code: str) -> tuple[str, str]:
    """Relative paths for a new extract's Parquet file and its problems file."""
    token = secrets.token_hex(16)
    return f"{gss_code}/{token}.parquet", f"{gss_code}/{token}.problems.parquet"


def absolute(relative: str) -> Path:
    """The file of a stored relative path, refusing any path that leaves the CLD folder."""
    root = cld_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError(f"{relative!r} is not inside the client-level data folder")
    return path
