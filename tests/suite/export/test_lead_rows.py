"""Comparing a table of leads with what an export or the visible list holds (aether_suite/export/exports.py)."""
import pytest

from aether_suite.export.exports import expect_rows

TABLE = [["first_name"], ["Ada"], ["Grace"], ["Alan"]]


def test_rows_in_the_order_given_hold():
    expect_rows("the export", ["first_name"], [["Ada"], ["Grace"], ["Alan"]], TABLE, ["09:00", "09:00", "10:00"])


def test_leads_scanned_in_the_same_second_may_come_in_either_order():
    expect_rows("the export", ["first_name"], [["Grace"], ["Ada"], ["Alan"]], TABLE, ["09:00", "09:00", "10:00"])


@pytest.mark.parametrize("found, scanned", [
    ([["Grace"], ["Ada"], ["Alan"]], ["09:00", "09:30", "10:00"]),  # scanned apart: the order is the contract's
    ([["Alan"], ["Grace"], ["Ada"]], ["09:00", "09:00", "10:00"]),  # a tie does not excuse a lead out of its place
    ([["Ada"], ["Ada"], ["Alan"]], ["09:00", "09:00", "10:00"]),  # a lead twice, another missing
    ([["Ada"], ["Grace"]], ["09:00", "09:00"]),
])
def test_anything_else_fails_showing_both_tables(found, scanned):
    with pytest.raises(AssertionError, match="expected the export to hold these 3 leads"):
        expect_rows("the export", ["first_name"], found, TABLE, scanned)
