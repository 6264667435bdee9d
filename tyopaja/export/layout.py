"""What the Markdown documents share: sections, placing steps by theme, headers, the appendix.

Each shape places every shown step exactly once: by its theme into the shape's sections
(outlines in docs/export.md), themes the shape does not know into sections of their own.
Pure Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tyopaja.export import markdown as m
from tyopaja.export import steps as s
from tyopaja.export.model import Report, StepReport
from tyopaja.export.safe import md
from tyopaja.export.texts import Texts

VOTE_KINDS = ("dots", "rank")


@dataclass(frozen=True)
class Document:
    """A rendered Markdown document and the ids of the steps whose charts it shows."""

    shape: str
    markdown: str
    charts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A section of a shape: the themes it takes, and whether it gathers the votes."""

    title: str  # a marked msgid
    themes: tuple[str, ...] = ()
    votes: bool = False  # takes every dots and rank step
    calendar: bool = False  # shows the annual calendar as a month table


def shown_steps(report: Report) -> list[StepReport]:
    """The steps a document shows (info steps never reach the report)."""
    return list(report.steps)


def place(steps: Sequence[StepReport], sections: Sequence[Section]) -> tuple[list, list]:
    """Steps per section, and the steps no section takes (in script order)."""
    placed: list[list[StepReport]] = [[] for _ in sections]
    rest: list[StepReport] = []
    voting = next((i for i, sec in enumerate(sections) if sec.votes), None)
    for step in steps:
        if voting is not None and step.kind in VOTE_KINDS:
            placed[voting].append(step)
            continue
        index = next((i for i, sec in enumerate(sections) if step.theme in sec.themes), None)
        (placed[index] if index is not None else rest).append(step)
    return placed, rest


def by_theme(steps: Sequence[StepReport]) -> list[tuple[str, list[StepReport]]]:
    """Consecutive runs of steps by theme title, in script order."""
    runs: list[tuple[str, list[StepReport]]] = []
    for step in steps:
        title = step.theme_title if step.theme else ""
        if runs and runs[-1][0] == title:
            runs[-1][1].append(step)
        else:
            runs.append((title, [step]))
    return runs


def theme_heading(t: Texts, title: str) -> str:
    return md(title) if title else t.tr("Muut kysymykset")


def header(w: m.Writer, report: Report, kind: str, intro: str) -> None:
    w.heading(1, w.t.tr("%(kind)s: %(title)s", kind=w.t.tr(kind), title=md(report.title)))
    w.para(intro)


def step_blocks(w: m.Writer, steps: Sequence[StepReport], level: int, report: Report) -> None:
    s.chapter_blocks(w, steps, report)
    for step in steps:
        s.step_block(w, step, level, report)


def appendix(w: m.Writer, report: Report) -> None:
    """Every visible answer verbatim, by theme and question."""
    t = w.t
    open_steps = [st for st in report.steps if st.kind == "open" and st.visible]
    if not open_steps:
        return
    w.heading(2, t.tr("Liite: kaikki vastaukset"))
    w.para(
        t.tr(
            "Tässä ovat kaikki vastaukset sellaisinaan teemoittain ja kysymyksittäin."
            " Ohjaajan piilottamat vastaukset eivät ole mukana."
        )
    )
    for title, steps in by_theme(open_steps):
        w.heading(3, theme_heading(t, title))
        for step in steps:
            w.heading(4, md(step.text))
            w.bullets(m.quote_line(t, a) for a in step.visible)
