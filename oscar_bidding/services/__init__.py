"""The only code that changes the state of projects, proposals and milestones.

Each operation checks, locks, changes and records, in that order, inside one
transaction; e-mails are enqueued only once that transaction has committed.
Views, signals, tasks and management commands all call these classes, loaded
with ``get_class`` so that a shop can override any rule.
"""
