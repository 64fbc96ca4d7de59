"""The demo accounts and personas (aether_suite/client/personas.py), looked up one way each."""
import pytest

from aether_suite.client.personas import NORTHWIND, ONE_SKY, account, account_with_id, manager_of, persona


def test_an_account_is_found_by_its_id_and_nothing_else_is():
    assert account_with_id("_XY7DXtc9MY") is ONE_SKY and account_with_id("Nw7RvLq2ZkP") is NORTHWIND
    assert [account_with_id(value) for value in ("One Sky", "_XY7DXtc9M", 7, None)] == [None] * 4


def test_an_account_is_named_by_name_short_name_or_id():
    assert account("one sky it demo") is account(" One Sky ") is account("_XY7DXtc9MY") is ONE_SKY
    with pytest.raises(LookupError, match="the accounts are One Sky IT Demo, Northwind Expo"):
        account("Acme")


def test_each_account_has_its_manager():
    assert manager_of(NORTHWIND) is persona("nadia wren") and manager_of("One Sky").name == "Osiris"
