from fastapi import APIRouter, Request

from ..deps import Db, KeyDep, SettingsDep, check_account_context
from ..errors import not_found, validation_error
from .route import Route

router = APIRouter(tags=["site"], route_class=Route)


@router.get("/site/bootstrap")
async def bootstrap(request: Request, key: KeyDep, db: Db, settings: SettingsDep) -> dict:
    if settings.fault("bootstrap_requires_account_context"):
        check_account_context(request, key, db, settings)  # as if the route asked for AccountDep
    domain = request.query_params.get("domain", "").strip()
    if not domain and settings.fault("bootstrap_blank_domain_not_found"):
        raise not_found("site")
    if not domain:
        raise validation_error([{"field": "domain", "message": "is required"}])
    match = "domain = ?" if settings.fault("bootstrap_case_sensitive") else "lower(domain) = lower(?)"
    scope = "" if settings.fault("bootstrap_any_account") else " AND s.account_pk = ?"
    params = (domain,) if settings.fault("bootstrap_any_account") else (domain, key.pk)
    row = db.execute(
        f"SELECT s.*, a.public_id AS account_id FROM sites s JOIN accounts a ON a.pk = s.account_pk"
        f" WHERE {match}{scope}", params).fetchone()
    if row is None:
        raise not_found("site")
    return {"site_id": row["public_id"], "account_id": row["account_id"], "name": row["name"],
            "domain": row["domain"], "passcode_login": True}
