"""A job the user can follow: work done in the background, such as producing a report.

Django's tasks API (the django-tasks backport with its database backend) runs the work;
this record is what the user sees: queued, running with progress, done with a download,
failed with a plain reason, or expired once its file has been deleted. It outlives the task
queue's own bookkeeping. While a job runs, its heartbeat is touched regularly, so a job whose
worker died is recognised and failed (see services.fail_stalled_jobs).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ascent.core.models import OrganisationScoped, OrganisationScopedQuerySet, TimeStampedModel

#: The parameter naming the one record a job was asked for through, ``{"model": "reviews.review",
#: "pk": 12}``: set by ``start_job(..., reached_through=record)`` for work a person may start
#: in an organisation they are not a member of (a review's team member producing its letter).
REACHED_THROUGH = "reached_through"


class JobQuerySet(OrganisationScopedQuerySet):
    def visible_to(self, user) -> JobQuerySet:
        """Every job the user may follow, across their organisations (see ``for_user_in``).

        Narrower than other records: a job's file was produced with its requester's
        permissions, so it is theirs and their organisation's admins' alone. A job asked for
        through one record (``REACHED_THROUGH``) is its requester's even where they are not a
        member; whether they may still open it is the rule ``jobs.view_job`` on the job (their
        access to that record must still be in force).
        """
        from ascent.organisations.models import Role

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        own = Q(created_by=user, organisation__memberships__user=user)
        as_admin = Q(organisation__memberships__user=user, organisation__memberships__role__gte=Role.ADMIN)
        own_through_record = Q(created_by=user, parameters__has_key=REACHED_THROUGH)
        return self.filter(own | as_admin | own_through_record).distinct()

    def for_user_in(self, organisation, user) -> JobQuerySet:
        """The organisation's jobs this user may follow: their own, or all of them for admins.

        A job's result is produced with its requester's permissions, so it is theirs to see.
        """
        jobs = self.filter(organisation=organisation)
        if user.has_perm("jobs.view_any_job", organisation):
            return jobs
        return jobs.filter(created_by=user)


class Job(OrganisationScoped, TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=50, help_text="What the job does, e.g. report:profile")
    title = models.CharField(max_length=200)
    parameters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent complete")
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True, help_text="A plain reason for the user when the job failed")
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the running job last showed it was alive"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    task_path = models.CharField(
        max_length=200, blank=True, help_text="The task that does the work, so that the job can be tried again"
    )
    permission = models.CharField(
        max_length=100, blank=True, help_text="The permission needed to start the job, and so to try it again"
    )
    return_url = models.CharField(
        max_length=300, blank=True, help_text="The page the job's page links back to; the Reports page if blank"
    )
    return_label = models.CharField(max_length=100, blank=True, help_text="The words of that link")
    retry_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retries",
        help_text="The job this one tries again",
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["status", "created_by"], name="job_status_person"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", kwargs={"gss_code": self.organisation.gss_code, "job_id": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED}

    def progress_report(self) -> dict:
        """How the job is going, as the pages that follow it ask for it (job-status.js)."""
        return {
            "status": self.status,
            "status_label": self.get_status_display(),
            "progress": self.progress,
            "message": self.progress_message,
            "finished": self.is_finished,
        }

    @property
    def has_file(self) -> bool:
        """Whether the job produced a file to download (an import's job does its work in place)."""
        return self.status == self.Status.DONE and bool(self.result_file)

    def reached_through(self):
        """The one record of the job's organisation it was asked for through (a review), or None.

        None too when the record has gone or is not the organisation's. Read once per job object.
        """
        if "_reached_through" not in self.__dict__:
            self.__dict__["_reached_through"] = self._find_reached_through()
        return self.__dict__["_reached_through"]

    def _find_reached_through(self):
        reference = (self.parameters or {}).get(REACHED_THROUGH)
        if not isinstance(reference, dict):
            return None
        try:
            model = apps.get_model(str(reference.get("model", "")))
        except (LookupError, ValueError):
            return None
        if not issubclass(model, OrganisationScoped):
            return None
        record = model._default_manager.filter(pk=reference.get("pk")).first()
        if record is None or record.owning_organisation_id() != self.organisation_id:
            return None
        return record

    def permission_target(self):
        """What ``permission`` is checked on to start the job again: the record it was asked for
        through, if any (None if that has gone), else the organisation."""
        if REACHED_THROUGH in (self.parameters or {}):
            return self.reached_through()
        return self.organisation

    @property
    def can_be_retried(self) -> bool:
        """A failed job, or one whose file has expired, can be started again with the same parameters."""
        return self.status in {self.Status.FAILED, self.Status.EXPIRED} and bool(self.task_path)
