"""The web app: server-rendered Swedish pages and a JSON API over the `Loften` object.

`create_app(loften, settings)` builds the Starlette application; `loften serve` runs it with
uvicorn. Starlette, Jinja2 and argon2 are imported here and only here, so the CLI starts fast.
"""

from pipeline.web.app import create_app
from pipeline.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
