from fastapi import APIRouter

from ..deps import AccountDep, Db, PersonDep, SettingsDep
from ..lookup import owned_row, public_id_of
from .route import Route

router = APIRouter(tags=["events"], route_class=Route)


@router.get("/crud/event/{event_id}")
async def get_event(event_id: str, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep) -> dict:
    row = owned_row(db, settings, "events", event_id, account, "event", "event_cross_account")
    return {"event_id": row["public_id"], "account_id": public_id_of(db, "accounts", row["account_pk"]),
            "name": row["name"], "starts_on": row["starts_on"], "ends_on": row["ends_on"]}
