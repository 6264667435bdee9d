"""The review ("Koonti") view: every step and chapter as the export will show it. Pure shaping.

Built from the export's own model, so that what the facilitator reviews is what the documents
say: the groups' titles (a readable default where none was given), the automatic groups of a
step nobody grouped, and a summary drafted from the facts next to the one saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tyopaja.export import drafts, report_of
from tyopaja.export.model import Report, StepReport
from tyopaja.export.texts import Texts


def koonti(rows: Mapping[str, Any]) -> dict[str, Any]:
    """The review view of a workshop from the rows `Tx.export_rows` read (its own language)."""
    return shape(report_of(rows))


def shape(report: Report) -> dict[str, Any]:
    """Steps and chapters with review state, saved summaries and drafts."""
    t = Texts(report.lang)
    return {
        "steps": [_step(t, step, report) for step in report.steps],
        "chapters": [
            {
                "key": c.key,
                "title": c.title,
                "reviewed": c.reviewed,
                "summary": c.summary,
                "draft": drafts.chapter_draft(t, c, report),
                "steps": [s.id for s in report.chapter_steps(c.key)],
            }
            for c in report.chapters
        ],
    }


def _step(t: Texts, step: StepReport, report: Report) -> dict[str, Any]:
    automatic = step.grouping == "automatic"
    return {
        "id": step.id,
        "kind": step.kind,
        "theme": step.theme,
        "reviewed": step.reviewed,
        "summary": step.summary,
        "draft": drafts.step_draft(t, step, report),
        "grouping": step.grouping,
        "answers": len(step.visible),
        # Stored groups: the title the export shows (a default phrase where none was given).
        "titles": {
            str(g.id): {"title": g.title, "given": g.titled} for g in step.groups if not g.automatic
        },
        "auto": [
            {"title": g.title, "answers": [a.id for a in g.answers], "words": list(g.shared_words)}
            for g in step.groups
            if automatic
        ],
    }
