"""The "Custom quiz" dialog: how many questions, from which lessons, and which kind.

The dialog shows, as the student chooses, how many questions the choice gives (or why it gives
none, e.g. "You have not got any question wrong yet"). The selection it shows is the one that
is asked: it is drawn with one seed per opening of the dialog.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from foottrainer.core.catalog import Catalog
from foottrainer.core.progress import Progress, QuizSession
from foottrainer.core.sessions import COUNT_CHOICES, Criteria, Selection
from foottrainer.storage import StoreError

ALL_LESSONS = "All lessons"


def scope_key(kind: str, value: str) -> str:
    """The From box's item data: "topic" or "lesson", a tab, the topic or lesson id."""
    return f"{kind}\t{value}"


def _size_text(size: int | None) -> str:
    return "All matching questions" if size is None else f"{size} questions"


class CustomSessionDialog(QDialog):
    """Choose a custom quiz. After ``exec()`` returns Accepted, :attr:`resume_chosen` says the
    student chose to resume the unfinished custom quiz; otherwise :attr:`selection` holds the
    questions to ask and :meth:`criteria` what was chosen."""

    def __init__(
        self,
        catalog: Catalog,
        progress: Progress,
        parent: QWidget | None = None,
        *,
        seed: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.progress = progress
        self.seed = random.randrange(2**32) if seed is None else seed
        self.resume_chosen = False
        self.selection = Selection("", ())
        self.setWindowTitle("Custom quiz")
        self.setAccessibleName("Custom quiz")
        self.setAccessibleDescription("Choose the questions to practise")
        layout = QVBoxLayout(self)

        self.unfinished: QuizSession | None = None
        try:
            self.unfinished = progress.unfinished_custom(catalog)
        except StoreError:
            self.unfinished = None
        self.resume_button = QPushButton(self)
        if self.unfinished is not None:
            left = len(self.unfinished.remaining_items)
            self.resume_button.setText(f"Resume “{self.unfinished.title}” — {left} left")
            self.resume_button.setAccessibleName(self.resume_button.text())
            self.resume_button.clicked.connect(self._resume)
            layout.addWidget(self.resume_button)
        else:
            self.resume_button.hide()

        form = QFormLayout()
        self.size_box = QComboBox(self)
        self.size_box.setAccessibleName("Number of questions")
        for size in COUNT_CHOICES:
            self.size_box.addItem(_size_text(size), size)
        self.size_box.setCurrentIndex(COUNT_CHOICES.index(20))
        size_label = QLabel("&Questions:", self)
        size_label.setBuddy(self.size_box)
        form.addRow(size_label, self.size_box)

        self.scope_box = QComboBox(self)
        self.scope_box.setAccessibleName("Lessons to take the questions from")
        self.scope_box.addItem(ALL_LESSONS, "")
        for topic, lessons in catalog.topics():
            self.scope_box.addItem(f"Topic: {topic}", scope_key("topic", topic))
            for lesson in lessons:
                self.scope_box.addItem(f"    {lesson.title}", scope_key("lesson", lesson.id))
        scope_label = QLabel("&From:", self)
        scope_label.setBuddy(self.scope_box)
        form.addRow(scope_label, self.scope_box)
        layout.addLayout(form)

        self.safety_only = QCheckBox("Only &safety questions", self)
        self.why_only = QCheckBox("Only “&why” questions (the reason behind a step)", self)
        self.wrong_only = QCheckBox("Only questions I got &wrong last time", self)
        self.due_only = QCheckBox("Only questions &due for review", self)
        for box in (self.safety_only, self.why_only, self.wrong_only, self.due_only):
            box.setAccessibleName(box.text().replace("&", ""))
            box.toggled.connect(self._update)
            layout.addWidget(box)
        self.size_box.currentIndexChanged.connect(self._update)
        self.scope_box.currentIndexChanged.connect(self._update)

        self.preview = QLabel(self)
        self.preview.setObjectName("preview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
        layout.addWidget(self.preview)

        self.buttons = QDialogButtonBox(self)
        start = self.buttons.addButton("&Start", QDialogButtonBox.ButtonRole.AcceptRole)
        assert start is not None
        self.start_button = start
        self.start_button.setDefault(True)
        self.start_button.setAccessibleName("Start the custom quiz")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        cancel.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self._update()
        self.size_box.setFocus()

    def choose_scope(self, kind: str, value: str) -> None:
        """Choose "topic" ``value`` or "lesson" ``value`` (an id) in the From box."""
        index = self.scope_box.findData(scope_key(kind, value))
        if index < 0:
            raise ValueError(f"No {kind} {value!r} to choose.")
        self.scope_box.setCurrentIndex(index)

    def criteria(self) -> Criteria:
        kind, _tab, value = str(self.scope_box.currentData() or "").partition("\t")
        return Criteria(
            size=self.size_box.currentData(),
            topic=value if kind == "topic" else "",
            lesson_ids=(value,) if kind == "lesson" else (),
            safety_only=self.safety_only.isChecked(),
            why_only=self.why_only.isChecked(),
            wrong_only=self.wrong_only.isChecked(),
            due_only=self.due_only.isChecked(),
        )

    def _update(self) -> None:
        try:
            self.selection = self.progress.custom_selection(
                self.catalog, self.criteria(), random.Random(self.seed)
            )
        except StoreError as exc:
            self.selection = Selection("", (), f"Your progress cannot be read: {exc}")
        if self.selection.empty:
            self.preview.setText(f"⚠ {self.selection.message}")
        else:
            self.preview.setText(f"You will be asked: {self.selection.title}")
        self.preview.setAccessibleName(self.preview.text())
        self.start_button.setEnabled(not self.selection.empty)

    def _resume(self) -> None:
        self.resume_chosen = True
        self.accept()


def custom_starter(
    progress: Progress,
    catalog: Catalog,
    selection: Selection | None,
    criteria: Criteria | None = None,
) -> Callable[[], QuizSession | None]:
    """What a custom quiz screen calls to start: first ``selection`` (None: resume the
    unfinished custom quiz), then, for "New quiz with the same choices", a new draw with
    ``criteria`` — or the same questions again when the criteria are not known (a resumed
    quiz). Raises ValueError with the reason when the choices select no question."""
    first = True
    last: QuizSession | None = None

    def start() -> QuizSession | None:
        nonlocal first, last
        if first:
            first = False
            session = (
                progress.unfinished_custom(catalog)
                if selection is None
                else progress.start_custom(catalog, selection)
            )
        elif criteria is not None:
            session = progress.start_custom(catalog, progress.custom_selection(catalog, criteria))
        elif last is not None:
            again = Selection(last.title, tuple(item.key for item in last.items))
            session = progress.start_custom(catalog, again)
        else:
            session = None
        last = session
        return session

    return start
