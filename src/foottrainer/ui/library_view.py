"""The lesson library: lessons grouped by topic, with time, status and a search box.

This is the first screen, so it avoids PySide6's ``Qt`` namespace: touching it builds every one
of its enums (about 70 ms, a quarter of a bare window's start-up).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from foottrainer.core.catalog import Catalog
from foottrainer.core.model import Lesson
from foottrainer.core.progress import LessonStatus, Progress
from foottrainer.ui.review_bar import ReviewBar

_ID = 256  # Qt.ItemDataRole.UserRole
_STATUS_TEXT = {
    LessonStatus.NEW: "New",
    LessonStatus.IN_PROGRESS: "In progress",
    LessonStatus.DONE: "✓ Done",
}


GATE_LOCKED = "Safety quiz first"
GATE_OPEN = "✓ Unlocked"
GATE_NONE = "—"  # a study lesson: nothing to practise on a person
GATE_HELP = (
    "Practise a technique on a person only after passing its quiz's safety questions "
    "(100 % unless the lesson says otherwise)."
)


def lesson_matches(lesson: Lesson, words: list[str]) -> bool:
    haystack = " ".join(
        [
            lesson.title,
            lesson.summary,
            lesson.topic,
            *lesson.objectives,
            *(f"{s.title} {s.instruction} {s.why}" for s in lesson.steps),
        ]
    ).lower()
    return all(word in haystack for word in words)


class LibraryView(QWidget):
    lesson_activated = Signal(str)
    dashboard_requested = Signal()

    def __init__(self, catalog: Catalog, progress: Progress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.progress = progress
        layout = QVBoxLayout(self)
        heading = QLabel("<h2>Lesson library</h2>", self)
        self.dashboard_button = QPushButton("Progress", self)
        self.dashboard_button.setAccessibleName("Open the progress dashboard")
        self.dashboard_button.setToolTip(
            "Your mastery, practice gates, accuracy over time, weakest steps and streak (Ctrl+D)"
        )
        self.dashboard_button.clicked.connect(self._request_dashboard)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.dashboard_button)
        layout.addLayout(top)
        # Spaced-repetition review (with the due count) and custom quizzes.
        self.review_bar = ReviewBar(catalog, progress, self)
        layout.addWidget(self.review_bar)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search lessons by title or text…")
        self.search.setAccessibleName("Search lessons")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        layout.addWidget(self.search)

        # Horizontal by default; QSplitter(parent) resolves an overload through the Qt namespace.
        splitter = QSplitter()
        self.tree = QTreeWidget(splitter)
        self.tree.setAccessibleName("Lessons by topic")
        self.tree.setHeaderLabels(["Lesson", "Minutes", "Status", "Practice"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.currentItemChanged.connect(self._on_current)

        details = QWidget(splitter)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        self.details = QTextBrowser(details)
        self.details.setAccessibleName("Lesson details")
        self.details.setOpenExternalLinks(False)
        self.open_button = QPushButton("Open lesson", details)
        self.open_button.setAccessibleName("Open the selected lesson")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open_current)
        details_layout.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        details_layout.addLayout(buttons)
        splitter.addWidget(self.tree)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self._populate()

    def _populate(self) -> None:
        self.tree.clear()
        self._groups: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        statuses = self.progress.statuses(lesson.id for lesson in self.catalog.lessons)
        gates = self.progress.gates(self.catalog.lessons)
        bold = QFont(self.font())
        bold.setBold(True)
        for topic, lessons in self.catalog.topics():
            group = QTreeWidgetItem([topic])
            group.setFont(0, bold)
            self.tree.addTopLevelItem(group)
            children: list[QTreeWidgetItem] = []
            for lesson in lessons:
                if not lesson.is_technique:
                    gate = GATE_NONE
                elif gates[lesson.id]:
                    gate = GATE_OPEN
                else:
                    gate = GATE_LOCKED
                item = QTreeWidgetItem(
                    [lesson.title, str(lesson.minutes), _STATUS_TEXT[statuses[lesson.id]], gate]
                )
                item.setToolTip(3, GATE_HELP)
                item.setData(0, _ID, lesson.id)
                item.setToolTip(0, lesson.summary)
                group.addChild(item)
                children.append(item)
            group.setExpanded(True)
            self._groups.append((group, children))
        if self.catalog.lessons:
            self.empty.hide()
            self.tree.setCurrentItem(self._groups[0][1][0])
        else:
            self.empty.setText("No lessons could be loaded. See View ▸ Lesson problems.")
            self.empty.show()
            self.open_button.setEnabled(False)

    def refresh_status(self) -> None:
        current = self.current_lesson_id()
        self._populate()
        if current:
            self.select(current)
        self.apply_filter(self.search.text())
        self.review_bar.set_progress(self.progress)  # the due count, now

    def set_progress(self, progress: Progress) -> None:
        """Show another profile's statuses (after a profile switch); its own search, none."""
        self.progress = progress
        self.search.clear()
        self.refresh_status()

    def lesson_items(self) -> list[QTreeWidgetItem]:
        return [item for _group, children in self._groups for item in children]

    def select(self, lesson_id: str) -> None:
        for item in self.lesson_items():
            if item.data(0, _ID) == lesson_id:
                self.tree.setCurrentItem(item)
                return

    def current_lesson_id(self) -> str:
        item = self.tree.currentItem()
        return str(item.data(0, _ID) or "") if item else ""

    def apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for group, children in self._groups:
            visible = 0
            for item in children:
                lesson = self.catalog.get(str(item.data(0, _ID)))
                show = lesson is not None and lesson_matches(lesson, words)
                item.setHidden(not show)
                visible += show
            group.setHidden(visible == 0)

    def _on_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        lesson = self.catalog.get(str(item.data(0, _ID))) if item else None
        self.open_button.setEnabled(lesson is not None)
        if lesson is None:
            self.details.clear()
            return
        objectives = "\n".join(f"- {o}" for o in lesson.objectives)
        self.details.setMarkdown(
            f"## {lesson.title}\n\n*{lesson.topic} · about {lesson.minutes} minutes · "
            f"{len(lesson.steps)} steps · {len(lesson.quiz.questions)} questions*\n\n"
            f"{lesson.summary}\n\n**You will learn to:**\n\n{objectives}\n"
        )

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        lesson_id = item.data(0, _ID)
        if lesson_id:
            self.lesson_activated.emit(str(lesson_id))

    def _request_dashboard(self) -> None:
        self.dashboard_requested.emit()

    def _open_current(self) -> None:
        lesson_id = self.current_lesson_id()
        if lesson_id:
            self.lesson_activated.emit(lesson_id)
