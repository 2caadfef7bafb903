"""The quiz screen: one question at a time, feedback after each answer, a summary at the end.

Grading and saving happen in :class:`foottrainer.core.progress.Progress`; every answer is
committed before the screen says "Saved". An unfinished attempt resumes where it stopped.

The same screen runs a lesson's quiz and the sessions across lessons (spaced-repetition review,
custom quizzes): there each question names its lesson, a step link opens that lesson, and the
summary groups the steps to review by lesson and says when the next review is due.
"""

from __future__ import annotations

import itertools
import math
import random
import time
import zlib
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from foottrainer.core.catalog import Catalog
from foottrainer.core.grading import Grade, OptionFeedback
from foottrainer.core.model import Lesson, Question, QuestionType, Response
from foottrainer.core.progress import Progress, QuizResult, QuizSession, SessionItem
from foottrainer.core.review import describe_due
from foottrainer.storage import StoreError
from foottrainer.ui.page_layout import scroll_page
from foottrainer.ui.question_widgets import AnswerWidget, make_answer_widget

CONTENT_WIDTH = 860  # a readable line length; the column is centred in wider windows
MIN_POINT_SIZE = 11  # quiz text is read closely: never smaller than this

_STYLE = """
QWidget {{ font-size: {base}pt; }}
QLabel#title, QLabel#emptyTitle {{ font-size: {title}pt; font-weight: bold; }}
QLabel#prompt {{ font-size: {prompt}pt; }}
QLabel#verdict {{ font-size: {title}pt; font-weight: bold; }}
QLabel#optionHead {{ font-weight: bold; }}
QLabel#heading {{ font-size: {prompt}pt; font-weight: bold; }}
QLabel#score {{ font-size: {score}pt; font-weight: bold; }}
QLabel#passed, QLabel#safety, QLabel#time, QLabel#emptyText {{ font-size: {large}pt; }}
QLabel#subheading {{ font-size: {large}pt; font-weight: bold; }}
QLabel#lessonHeading {{ font-weight: bold; }}
QFrame#feedback {{
    background: palette(alternate-base);
    border: 1px solid palette(mid);
    border-radius: 8px;
}}
QFrame#resumed {{
    background: palette(alternate-base);
    border: 1px solid palette(midlight);
    border-radius: 6px;
}}
QPushButton#linkButton {{
    border: 1px solid transparent;
    border-radius: 4px;
    padding: 2px 4px;
    color: palette(link);
    text-decoration: underline;
    text-align: left;
    background: transparent;
}}
QPushButton#linkButton:focus {{ border: 1px dashed palette(highlight); }}
QPushButton#primary, QPushButton#secondary {{ padding: 6px 18px; }}
"""


def quiz_style(base_points: float) -> str:
    """The screen's style sheet; sizes follow the application font (never below the minimum)."""
    base = max(MIN_POINT_SIZE, round(base_points))
    return _STYLE.format(
        base=base,
        large=round(base * 1.1),
        title=round(base * 1.2),
        score=round(base * 1.3),
        prompt=round(base * 1.4),
    )


def format_number(value: float) -> str:
    """7.5 → '7.5', 7.0 → '7', 6.8333 → '6.83'."""
    return f"{round(value, 2):g}"


def format_percent(value: float) -> str:
    """A percentage, never rounded up (79.96 must not read as a pass mark of 80):
    79.96 → '79.9%', 75.0 → '75%'."""
    return f"{format_number(math.floor(value * 10 + 1e-6) / 10)}%"


def format_duration(ms: int) -> str:
    """Milliseconds as mm:ss (minutes may exceed 59)."""
    seconds = max(0, round(ms / 1000))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def verdict_text(grade: Grade) -> str:
    if grade.correct:
        return "✓ Correct"
    if grade.score > 0:
        return f"◐ Partly correct — {round(grade.score * 100)}%"
    return "✗ Not quite"


#: Question types whose options are shown in an order drawn per attempt (unless opted out).
SHUFFLED_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_SELECT)


