"""Steps about files: uploading, reading, downloading, deleting.

Calls: context.api (aether_suite/api.py), aether_suite/sample_files.py.
"""
from behave import given

from aether_suite.sample_files import content_type_for, sample_bytes


@given('{name} has uploaded "{filename}"')
def has_uploaded(context, name, filename):
    """The persona uploaded a small file of that name (the uploader matters: staff delete only their own).

    Example: Given Scott has uploaded "badge-scan.txt"
    """
    context.api.arrange_file(name, filename, sample_bytes(filename), content_type_for(filename))
