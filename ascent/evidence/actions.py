"""Storing and deleting evidence files: the only code that writes them.

:func:`store_evidence_file` is the one way in, for the evidence pages and for any other page
that takes a file (a rating's page attaches one). It checks everything before anything is
stored: the size as the file is read (never more than ``EVIDENCE_MAX_BYTES`` plus one chunk is
read), the type from the content (:mod:`.sniff`), the virus-scan hook (:mod:`.scanning`),
and the other fields. Any problem raises one ``ValidationError`` whose messages are keyed by
field (``file``, ``title``, ``kind``, ``evidence_date``, ``description``), so a form can show
each beside its field.

Nothing is half-saved. The file is written to storage only after every check passes; if
saving the record then fails the stored file is deleted at once. A caller that does more
in the same transaction (attaching the file to a rating) wraps it all in
:func:`evidence_transaction`, which deletes the files stored inside it if it ends in an
error. Deleting a record removes its stored file only once the deletion has committed.
``manage.py sweep_evidence_files`` removes any stored file no record names (say, from a
transaction rolled back some other way).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .display import relations, use_noun, uses_text
from .models import EvidenceFile, EvidenceKind
from .scanning import ScanFailed, scan
from .sniff import FileType, UnacceptableFile, sniff
from .storage import evidence_storage, new_name
from .uploads import max_bytes, megabytes

CHUNK_BYTES = 64 * 1024
#: Files smaller than this are spooled in memory when a caller hands in a stream that cannot seek.
SPOOL_IN_MEMORY_BYTES = 1024 * 1024
TITLE_MAX = 200
DESCRIPTION_MAX = 2000

#: Names stored inside the innermost :func:`evidence_transaction`, to delete if it fails.
_stored_in_transaction: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "evidence_stored_in_transaction", default=None
)


@dataclass
class CheckedFile:
    """An upload that passed every check on the file, ready to store."""

    file: BinaryIO  # open, seekable, at its start
    original_name: str
    file_type: FileType
    size: int
    sha256: str
    scan_status: str
    _spool: BinaryIO | None = None  # our own copy of a stream that could not seek

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()


def too_big_message() -> str:
    return f"The selected file must be smaller than {megabytes(max_bytes())}"


def check_file(uploaded) -> CheckedFile:
    """Check an uploaded file (or any binary file object with a ``name``) without storing it.

    Raises ``ValidationError({"file": [...]})`` naming what is wrong.
    """
    if uploaded is None:
        raise ValidationError({"file": "Select a file"})
    limit = max_bytes()
    declared = getattr(uploaded, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise ValidationError({"file": too_big_message()})
    stream = getattr(uploaded, "file", uploaded)  # Django's UploadedFile wraps the real file
    spool = None
    if not _seekable(stream):
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)  # noqa: SIM115 closed by CheckedFile
    try:
        size, sha256 = _measure(stream, copy_to=spool, limit=limit)
        readable = spool if spool is not None else stream
        readable.seek(0)
        if size == 0:
            raise ValidationError({"file": "The selected file is empty"})
        try:
            file_type = sniff(readable)
        except UnacceptableFile as error:
            raise ValidationError({"file": str(error)}) from None
        status = _scan(readable, uploaded, size)
    except BaseException:
        if spool is not None:
            spool.close()
        raise
    return CheckedFile(
        file=readable,
        original_name=uploaded_name(getattr(uploaded, "name", "") or ""),
        file_type=file_type,
        size=size,
        sha256=sha256,
        scan_status=status,
        _spool=spool,
    )


def _seekable(stream) -> bool:
    try:
        return bool(stream.seekable()) and stream.seek(0) == 0
    except (AttributeError, OSError, ValueError):
        return False


def _measure(stream, *, copy_to, limit: int) -> tuple[int, str]:
    """Read ``stream`` in chunks: its size and SHA-256, stopping as soon as it passes ``limit``."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise ValidationError({"file": too_big_message()})
        digest.update(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return size, digest.hexdigest()


def _scan(readable, uploaded, size: int) -> str:
    wrapped = File(readable, name=getattr(uploaded, "name", None))
    wrapped.size = size
    try:
        result = scan(wrapped)
    except ScanFailed:
        raise ValidationError(
            {"file": "The selected file could not be checked for viruses, so it was not saved. Try again later"}
        ) from None
    if result is None:
        return EvidenceFile.ScanStatus.NOT_SCANNED
    if not result.is_clean:
        found = f" ({result.threat})" if result.threat else ""
        raise ValidationError(
            {"file": f"The selected file was refused: the virus scan found a threat{found}. It was not saved"}
        )
    return EvidenceFile.ScanStatus.CLEAN


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*;]+')


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
#: What browsers escape in the file name of a form upload (the HTML standard's multipart form
#: encoding writes a double quote as %22 and line breaks as %0D and %0A).
_BROWSER_ESCAPES = {"%22": '"', "%0D": "", "%0A": "", "%0d": "", "%0a": ""}


def uploaded_name(name: str) -> str:
    """The name the person uploaded the file with, as they would recognise it: the browser's
    escapes undone, without folders or control characters. It is shown escaped by the templates;
    ``download_name`` makes a safe name from it for downloads."""
    name = unicodedata.normalize("NFC", str(name))
    for escape, character in _BROWSER_ESCAPES.items():
        name = name.replace(escape, character)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _CONTROL.sub("", name).strip(" .")
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 250 - len(extension)] + dot + extension) if dot and len(extension) <= 10 else name[:255]
    return name or "evidence"


