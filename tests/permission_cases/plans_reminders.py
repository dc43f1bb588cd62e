"""Matrix rows for reminders and plan settings (ascent/plans/views/reminders.py).

Every member of Harrow chooses for themselves whether they get the reminder digest; only its
admins change Harrow's plan settings. Neither page is reachable for a member of Herefordshire
or anyone without a membership of Harrow (404).
"""

from __future__ import annotations

from .base import ADMINS_OF_A, MEMBERS_OF_A, Case, a, but, goes_to

CASES: dict[str, Case] = {
    "plans:reminder_preferences": Case(
        get=MEMBERS_OF_A,
        post=but(MEMBERS_OF_A, to=goes_to("plans:reminder_preferences", a)),
        kwargs=a,
        data={"digest": "off"},
    ),
    "plans:settings": Case(
        get=ADMINS_OF_A,
        post=but(ADMINS_OF_A, to=goes_to("plans:settings", a)),
        kwargs=a,
        data={"reminders": "on", "reminder_days_ahead": "21", "stale_after_days": "45", "follow_up_months": "9"},
    ),
}
