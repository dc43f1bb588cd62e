"""gunicorn settings for Ascent: `make run` uses this file, and gunicorn reads it by default
when started from this folder (see docs/deployment.md).

Command-line options override what is set here.
"""

# Answer requests gunicorn refuses (too long a web address, too many headers) with the
# service's GOV.UK error pages rather than gunicorn's bare ones.
worker_class = "ascent.core.server.GovukErrorPagesWorker"

# Web addresses up to 8 KB, gunicorn's most (and nginx's default buffer), instead of its
# default 4 KB: filtered pages carry their filters in the address. Search boxes take at
# most 100 characters, so only a damaged or hand-made link gets near this.
limit_request_line = 8190

# The access log on standard output, as the service's other logs.
accesslog = "-"
