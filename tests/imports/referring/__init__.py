"""A test-only app whose models refer to imported rows, as evidence links and savings lines will.

Installed only when ASCENT_ENV=test (see settings); it has no migrations, so its tables are
made straight from the models when the test database is created.
"""