def clean_file_name(name: str) -> str:
    """The name a file was uploaded with, made safe to show and to offer as a download name."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 250 - len(extension)] + dot + extension) if dot and len(extension) <= 10 else name[:255]
    return name or "evidence"


def download_name(evidence: EvidenceFile) -> str:
    """The name a download is offered with: the uploaded name, ending as its real type does."""
    from .sniff import BY_CONTENT_TYPE, JPEG

    name = clean_file_name(evidence.original_name)
    file_type = BY_CONTENT_TYPE.get(evidence.content_type)
    if file_type is None:
        return name
    stem, dot, extension = name.rpartition(".")
    extensions = {file_type.extension, *((".jpeg",) if file_type is JPEG else ())}
    if dot and f".{extension.lower()}" in extensions:
        return name
    return f"{name}{file_type.extension}"


def _check_fields(*, title, kind, evidence_date, description) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "Enter a title"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Title must be {TITLE_MAX} characters or fewer"
    if kind not in EvidenceKind.values:
        errors["kind"] = "Select what kind of evidence this is"
    if not isinstance(evidence_date, dt.date) or isinstance(evidence_date, dt.datetime):
        errors["evidence_date"] = "Enter the date of the evidence"
    elif evidence_date > timezone.localdate():
        errors["evidence_date"] = "Date of the evidence must be today or in the past"
    if len(description or "") > DESCRIPTION_MAX:
        errors["description"] = f"Description must be {DESCRIPTION_MAX} characters or fewer"
    return errors


def store_evidence_file(
    organisation, user, uploaded_file, *, title: str, kind: str, evidence_date: dt.date, description: str = ""
) -> EvidenceFile:
    """Check, store and record one evidence file for ``organisation``; the new EvidenceFile.

    ``uploaded_file`` is a Django ``UploadedFile``, any binary file object with a ``name``,
    or a :class:`CheckedFile` from :func:`check_file` (which a form has already checked).
    Raises ``ValidationError`` with messages keyed by field; nothing is stored then. The
    caller checks the person may upload (``evidence.add_evidence`` on the organisation).
    """
    errors = _check_fields(title=title, kind=kind, evidence_date=evidence_date, description=description)
    checked = uploaded_file if isinstance(uploaded_file, CheckedFile) else None
    if checked is None:
        try:
            checked = check_file(uploaded_file)
        except ValidationError as error:
            errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if errors:
        if checked is not None and checked is not uploaded_file:
            checked.close()
        raise ValidationError(errors)
    try:
        return _store(
            organisation, user, checked, title=title, kind=kind, evidence_date=evidence_date, description=description
        )
    finally:
        checked.close()


def _store(organisation, user, checked: CheckedFile, *, title, kind, evidence_date, description) -> EvidenceFile:
    storage = evidence_storage()
    checked.file.seek(0)
    name = storage.save(new_name(organisation.gss_code), File(checked.file))
    try:
        with transaction.atomic():
            evidence = EvidenceFile(
                organisation=organisation,
                created_by=user if getattr(user, "is_authenticated", False) else None,
                title=title.strip(),
                kind=kind,
                evidence_date=evidence_date,
                description=(description or "").strip(),
                file=name,
                original_name=checked.original_name,
                content_type=checked.file_type.content_type,
                size=checked.size,
                sha256=checked.sha256,
                scan_status=checked.scan_status,
            )
            evidence._history_user = user
            evidence.save()
    except BaseException:
        storage.delete(name)
        raise
    pending = _stored_in_transaction.get()
    if pending is not None:
        pending.append(name)
    return evidence


@contextlib.contextmanager
def evidence_transaction():
    """``transaction.atomic()`` that also deletes the files stored inside it if it ends in an error.

    Use it around :func:`store_evidence_file` and whatever else must happen with it::

        with evidence_transaction():
            evidence = store_evidence_file(...)
            attach_evidence(rating, evidence, user)   # may raise: then no file is left behind
    """
    stored: list[str] = []
    token = _stored_in_transaction.set(stored)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        storage = evidence_storage()
        for name in stored:
            storage.delete(name)
        raise
    finally:
        _stored_in_transaction.reset(token)


def uses(evidence: EvidenceFile) -> list[tuple[str, int]]:
    """Where the file is used: (what uses it, how many) for every kind of record that points at it."""
    found = []
    for relation in relations():
        count = relation.related_model._base_manager.filter(**{relation.field.name: evidence}).count()
        if count:
            found.append((use_noun(relation, count), count))
    return found


class EvidenceInUse(Exception):
    """The file backs something (a rating): it cannot be deleted until it is detached."""


def delete_evidence_file(evidence: EvidenceFile, user) -> None:
    """Delete the record and, once that has committed, its stored file. Refuses a file in use."""
    with transaction.atomic():
        # Lock the row first, so a rating cannot be given the file while it is deleted.
        list(EvidenceFile._base_manager.select_for_update().filter(pk=evidence.pk).values_list("pk", flat=True))
        found = uses(evidence)
        if found:
            where = uses_text(found)
            raise EvidenceInUse(f"This file is attached to {where}. Remove it from there before deleting it")
        name = evidence.file.name
        evidence._history_user = user
        evidence.delete()
        storage = evidence_storage()
        transaction.on_commit(lambda: storage.delete(name))
