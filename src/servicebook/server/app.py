"""The exam server as an ASGI app: `create_app(config)` composes the route modules, one shared
Jinja2 environment (web.TEMPLATES, templates extend base.html), our Chinese error pages and the
static files (the paper's script and style; nothing from another host).

To add pages, write a module with `routes = [...]` and list it in ROUTE_MODULES.
"""

from __future__ import annotations

import contextlib
import importlib
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from servicebook.server import web
from servicebook.server.config import ServerConfig

ROUTE_MODULES = ("exam_pages", "saves_api", "trainer_pages", "results_pages", "trainer_view")
STATIC = Path(__file__).parent / "static"


def open_gradebook(config: ServerConfig):
    from servicebook.grading.gradebook import Gradebook

    return Gradebook(config.db)


def create_app(config: ServerConfig) -> Starlette:
    routes = []
    for name in ROUTE_MODULES:
        routes += importlib.import_module(f"servicebook.server.{name}").routes
    routes.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    from servicebook.server.trainer_pages import TrainerRequired, trainer_required

    @contextlib.asynccontextmanager
    async def lifespan(app):
        # The connection is made on the event loop's thread and used only there.
        gb = open_gradebook(config)
        app.state.context = web.Context(config, gb)
        try:
            yield
        finally:
            gb.close()

    handlers = {
        HTTPException: web.http_error,
        web.CsrfFailed: web.csrf_error,
        TrainerRequired: trainer_required,
        Exception: web.server_error,
    }
    return Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)
