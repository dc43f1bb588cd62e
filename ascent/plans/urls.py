"""URLs of improvement plans, under /orgs/<GSS code>/plans/.

Each views module lists its own patterns (``urls``), so each part (plans and themes,
actions, progress, extensions, the import, follow-ups, committees and their reports, and
reminders) is kept apart.
"""

from .views import actions, committee, extensions, followup, imports, plans, progress, reminders

app_name = "plans"

urlpatterns = [
    *plans.urls,
    *actions.urls,
    *progress.urls,
    *extensions.urls,
    *followup.urls,
    *imports.urls,
    *committee.urls,
    *reminders.urls,
]
