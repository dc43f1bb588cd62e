"""Records referring to an Observation with each kind of ``on_delete`` a real app might choose.

Some have a reverse accessor and one has none (``related_name="+"``): both must be found.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class Note(models.Model):
    """Deleted with the value it is about (like an evidence link)."""

    observation = models.ForeignKey("indicators.Observation", on_delete=models.CASCADE, related_name="notes")
    text = models.CharField(max_length=100)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.text


class Pin(models.Model):
    """Keeps its place but loses the value when the value goes."""

    observation = models.ForeignKey("indicators.Observation", null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(max_length=100)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.text


class Saving(models.Model):
    """Stops the value being deleted while it refers to it (like a savings line)."""

    observation = models.ForeignKey("indicators.Observation", on_delete=models.PROTECT, related_name="savings")
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "savings line"

    def __str__(self) -> str:
        return str(self.amount)
