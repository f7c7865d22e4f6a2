"""Alembic revisions of the store's schema, one module per revision, applied on open.

``codecanary.store.migrations`` runs them programmatically (no ``alembic.ini``).
Revisions 0001–0004 are the pre-Alembic migrations ``m001``–``m004``, unchanged:
a database those built is stamped at the matching revision and upgraded from
there. A new schema change is a new module here whose ``down_revision`` is the
current head, plus the matching edit of ``schema.py`` (a test checks that the
revisions build exactly ``schema.py``).
"""
