"""Support library for the Aether acceptance suite: what the steps in steps/ call.

config (settings and secrets), personas (the demo data), endpoints (every path), api (the
``context.api`` object), recorder (redacted exchanges), idvision (the identifier rule),
expectations (business-language assertions), sample_files (deterministic file content),
errors (the suite's own failures).
"""
