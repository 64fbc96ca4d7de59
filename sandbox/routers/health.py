from fastapi import APIRouter, Request

from ..deps import SettingsDep
from ..errors import ApiError
from .route import Route

router = APIRouter(tags=["health"], route_class=Route)


@router.get("/health")
async def health(request: Request, settings: SettingsDep) -> dict:
    if settings.fault("health_requires_key") and not request.headers.get("x-aether-api-key"):
        raise ApiError(401, "api_key_missing", "An API key is required.")
    return {"status": "ok"}