def shown_question(question: Question, seed: str) -> Question:
    """``question`` with its options in the order to show them: for single and multiple choice
    (unless the question says ``shuffle: false``) an order drawn from ``seed`` — the attempt,
    lesson and question ids, so a resumed quiz shows the same order and the next attempt another
    one, and the right answer is not always where the lesson's author wrote it."""
    if question.type not in SHUFFLED_TYPES or not question.shuffle:
        return question
    options = list(question.options)
    random.Random(zlib.crc32(seed.encode("utf-8"))).shuffle(options)
    return question._replace(options=tuple(options))


def _answer_ids(question: Question) -> list[str]:
    answer = question.answer
    if isinstance(answer, list):
        return [str(x) for x in answer]
    if question.type is QuestionType.TRUE_FALSE:
        return ["true" if answer is True else "false"]
    return [str(answer)]


_CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE_SELECT)


def option_mark(question: Question, fb: OptionFeedback) -> str:
    """The mark before an option in the feedback. For choices it says whether the option itself
    is right (a wrong statement never carries a ✓, even when the student rightly left it out);
    for orders, taps and matches, whether the student placed it right."""
    if question.type in _CHOICE_TYPES or (
        question.type is QuestionType.TAP_DIAGRAM and not question.is_sequence
    ):
        right = fb.option_id in _answer_ids(question)
    else:
        right = fb.right
    return "✓" if right else "✗"


def describe_option(question: Question, response: Response, fb: OptionFeedback) -> str:
    """In words, what the learner did with one option and whether that was right."""
    kind = question.type
    right_ids = _answer_ids(question)
    if kind is QuestionType.MULTIPLE_SELECT:
        if fb.chosen:
            return "You chose it — right" if fb.right else "You chose it — it does not apply"
        return "Not chosen — rightly left out" if fb.right else "Not chosen — but it applies"
    if kind is QuestionType.ORDER_STEPS:
        placed = list(response) if isinstance(response, list) else []
        belongs = right_ids.index(fb.option_id) + 1 if fb.option_id in right_ids else 0
        if fb.right:
            return f"In the right place ({belongs})"
        at = placed.index(fb.option_id) + 1 if fb.option_id in placed else 0
        return f"You put it at {at}; it belongs at {belongs}"
    if kind is QuestionType.MATCH_REASON:
        if fb.right:
            return "Right reason"
        reasons = {r.id: r.text for r in question.reasons}
        answer = question.answer
        right = answer.get(fb.option_id, "") if isinstance(answer, dict) else ""
        return f"Not the right reason — the right one is: {reasons.get(right, right)}"
    if question.is_sequence:
        taps = list(response) if isinstance(response, list) else []
        if fb.option_id in right_ids:
            at = right_ids.index(fb.option_id) + 1
            if fb.right:
                return f"Tapped as number {at} — right"
            if fb.option_id in taps:
                return f"It is tap {at}; you tapped it as number {taps.index(fb.option_id) + 1}"
            return f"It is tap {at}; you did not tap it"
        return "Tapped, but it is not part of the sequence" if fb.chosen else "Not tapped — right"
    # single_choice, true_false, tap_diagram with one region
    is_answer = fb.option_id in right_ids
    what = "tap" if kind is QuestionType.TAP_DIAGRAM else "answer"
    if fb.chosen:
        return f"Your {what} — right" if is_answer else f"Your {what} — not right"
    return f"The right {what}" if is_answer else "Not chosen"


