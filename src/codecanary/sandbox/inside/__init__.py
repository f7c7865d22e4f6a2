"""Code that runs *inside* the bubblewrap sandbox (stdlib only, never imports codecanary).

The directory is bind-mounted read-only into the sandbox at ``/cc`` and ``zygote.py``
is started there with the system Python. Keep these modules free of third-party
imports: they run under ``python3 -I -S``.
"""
