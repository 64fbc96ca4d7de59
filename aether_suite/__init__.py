"""Support library for the Aether acceptance suite: what the steps in steps/ call.

Layers, each importing only from the ones before it (tests/suite/test_layout.py): errors (the suite's own
failures) < contract (the machine-readable contract) < client (``context.api``) < checks (judging answers)
< the areas auth, tenancy, files, export (one per features/ folder; none imports another) < run < report.
The README's "Where things live" maps every package.
"""
