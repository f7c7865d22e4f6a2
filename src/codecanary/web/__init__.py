"""The dashboard (``codecanary serve``): read-only pages and a JSON API over the store."""

from codecanary.web.app import create_app
from codecanary.web.server import serve

__all__ = ["create_app", "serve"]
