"""The leads export of an exhibit: managers, and staff with leads access, as CSV, XLSX or JSON."""
from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from .. import exporter
from ..deps import AccountDep, Db, Person, PersonDep, SettingsDep
from ..errors import permission_denied, validation_error
from ..settings import Settings
from ..timefmt import utc_second
from .exhibits import owned_exhibit
from .route import Route

router = APIRouter(tags=["export"], route_class=Route)

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def may_export(person: Person, settings: Settings) -> bool:
    if settings.fault("export_ignores_leads_flag"):
        return True
    if settings.fault("export_requires_flag_for_managers"):
        return person.leads_api_access
    return person.is_manager or person.leads_api_access


def _choice(request: Request, name: str, allowed: tuple[str, ...]) -> str | None:
    """The query parameter's value, the first of ``allowed`` when absent, None when not exactly one allowed value."""
    values = request.query_params.getlist(name)
    if not values:
        return allowed[0]
    return values[0] if len(values) == 1 and values[0] in allowed else None


def export_query(request: Request, settings: Settings) -> tuple[str, bool]:
    """Check 7: ``format`` (csv|xlsx, default csv) and ``return_file`` (true|false, default true)."""
    form = _choice(request, "format", ("csv", "xlsx"))
    if form is None and settings.fault("export_bad_format_defaults"):
        form = "csv"
    return_file = _choice(request, "return_file", ("true", "false"))
    errors = [{"field": name, "message": f"must be {' or '.join(allowed)}"}
              for name, value, allowed in (("format", form, ("csv", "xlsx")),
                                           ("return_file", return_file, ("true", "false")))
              if value is None]
    if errors:
        raise validation_error(errors)
    return form, return_file == "true"


def file_headers(exhibit_id: str, form: str, settings: Settings) -> dict[str, str]:
    day = utc_second(settings.now()).strftime("%Y%m%d")
    name = f"leads_{day}.{form}" if settings.fault("export_filename_wrong") else f"leads_{exhibit_id}_{day}.{form}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if not settings.fault("export_cacheable"):
        headers["Cache-Control"] = "no-store"
    return headers


@router.get("/action/event_exhibit/{exhibit_id}/tracking_export")
def tracking_export(exhibit_id: str, request: Request, person: PersonDep, account: AccountDep, db: Db,
                    settings: SettingsDep) -> Response:
    if not may_export(person, settings):
        raise permission_denied("export leads")
    form, return_file = export_query(request, settings)
    exhibit = owned_exhibit(db, settings, exhibit_id, account, "export_cross_account")
    if not return_file:
        return JSONResponse(exporter.json_body(db, exhibit, settings))
    if form == "csv":
        # The rows are read while streaming, after this request's connection has closed: the generator opens its own.
        body = exporter.csv_chunks(request.app.state.storage.connect, exhibit["pk"], settings)
    else:
        body = exporter.file_chunks(exporter.xlsx_file(db, exhibit["pk"], settings))
    return StreamingResponse(body, media_type=MEDIA_TYPES[form],
                             headers=file_headers(exhibit["public_id"], form, settings))
