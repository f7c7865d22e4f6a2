"""The HTML report (``codecanary report``) and the views the dashboard shares with it."""

from codecanary.report.html.document import render_report, write_report
from codecanary.report.html.view import SubjectView, build_view

__all__ = ["SubjectView", "build_view", "render_report", "write_report"]