def _muted(label: QLabel) -> QLabel:
    # A role, not a colour copied from the palette: it follows a switch between light and dark.
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _label(text: str = "", *, name: str = "") -> QLabel:
    """A plain-text (never rich-text: lesson text is not markup), word-wrapped label."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


def _link_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("linkButton")
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return button


def _clear_layout(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def _scroll_page(column: QWidget) -> tuple[QScrollArea, QVBoxLayout]:
    """A scrollable page with a centred column of at most CONTENT_WIDTH pixels."""
    return scroll_page(column, max_width=CONTENT_WIDTH)


class QuizView(QWidget):
    """The quiz of one lesson for the profile behind ``progress`` — or, with ``lesson`` None, a
    session across lessons that ``starter`` starts (or resumes): see :meth:`review` and
    :meth:`custom`.

    Starts (or resumes) the attempt on construction. Emits :attr:`back_requested` to go back to
    the lesson page (the library, for a session across lessons), :attr:`step_requested` (a step
    id; lesson quiz only) and :attr:`lesson_step_requested` (lesson id, step id) when the
    learner asks to review a step, and :attr:`finished` (the :class:`QuizResult`) when the last
    answer has been checked.
    """

    back_requested = Signal()
    step_requested = Signal(str)
    lesson_step_requested = Signal(str, str)
    finished = Signal(object)

    def __init__(
        self,
        lesson: Lesson | None,
        progress: Progress,
        parent: QWidget | None = None,
        *,
        catalog: Catalog | None = None,
        starter: Callable[[], QuizSession | None] | None = None,
        title: str = "",
    ) -> None:
        super().__init__(parent)
        if lesson is None and (catalog is None or starter is None):
            raise ValueError("A session across lessons needs the catalog and a starter.")
        self.lesson = lesson
        self.progress = progress
        self.catalog = catalog
        self._starter = starter
        self.title = title or (lesson.title if lesson is not None else "")
        self.session: QuizSession | None = None
        self.item: SessionItem | None = None
        self.question: Question | None = None
        self.answer_widget: AnswerWidget | None = None
        self.result: QuizResult | None = None
        self.last_grade: Grade | None = None
        self._submitted = False
        self._shown_at = time.monotonic()
        self._durations: dict[tuple[str, str], int] = {}
        self.setObjectName("quizView")
        self.setAccessibleName(self.window_title)
        self.setStyleSheet(quiz_style(self.font().pointSizeF()))
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._build_question_page()
        self._build_summary_page()
        self._build_empty_page()
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._default_action)
        self.start()
        # The review scheduler (fsrs, ~85 ms to import) is made while the student reads the first
        # question, not when they press Check.
        QTimer.singleShot(0, self, self._warm_scheduler)

    def _warm_scheduler(self) -> None:
        _ = self.progress.scheduler

    # -- building -----------------------------------------------------------------------------
    def _build_question_page(self) -> None:
        column = QWidget()
        self.question_page, layout = _scroll_page(column)
        self.stack.addWidget(self.question_page)

        header = QHBoxLayout()
        self.title_label = _label(self.title, name="title")
        header.addWidget(self.title_label, 1)
        self.back_button = QPushButton(self._back_text)
        self.back_button.setAccessibleName(self._back_name)
        self.back_button.setToolTip("Your answers so far are saved; the quiz resumes later.")
        self.back_button.clicked.connect(self.back_requested)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        self.lesson_label = _muted(_label(name="lessonLabel"))
        self.lesson_label.setVisible(self.across_lessons)
        layout.addWidget(self.lesson_label)

        count_row = QHBoxLayout()
        count_row.setSpacing(12)
        self.counter_label = _label(name="counter")
        self.counter_label.setWordWrap(False)
        count_row.addWidget(self.counter_label)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Questions answered")
        self.progress_bar.setFormat("%v of %m answered")
        self.progress_bar.setTextVisible(False)  # the counter beside it says it in words
        self.progress_bar.setFixedHeight(10)
        count_row.addWidget(self.progress_bar, 1)
        layout.addLayout(count_row)

        self.resumed_frame = QFrame()
        self.resumed_frame.setObjectName("resumed")
        resumed_layout = QHBoxLayout(self.resumed_frame)
        resumed_layout.setContentsMargins(10, 6, 10, 6)
        self.resumed_label = _label(name="resumedLabel")
        resumed_layout.addWidget(self.resumed_label)
        self.resumed_frame.hide()
        layout.addWidget(self.resumed_frame)

        layout.addSpacing(6)
        self.prompt_label = _label(name="prompt")
        self.prompt_label.setAccessibleName("Question")
        layout.addWidget(self.prompt_label)
        layout.addSpacing(4)

        self.answer_area = QWidget()
        self.answer_layout = QVBoxLayout(self.answer_area)
        self.answer_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.answer_area)

        check_row = QHBoxLayout()
        check_row.setSpacing(12)
        self.check_button = QPushButton("Check answer")
        self.check_button.setObjectName("primary")
        self.check_button.setDefault(True)
        self.check_button.setAccessibleName("Check answer")
        self.check_button.setToolTip("Enter or Ctrl+Enter")
        self.check_button.clicked.connect(self.submit)
        check_row.addWidget(self.check_button)
        self.saved_label = _muted(_label("✓ Saved", name="saved"))
        self.saved_label.setToolTip("Your answer is stored on this computer.")
        self.saved_label.setAccessibleName("Answer saved")
        self.saved_label.hide()
        check_row.addWidget(self.saved_label)
        check_row.addStretch(1)
        layout.addLayout(check_row)

        self.error_label = _label(name="error")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.feedback_panel = QFrame()
        self.feedback_panel.setObjectName("feedback")
        self.feedback_panel.setAccessibleName("Feedback")
        feedback = QVBoxLayout(self.feedback_panel)
        feedback.setContentsMargins(16, 12, 16, 12)
        feedback.setSpacing(8)
        self.verdict_label = _label(name="verdict")
        feedback.addWidget(self.verdict_label)
        self.feedback_rows = QVBoxLayout()
        self.feedback_rows.setSpacing(8)
        feedback.addLayout(self.feedback_rows)
        self.due_label = _label(name="dueLabel")
        self.due_label.hide()
        feedback.addWidget(self.due_label)
        self.review_button = _link_button("")
        self.review_button.clicked.connect(self._review_current_step)
        feedback.addWidget(self.review_button)
        self.feedback_panel.hide()
        layout.addWidget(self.feedback_panel)

        next_row = QHBoxLayout()
        self.next_button = QPushButton("Next question")
        self.next_button.setObjectName("primary")
        self.next_button.setAutoDefault(True)
        self.next_button.setAccessibleName("Next question")
        self.next_button.clicked.connect(self.next_question)
        self.next_button.hide()
        next_row.addWidget(self.next_button)
        next_row.addStretch(1)
        layout.addLayout(next_row)
        layout.addStretch(1)

    def _build_summary_page(self) -> None:
        column = QWidget()
        self.summary_page, layout = _scroll_page(column)
        self.stack.addWidget(self.summary_page)
        heading = "Quiz results" if self.lesson is not None else "Results"
        self.heading_label = _label(f"{heading}: {self.title}", name="heading")
        layout.addWidget(self.heading_label)
        layout.addSpacing(6)
        self.score_label = _label(name="score")
        self.pass_label = _label(name="passed")
        self.safety_label = _label(name="safety")
        self.time_label = _label(name="time")
        self.next_review_label = _label(name="nextReview")
        self.next_review_label.setVisible(self.across_lessons)
        for label in (
            self.score_label,
            self.pass_label,
            self.safety_label,
            self.time_label,
            self.next_review_label,
        ):
            layout.addWidget(label)
        self.pass_label.setVisible(not self.across_lessons)
        layout.addSpacing(8)
        self.review_heading = _label("Steps to review", name="subheading")
        layout.addWidget(self.review_heading)
        self.review_steps = QVBoxLayout()
        self.review_steps.setSpacing(4)
        layout.addLayout(self.review_steps)
        self.summary_error = _label(name="error")
        self.summary_error.hide()
        layout.addWidget(self.summary_error)
        layout.addSpacing(12)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        self.summary_back_button = QPushButton(self._back_text)
        self.summary_back_button.setObjectName("secondary")
        self.summary_back_button.setAccessibleName(self._back_name)
        self.summary_back_button.clicked.connect(self.back_requested)
        self.retake_button = QPushButton("Retake quiz")
        self.retake_button.setObjectName("secondary")
        self.retake_button.setAccessibleName("Retake the quiz")
        self.retake_button.clicked.connect(self.start)
        buttons.addWidget(self.summary_back_button)
        buttons.addWidget(self.retake_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _build_empty_page(self) -> None:
        column = QWidget()
        self.empty_page, layout = _scroll_page(column)
        self.stack.addWidget(self.empty_page)
        layout.addWidget(_label(self.title, name="emptyTitle"))
        self.empty_label = _label("This lesson has no quiz questions.", name="emptyText")
        layout.addWidget(self.empty_label)
        back = QPushButton(self._back_text)
        back.setAccessibleName(self._back_name)
        back.clicked.connect(self.back_requested)
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    # -- sessions across lessons ------------------------------------------------------------------
    @classmethod
    def review(
        cls, catalog: Catalog, progress: Progress, parent: QWidget | None = None
    ) -> QuizView:
        """The spaced-repetition review: the unfinished one, or the questions due now."""
        return cls(
            None,
            progress,
            parent,
            catalog=catalog,
            starter=lambda: progress.start_review(catalog),
            title="Review",
        )

    @classmethod
    def custom(
        cls,
        catalog: Catalog,
        progress: Progress,
        starter: Callable[[], QuizSession | None],
        parent: QWidget | None = None,
    ) -> QuizView:
        """A custom session; ``starter`` starts (or resumes) it and, on "Start again", a new
        one (it may raise ValueError with the reason there are no questions)."""
        return cls(None, progress, parent, catalog=catalog, starter=starter, title="Custom quiz")

    @property
    def across_lessons(self) -> bool:
        return self.lesson is None

    @property
    def window_title(self) -> str:
        """What the main window's title says about this screen."""
        if self.lesson is not None:
            return f"Quiz: {self.lesson.title}"
        return self.title

    @property
    def _back_text(self) -> str:
        return "Back to lesson" if self.lesson is not None else "Back to library"

    @property
    def _back_name(self) -> str:
        return "Back to the lesson" if self.lesson is not None else "Back to the library"

    # -- flow -----------------------------------------------------------------------------------
    @property
    def total(self) -> int:
        if self.session is not None:
            return len(self.session.items)
        return len(self.lesson.quiz.questions) if self.lesson is not None else 0

    @property
    def resumed(self) -> bool:
        return self.resumed_frame.isVisibleTo(self)

    def _begin(self) -> QuizSession | None:
        """Start or resume the session; None (with the reason shown) when there is nothing to
        ask."""
        if self.lesson is not None:
            if not self.lesson.quiz.questions:
                return None
            return self.progress.start_quiz(self.lesson)
        assert self._starter is not None
        try:
            session = self._starter()
        except ValueError as exc:  # e.g. a custom quiz whose criteria select nothing now
            self.empty_label.setText(str(exc))
            return None
        if session is None:
            self.empty_label.setText(self._nothing_due_text())
        return session

    def _nothing_due_text(self) -> str:
        text = "Nothing is due for review right now."
        assert self.catalog is not None
        try:
            status = self.progress.review_status(self.catalog)
            now = self.progress.now()
        except StoreError:
            return text
        if status.next_due is None:
            return f"{text} Take a lesson quiz to start your review deck."
        return f"{text} The next review is due {describe_due(status.next_due, now)}."

    def start(self) -> None:
        """Start (or resume) an attempt and show its first unanswered question."""
        self.result = None
        session = self._begin()
        if session is None or not session.items:
            self.session = None
            self.stack.setCurrentWidget(self.empty_page)
            return
        self.session = session
        if session.title:
            self.title = session.title
            self.title_label.setText(session.title)
            self.heading_label.setText(
                f"{'Quiz results' if self.lesson is not None else 'Results'}: {session.title}"
            )
            self.setAccessibleName(self.window_title)
        self._durations = {}
        answered = session.answered
        self.resumed_label.setText(f"Resumed: {answered} of {self.total} already answered")
        self.resumed_frame.setVisible(answered > 0)
        self.stack.setCurrentWidget(self.question_page)
        remaining = session.remaining_items
        if remaining:
            self._show_question(remaining[0])
        else:  # every answer was saved but the attempt was never finished
            self._finish(emit_later=True)

    def _show_question(self, item: SessionItem) -> None:
        assert self.session is not None
        seed = f"{self.session.attempt_id}/{item.lesson.id}/{item.question.id}"
        question = shown_question(item.question, seed)
        self.item = item
        self.question = question
        self.last_grade = None
        self._submitted = False
        if self.answer_widget is not None:
            self.answer_layout.removeWidget(self.answer_widget)
            self.answer_widget.hide()
            self.answer_widget.deleteLater()
        answered = self.session.answered
        self.counter_label.setText(f"Question {answered + 1} of {self.total}")
        self.progress_bar.setRange(0, self.total)
        self._set_progress(answered)
        self.lesson_label.setText(f"From the lesson: {item.lesson.title}")
        self.lesson_label.setAccessibleName(self.lesson_label.text())
        self.prompt_label.setText(question.prompt)
        widget = make_answer_widget(question, item.lesson, self.answer_area)
        self.answer_layout.addWidget(widget)
        widget.show()  # now, not when the layout gets round to it: focus and clicks need it
        self.answer_widget = widget
        widget.changed.connect(self._update_check)
        self.check_button.show()
        self.saved_label.hide()
        self.error_label.hide()
        self.feedback_panel.hide()
        self.due_label.hide()
        self.next_button.hide()
        _clear_layout(self.feedback_rows)
        self._update_check()
        self._chain_focus()
        self.question_page.verticalScrollBar().setValue(0)
        widget.focus_first()
        self._shown_at = time.monotonic()

    def _chain_focus(self) -> None:
        """Tab order follows the page top to bottom, the new answer widget included."""
        chain: list[QWidget] = [self.back_button]
        widget = self.answer_widget
        if widget is not None:
            chain += [
                w
                for w in widget.findChildren(QWidget)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus
                and w.window() is self.window()
                and w.isVisibleTo(widget)  # skips popups such as a combo box's list
            ]
        chain += [self.check_button, self.review_button, self.next_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _set_progress(self, answered: int) -> None:
        self.progress_bar.setValue(answered)
        self.progress_bar.setAccessibleDescription(f"{answered} of {self.total} answered")

    def _update_check(self) -> None:
        widget = self.answer_widget
        ready = widget is not None and not self._submitted and widget.response() is not None
        self.check_button.setEnabled(ready)

    def submit(self) -> None:
        """Grade and save the current answer, then show the feedback."""
        widget, item, session = self.answer_widget, self.item, self.session
        if self._submitted or widget is None or item is None or session is None:
            return
        question = self.question or item.question  # as shown: its options in the shown order
        response = widget.response()
        if response is None:
            return
        duration_ms = max(0, int((time.monotonic() - self._shown_at) * 1000))
        try:
            saved = self.progress.answer(
                session, question, response, duration_ms, lesson=item.lesson
            )
        except (StoreError, ValueError) as exc:
            self.error_label.setText(
                f"✗ Your answer could not be saved, so it was not checked: {exc}"
            )
            self.error_label.show()
            return
        self._durations[item.key] = duration_ms
        self._submitted = True
        self.last_grade = saved.grade
        self.error_label.hide()
        widget.set_locked(True)
        widget.show_feedback(saved.grade)
        self._update_check()
        self._show_feedback(item, response, saved.grade)
        if self.across_lessons and saved.due is not None:
            when = describe_due(saved.due, self.progress.now())
            self.due_label.setText(f"You will see this question again {when}.")
            self.due_label.show()
        self.saved_label.show()
        self._set_progress(session.answered)
        self.next_button.setText("Next question" if session.remaining_items else "See results")
        self.next_button.setAccessibleName(self.next_button.text())
        self.next_button.show()
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self, self._reveal_next)

    def _reveal_next(self) -> None:
        self.question_page.ensureWidgetVisible(self.next_button, 0, 24)

    def _show_feedback(self, item: SessionItem, response: Response, grade: Grade) -> None:
        question = self.question or item.question
        self.verdict_label.setText(verdict_text(grade))
        self.verdict_label.setAccessibleName(self.verdict_label.text())
        _clear_layout(self.feedback_rows)
        for fb in grade.feedback:
            row = QWidget()
            column = QVBoxLayout(row)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            head = _label(
                f"{option_mark(question, fb)} {fb.text}",
                name="optionHead",
            )
            body = _label(
                f"{describe_option(question, response, fb)}. {fb.explanation}", name="optionBody"
            )
            body.setContentsMargins(22, 0, 0, 0)
            column.addWidget(head)
            column.addWidget(body)
            row.setAccessibleName(f"{head.text()}: {body.text()}")
            self.feedback_rows.addWidget(row)
        step = item.lesson.step(question.step_id)
        if step is not None:
            where = f"step {step.number}: {step.title}"
            if self.across_lessons:
                where = f"{item.lesson.title}, {where}"
            self.review_button.setText(f"Review {where}")
            self.review_button.setAccessibleName(self.review_button.text())
        self.review_button.setVisible(step is not None)
        self.feedback_panel.show()

    def feedback_text(self) -> str:
        """Everything the feedback panel says, for tests and screen-reader summaries."""
        labels = self.feedback_panel.findChildren(QLabel)
        texts = [self.verdict_label.text()] + [
            label.text() for label in labels if label is not self.verdict_label
        ]
        if self.review_button.isVisibleTo(self):
            texts.append(self.review_button.text())
        return "\n".join(t for t in texts if t)

    def _review_current_step(self) -> None:
        if self.item is not None:
            self._request_step(self.item.lesson.id, self.item.question.step_id)

    def _request_step(self, lesson_id: str, step_id: str) -> None:
        self.lesson_step_requested.emit(lesson_id, step_id)
        if self.lesson is not None:
            self.step_requested.emit(step_id)

    def next_question(self) -> None:
        """Show the next unanswered question, or finish the quiz after the last one."""
        if self.session is None or not self._submitted:
            return
        remaining = self.session.remaining_items
        self.resumed_frame.hide()
        if remaining:
            self._show_question(remaining[0])
        else:
            self._finish()

    def _finish(self, *, emit_later: bool = False) -> None:
        assert self.session is not None
        try:
            result = self.progress.finish_quiz(self.session)
        except StoreError as exc:
            self.error_label.setText(f"✗ The finished quiz could not be saved: {exc}")
            self.error_label.show()
            return
        self.result = result
        self._show_summary(result)
        if emit_later:
            QTimer.singleShot(0, self, lambda: self.finished.emit(result))
        else:
            self.finished.emit(result)

    def _time_taken_ms(self) -> int:
        assert self.session is not None
        durations = dict(self._durations)
        try:
            rows = self.progress.store.answers(self.session.attempt_id)
        except StoreError:
            rows = []
        for row in rows:  # answers from before a resume count too
            key = (row.lesson_id, row.question_id)
            if key in self.session.results:
                durations[key] = row.duration_ms
        return sum(durations.values())

    def _show_summary(self, result: QuizResult) -> None:
        self.score_label.setText(
            f"Score: {format_number(result.score)} / {result.max_score} "
            f"({format_percent(result.percent)})"
        )
        if self.lesson is not None:
            self._lesson_verdict(self.lesson, result)
        else:
            self._session_verdict()
        self.time_label.setText(f"Time taken: {format_duration(self._time_taken_ms())}")
        _clear_layout(self.review_steps)
        previous: QWidget = self.time_label
        items = self.session.items if self.session is not None else ()
        lessons = {item.lesson.id: item.lesson for item in items}
        shown_lesson = ""
        for lesson_id, step_id in result.to_review:
            lesson = lessons.get(lesson_id) or self.lesson
            step = lesson.step(step_id) if lesson is not None else None
            if lesson is None or step is None:
                continue
            if self.across_lessons and lesson_id != shown_lesson:
                shown_lesson = lesson_id
                heading = _label(lesson.title, name="lessonHeading")
                heading.setContentsMargins(0, 6 if self.review_steps.count() else 0, 0, 0)
                self.review_steps.addWidget(heading)
            button = _link_button(f"Step {step.number}: {step.title}")
            where = f"{lesson.title}, step" if self.across_lessons else "step"
            button.setAccessibleName(f"Review {where} {step.number}: {step.title}")
            button.clicked.connect(
                lambda _=False, lid=lesson_id, sid=step_id: self._request_step(lid, sid)
            )
            self.review_steps.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            QWidget.setTabOrder(previous, button)
            previous = button
        if not result.to_review:
            self.review_steps.addWidget(
                _label("Nothing to review — every answer got full credit.", name="noReview")
            )
        QWidget.setTabOrder(previous, self.summary_back_button)
        QWidget.setTabOrder(self.summary_back_button, self.retake_button)
        self.stack.setCurrentWidget(self.summary_page)
        self.summary_page.verticalScrollBar().setValue(0)
        self.summary_back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _lesson_verdict(self, lesson: Lesson, result: QuizResult) -> None:
        quiz = lesson.quiz
        self.pass_label.setText(
            f"✓ Passed — the pass mark is {quiz.pass_mark}%"
            if result.passed
            else f"✗ Not passed yet — the pass mark is {quiz.pass_mark}%"
        )
        if not any(q.is_safety for q in quiz.questions):
            self.safety_label.setText("No safety questions in this quiz.")
        elif result.safety_passed:
            self.safety_label.setText("✓ Safety questions passed")
        else:
            self.safety_label.setText(
                f"✗ Safety questions not passed — they need {quiz.safety_pass_mark}%"
            )

    def _session_verdict(self) -> None:
        """Safety questions of a session across lessons, and when the next review is due."""
        assert self.session is not None and self.catalog is not None
        results = self.session.results
        safety = [item for item in self.session.items if item.question.is_safety]
        missed = sum(1 for i in safety if not (i.key in results and results[i.key].correct))
        if not safety:
            self.safety_label.setText("No safety questions in this session.")
        elif not missed:
            self.safety_label.setText("✓ Every safety question fully right")
        else:
            self.safety_label.setText(
                f"✗ {missed} of {len(safety)} safety questions not fully right — "
                "review their steps before you practise"
            )
        try:
            status = self.progress.review_status(self.catalog)
        except StoreError:
            self.next_review_label.setText("")
            self.retake_button.hide()
            return
        if status.due:
            self.next_review_label.setText(
                f"{status.due} question{'' if status.due == 1 else 's'} due for review now"
            )
        elif status.next_due is not None:
            when = describe_due(status.next_due, self.progress.now())
            self.next_review_label.setText(f"Next review: {when}")
        else:
            self.next_review_label.setText("")
        if self.session.kind == "review":
            self.retake_button.setText(f"Review more — {status.due} due")
            self.retake_button.setVisible(status.due > 0)
        else:
            self.retake_button.setText("New quiz with the same choices")
        self.retake_button.setAccessibleName(self.retake_button.text())

    def review_buttons(self) -> list[QPushButton]:
        """The summary's "review step" buttons, in lesson order."""
        out = []
        for i in range(self.review_steps.count()):
            item = self.review_steps.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QPushButton):
                out.append(widget)
        return out

    # -- keyboard -------------------------------------------------------------------------------
    def _default_action(self) -> None:
        """Enter / Ctrl+Enter: check the answer, or go on once it is checked."""
        if self.stack.currentWidget() is not self.question_page:
            return
        if self.check_button.isVisible() and self.check_button.isEnabled():
            self.submit()
        elif self.next_button.isVisible():
            self.next_question()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys the focused control did not use arrive here: Enter acts like a dialog's default
        # button (Check answer, then Next question).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self._default_action()
            event.accept()
            return
        super().keyPressEvent(event)
