"""The home screen's study row: "Review — N due" and "Custom quiz…".

Part of the first screen, so like the library it never touches PySide6's ``Qt`` namespace.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from foottrainer.core.catalog import Catalog
from foottrainer.core.progress import Progress
from foottrainer.core.review import ReviewStatus, describe_due
from foottrainer.storage import StoreError

NO_DECK = "Take a lesson quiz to start your review deck"
#: How often the due count is brought up to date while the home screen is open (ms).
REFRESH_MS = 60_000
_STYLE = """
QPushButton#reviewButton, QPushButton#customButton { padding: 5px 14px; }
QPushButton#reviewButton:enabled { font-weight: bold; }
"""


def review_text(status: ReviewStatus, now_words: str = "") -> str:
    """The review button's text for ``status``; ``now_words`` is when the next card is due."""
    if status.resumable:
        return f"Resume review — {status.resumable} left"
    if status.due:
        return f"Review — {status.due} due"
    if not status.cards or status.next_due is None:
        return NO_DECK
    return f"Nothing due — next review {now_words}"


class ReviewBar(QWidget):
    """The review button (with the due count) and the custom-quiz button."""

    review_requested = Signal()
    custom_requested = Signal()

    def __init__(self, catalog: Catalog, progress: Progress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.progress = progress
        self.status: ReviewStatus | None = None
        self.setStyleSheet(_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(10)
        self.review_button = QPushButton(self)
        self.review_button.setObjectName("reviewButton")
        self.review_button.clicked.connect(self.review_requested)
        self.custom_button = QPushButton("Custom quiz…", self)
        self.custom_button.setObjectName("customButton")
        self.custom_button.setAccessibleName("Custom quiz: choose the questions to practise")
        self.custom_button.setToolTip(
            "Choose how many questions, from which lessons, and only safety, "
            "“why” or the ones you got wrong"
        )
        self.custom_button.clicked.connect(self.custom_requested)
        self.deck_label = QLabel(self)
        self.deck_label.setObjectName("deckLabel")
        self.deck_label.setWordWrap(True)
        layout.addWidget(self.review_button)
        layout.addWidget(self.custom_button)
        layout.addWidget(self.deck_label, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.refresh()

    def set_progress(self, progress: Progress) -> None:
        self.progress = progress
        self.refresh()

    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the deck again: due count, next due moment, unfinished review."""
        try:
            status = self.progress.review_status(self.catalog)
            now = self.progress.now()
        except StoreError:
            self.review_button.setEnabled(False)
            self.review_button.setText("Review unavailable")
            self.review_button.setAccessibleName("Review unavailable: progress cannot be read")
            return
        self.status = status
        when = describe_due(status.next_due, now) if status.next_due is not None else ""
        text = review_text(status, when)
        self.review_button.setText(text)
        self.review_button.setEnabled(bool(status.due or status.resumable))
        name = text if self.review_button.isEnabled() else f"Review unavailable: {text}"
        self.review_button.setAccessibleName(name)
        self.review_button.setToolTip(
            "Questions come back just before you would forget them (Ctrl+R)"
            if self.review_button.isEnabled()
            else text
        )
        if status.cards:
            plural = "" if status.cards == 1 else "s"
            self.deck_label.setText(f"{status.cards} question{plural} in your review deck")
        else:
            self.deck_label.setText("")
