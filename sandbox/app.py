"""The FastAPI application: ``create_app(settings)`` is what ``python -m sandbox`` and the suite serve."""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from . import errors
from .routers import auth, events, exhibits, export, files, health, leads, site
from .settings import Settings
from .storage import Storage


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    storage = Storage(settings.data_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        storage.close()

    app = FastAPI(title="Aether V3 sandbox", lifespan=lifespan, redirect_slashes=False,
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.storage = storage
    errors.install(app)
    for module in (health, site, auth, events, exhibits, leads, export, files):
        app.include_router(module.router, prefix="/v3")
    return app
