"""The layout the reading screens share: a scrollable page with one centred column."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


def scroll_page(
    column: QWidget,
    *,
    max_width: int,
    margins: tuple[int, int, int, int] = (24, 18, 24, 18),
    spacing: int = 12,
) -> tuple[QScrollArea, QVBoxLayout]:
    """A scroll area (no frame, no horizontal bar) whose page centres ``column``, at most
    ``max_width`` pixels wide, within ``margins``; returns it and the column's layout."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    content = QWidget()
    row = QHBoxLayout(content)
    row.setContentsMargins(*margins)
    row.addStretch(1)
    column.setMaximumWidth(max_width)
    column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    row.addWidget(column, 100)
    row.addStretch(1)
    scroll.setWidget(content)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    return scroll, layout
