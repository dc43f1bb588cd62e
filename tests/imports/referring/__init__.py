"""A test-only app whose models refer to imported rows, as evidence links and savings lines will.

Installed only when ASCENT_ENV=test (see settings). Its migration depends on the apps it
refers to, so its tables are made after theirs on PostgreSQL too.
"""
