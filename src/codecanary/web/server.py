"""``codecanary serve``: run the dashboard with uvicorn."""

from __future__ import annotations

import threading

from codecanary.store import Store
from codecanary.web.app import create_app
from codecanary.web.security import check_bind


def serve(store: Store, *, host: str = "127.0.0.1", port: int = 8000,
          token: str | None = None, root_path: str = "", warm: bool = True) -> None:
    """Serve the dashboard until interrupted (blocks).

    Args:
        store: The store to show (read-only).
        host: Bind address; anything but loopback requires ``token``.
        port: TCP port.
        token: Shared secret every request must carry (see ``web.security``).
        root_path: The path prefix a reverse proxy serves the dashboard under.
        warm: Compute every subject's check in the background at start.
    """
    import uvicorn

    check_bind(host, token)
    app = create_app(store, token=token)
    if warm:
        threading.Thread(target=app.state.dashboard.warm, name="codecanary-warm",
                         daemon=True).start()
    uvicorn.run(app, host=host, port=port, root_path=root_path, log_level="warning",
                proxy_headers=True, server_header=False)
