"""The quiz screen, driven like a student would: clicks, keys and taps (pytest-qt, offscreen).

Every test uses the temporary data folder of the fixtures, never a real user's progress.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from foottrainer.core.model import Question, QuestionType, Quiz
from foottrainer.core.progress import Progress, QuizResult
from foottrainer.storage import Store
from foottrainer.ui.diagram_view import DiagramView
from foottrainer.ui.question_widgets import (
    CHOOSE_REASON,
    OUTSIDE_HINT,
    AnswerWidget,
    MatchReasonWidget,
    MultipleSelectWidget,
    OrderStepsWidget,
    SingleChoiceWidget,
    TapDiagramWidget,
    make_answer_widget,
    shuffled_order,
)
from foottrainer.ui.quiz_view import QuizView, format_duration, format_percent

LEFT = Qt.MouseButton.LeftButton


# -- helpers ------------------------------------------------------------------------------------


def make_view(qtbot, lesson, progress) -> QuizView:
    view = QuizView(lesson, progress)
    qtbot.addWidget(view)
    view.resize(1100, 750)
    view.show()
    qtbot.waitExposed(view)
    return view


W = TypeVar("W", bound=AnswerWidget)


def current(view: QuizView, cls: type[W]) -> W:
    """The answer widget on screen, checked to be a ``cls``."""
    widget = view.answer_widget
    assert isinstance(widget, cls), widget
    return widget


def current_id(view: QuizView) -> str:
    assert view.question is not None
    return view.question.id


def replaced(record: Any, **changes: Any) -> Any:
    """A copy of a model record with ``changes`` (dataclass or named tuple)."""
    if hasattr(record, "_replace"):
        return record._replace(**changes)
    return dataclasses.replace(record, **changes)


def db_rows(data_dir: Path, sql: str, *args) -> list[Any]:
    """Read the progress file through a second, independent connection."""
    conn = sqlite3.connect(data_dir / "progress.sqlite3")
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def click_item(qtbot, order: OrderStepsWidget, option_id: str) -> int:
    """Click the list row of ``option_id``; returns its row."""
    row = order.order().index(option_id)
    rect = order.list.visualItemRect(order.list.item(row))
    qtbot.mouseClick(order.list.viewport(), LEFT, pos=rect.center())
    assert order.list.currentRow() == row
    return row


def put_in_order(qtbot, order: OrderStepsWidget, wanted: list[str]) -> None:
    """Reorder with the keyboard: select an item, then Alt+Up / Alt+Down."""
    for target, option_id in enumerate(wanted):
        row = click_item(qtbot, order, option_id)
        key = Qt.Key.Key_Up if row > target else Qt.Key.Key_Down
        for _ in range(abs(row - target)):
            qtbot.keyClick(order.list, key, Qt.KeyboardModifier.AltModifier)
        assert order.order()[target] == option_id
    assert order.order() == wanted


def choose_reason(qtbot, widget: MatchReasonWidget, option_id: str, reason_id: str) -> None:
    """Select a reason in the combo box with the arrow keys."""
    combo = widget.combos[option_id]
    target = combo.findData(reason_id)
    assert target > 0
    while combo.currentIndex() < target:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    while combo.currentIndex() > target:
        qtbot.keyClick(combo, Qt.Key.Key_Up)


def tap(qtbot, widget: TapDiagramWidget, region: str) -> None:
    view = widget.view
    qtbot.mouseClick(view, LEFT, pos=view.region_center(region).toPoint())


def answer_correctly(qtbot, view: QuizView) -> None:
    """Answer the current question correctly through its widgets (not yet submitted)."""
    q = view.question
    w = view.answer_widget
    assert q is not None and w is not None
    if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE):
        assert isinstance(w, SingleChoiceWidget)
        right = str(q.answer) if q.type is QuestionType.SINGLE_CHOICE else "false"
        if q.type is QuestionType.TRUE_FALSE:
            right = "true" if q.answer is True else "false"
        qtbot.mouseClick(w.buttons[right], LEFT)
    elif q.type is QuestionType.MULTIPLE_SELECT:
        assert isinstance(w, MultipleSelectWidget)
        for option_id in q.answer:  # type: ignore[union-attr]
            qtbot.mouseClick(w.buttons[option_id], LEFT)
    elif q.type is QuestionType.ORDER_STEPS:
        assert isinstance(w, OrderStepsWidget)
        put_in_order(qtbot, w, list(q.answer))  # type: ignore[arg-type]
    elif q.type is QuestionType.TAP_DIAGRAM:
        assert isinstance(w, TapDiagramWidget)
        for region in q.answer if isinstance(q.answer, list) else [q.answer]:
            tap(qtbot, w, str(region))
    elif q.type is QuestionType.MATCH_REASON:
        assert isinstance(w, MatchReasonWidget)
        for option_id, reason_id in q.answer.items():  # type: ignore[union-attr]
            choose_reason(qtbot, w, option_id, reason_id)
    assert w.response() is not None
    assert view.check_button.isEnabled()


def submit_by_click(qtbot, view: QuizView) -> None:
    qtbot.mouseClick(view.check_button, LEFT)


def go_to(qtbot, view: QuizView, question_id: str) -> None:
    """Answer questions correctly until ``question_id`` is shown."""
    while view.question is not None and view.question.id != question_id:
        answer_correctly(qtbot, view)
        submit_by_click(qtbot, view)
        qtbot.mouseClick(view.next_button, LEFT)


# -- 1. a whole quiz ------------------------------------------------------------------------------


def test_whole_quiz_by_clicks_keys_and_taps(qtbot, mini_lesson, progress, data_dir):
    view = make_view(qtbot, mini_lesson, progress)
    questions = mini_lesson.quiz.questions
    assert not view.resumed
    assert view.title_label.text() == "Mini lesson"
    submitters = ["click", "ctrl+return", "return"]
    for k, question in enumerate(questions, start=1):
        assert view.question is not None and view.question.id == question.id
        assert view.counter_label.text() == f"Question {k} of {len(questions)}"
        assert view.prompt_label.text() == question.prompt
        assert view.progress_bar.value() == k - 1
        # Nothing answered yet; an order (shuffled, never right) is always an answer.
        assert view.check_button.isEnabled() == (question.type is QuestionType.ORDER_STEPS)
        assert not view.feedback_panel.isVisible()
        answer_correctly(qtbot, view)
        how = submitters[k % len(submitters)]
        if how == "click":
            submit_by_click(qtbot, view)
        elif how == "ctrl+return":
            with qtbot.waitActive(view):
                view.activateWindow()
            qtbot.keyClick(
                view.window().focusWidget() or view,
                Qt.Key.Key_Return,
                Qt.KeyboardModifier.ControlModifier,
            )
        else:  # Enter in a control that does not use it acts as a dialog's default button
            target = view.window().focusWidget()
            if target is None or isinstance(target, DiagramView):  # there Enter taps
                target = view.check_button
            qtbot.keyClick(target, Qt.Key.Key_Return)
        assert view.last_grade is not None, f"{question.id} was not submitted by {how}"
        assert view.last_grade.correct
        assert view.verdict_label.text() == "✓ Correct"
        assert view.saved_label.isVisible()
        assert view.feedback_panel.isVisible()
        text = view.feedback_text()
        for option in question.options:
            assert option.explanation in text
            assert option.text in text
        step = mini_lesson.step(question.step_id)
        assert f"Review step {step.number}: {step.title}" in text
        assert not view.check_button.isEnabled()
        assert current(view, AnswerWidget).locked
        assert view.progress_bar.value() == k
        # Saved means committed: a second connection already sees the row.
        assert db_rows(data_dir, "SELECT count(*) FROM answers")[0][0] == k
        assert view.next_button.isVisible()
        assert view.window().focusWidget() is view.next_button
        expected_next = "Next question" if k < len(questions) else "See results"
        assert view.next_button.text() == expected_next
        if k < len(questions):
            qtbot.mouseClick(view.next_button, LEFT)
        else:
            with qtbot.waitSignal(view.finished, timeout=2000) as finished:
                qtbot.keyClick(view.next_button, Qt.Key.Key_Return)
    result = finished.args[0]
    assert isinstance(result, QuizResult)
    assert result.percent == 100.0 and result.passed and result.safety_passed
    assert view.result == result
    assert view.stack.currentWidget() is view.summary_page
    assert view.score_label.text() == "Score: 7 / 7 (100%)"
    assert view.pass_label.text().startswith("✓ Passed")
    assert view.safety_label.text().startswith("✓ Safety questions passed")
    assert re.fullmatch(r"Time taken: \d\d:\d\d", view.time_label.text())
    assert view.review_buttons() == []
    rows = db_rows(data_dir, "SELECT question_id, score, correct, duration_ms FROM answers")
    assert sorted(r[0] for r in rows) == sorted(q.id for q in questions)
    assert all(r[1] == 1.0 and r[2] == 1 and r[3] >= 0 for r in rows)
    finished_rows = db_rows(data_dir, "SELECT finished_at, score FROM quiz_attempts")
    assert len(finished_rows) == 1 and finished_rows[0][0] is not None
    assert finished_rows[0][1] == 7


# -- 2. partial credit ----------------------------------------------------------------------------


def test_partial_credit_multiple_select(qtbot, mini_lesson, progress, data_dir):
    view = make_view(qtbot, mini_lesson, progress)
    go_to(qtbot, view, "q-multi")
    widget = current(view, MultipleSelectWidget)
    assert isinstance(widget, MultipleSelectWidget)
    qtbot.mouseClick(widget.buttons["wound"], LEFT)
    assert widget.response() == ["wound"]
    submit_by_click(qtbot, view)
    assert view.verdict_label.text() == "◐ Partly correct — 50%"
    text = view.feedback_text()
    assert "✓ An open wound" in text and "You chose it — right" in text
    # The mark says whether the statement is right; the words say what the student did.
    assert "✓ A suspected clot" in text and "Not chosen — but it applies" in text
    assert "✗ The client is tired" in text and "Not chosen — rightly left out" in text
    assert "Right - a clot could move." in text
    assert "Missed" in widget.rows["clot"].status.text()
    rows = db_rows(data_dir, "SELECT score, correct FROM answers WHERE question_id = ?", "q-multi")
    assert rows == [(0.5, 0)]


def test_multiple_select_with_nothing_checked_has_no_response(qtbot, mini_lesson, progress):
    view = make_view(qtbot, mini_lesson, progress)
    go_to(qtbot, view, "q-multi")
    widget = current(view, MultipleSelectWidget)
    qtbot.mouseClick(widget.buttons["tired"], LEFT)
    assert view.check_button.isEnabled()
    qtbot.mouseClick(widget.rows["tired"].label, LEFT)  # the label toggles too
    assert widget.response() is None
    assert not view.check_button.isEnabled()
    view.submit()  # ignored without a response
    assert view.last_grade is None


def test_wrong_single_choice_feedback_and_review_step(qtbot, mini_lesson, progress):
    view = make_view(qtbot, mini_lesson, progress)
    qtbot.mouseClick(current(view, SingleChoiceWidget).buttons["onbone"], LEFT)
    submit_by_click(qtbot, view)
    assert view.verdict_label.text() == "✗ Not quite"
    text = view.feedback_text()
    assert "✗ On the ankle bone" in text and "Your answer — not right" in text
    assert "✓ Below the ankle bone" in text and "The right answer" in text
    with qtbot.waitSignal(view.step_requested) as requested:
        qtbot.mouseClick(view.review_button, LEFT)
    assert requested.args == ["circles"]
    assert view.review_button.text() == "Review step 2: Circles below the ankle"


# -- 3. taps ------------------------------------------------------------------------------------


def tap_widget(qtbot, lesson, question_id) -> TapDiagramWidget:
    question = lesson.question(question_id)
    widget = make_answer_widget(question, lesson)
    assert isinstance(widget, TapDiagramWidget)
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def empty_point(widget: TapDiagramWidget) -> QPoint:
    view = widget.view
    for point in (QPoint(3, 3), QPoint(view.width() - 3, 3), QPoint(3, view.height() - 3)):
        if view.region_at(point.toPointF()) == "":
            return point
    raise AssertionError("no empty spot found")


def test_tap_maps_widget_coordinates_to_regions(qtbot, mini_lesson):
    widget = tap_widget(qtbot, mini_lesson, "q-tap")
    outside = empty_point(widget)
    changes = []
    widget.changed.connect(lambda: changes.append(widget.response()))

    qtbot.mouseClick(widget.view, LEFT, pos=outside)  # nothing tapped yet, and nothing recorded
    assert widget.response() is None
    assert widget.hint.text() == OUTSIDE_HINT
    assert changes == []

    tap(qtbot, widget, "arch")
    assert widget.response() == "arch"
    assert widget.taps_label.text() == "Your tap: Arch"
    assert widget.hint.text() == ""
    assert changes == ["arch"]

    qtbot.mouseClick(widget.view, LEFT, pos=outside)
    assert widget.response() == "arch"  # the miss is not recorded
    assert widget.hint.text() == OUTSIDE_HINT

    tap(qtbot, widget, "heel")  # one region: the last tap counts
    assert widget.response() == "heel"


def test_tap_by_keyboard(qtbot, mini_lesson):
    widget = tap_widget(qtbot, mini_lesson, "q-tap")
    regions = list(widget.view.regions)
    widget.view.setFocus()
    qtbot.keyClick(widget.view, Qt.Key.Key_Right)
    qtbot.keyClick(widget.view, Qt.Key.Key_Return)
    assert widget.response() == widget.view.focused_region
    assert widget.response() in regions


def test_tap_sequence_records_in_order_stops_and_undoes(qtbot, mini_lesson):
    widget = tap_widget(qtbot, mini_lesson, "q-tap-seq")
    assert widget.undo_button.isVisible()
    tap(qtbot, widget, "heel")
    tap(qtbot, widget, "arch")
    assert widget.response() is None  # three taps are asked for
    assert widget.taps_label.text().startswith("1. Heel → 2. Arch")
    tap(qtbot, widget, "ankle")
    assert widget.response() == ["heel", "arch", "ankle"]
    tap(qtbot, widget, "ball")  # tapping stops at the answer's length
    assert widget.response() == ["heel", "arch", "ankle"]
    assert "undo" in widget.hint.text()
    qtbot.mouseClick(widget.undo_button, LEFT)
    assert widget.taps == ["heel", "arch"]
    tap(qtbot, widget, "ball")
    assert widget.response() == ["heel", "arch", "ball"]
    assert widget.taps_label.text().startswith("1. Heel → 2. Arch → 3. Ball of the foot")


def test_tap_sequence_partial_credit_through_the_quiz(qtbot, mini_lesson, progress, data_dir):
    view = make_view(qtbot, mini_lesson, progress)
    go_to(qtbot, view, "q-tap-seq")
    widget = current(view, TapDiagramWidget)
    for region in ("heel", "ball", "arch"):
        tap(qtbot, widget, region)
    assert view.window().focusWidget() is widget.view
    with qtbot.waitActive(view):
        view.activateWindow()
    # Ctrl+Enter submits even from the diagram, where a plain Enter taps.
    qtbot.keyClick(widget.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert widget.taps == ["heel", "ball", "arch"]
    assert view.verdict_label.text() == "◐ Partly correct — 33%"
    assert "Tapped as number 1 — right" in view.feedback_text()
    assert "It is tap 2; you tapped it as number 3" in view.feedback_text()
    assert "Right order: 1. Heel → 2. Arch → 3. Ball of the foot" in widget.hint.text()
    assert not widget.view.tap_enabled
    assert db_rows(data_dir, "SELECT score FROM answers WHERE question_id = 'q-tap-seq'") == [
        (pytest.approx(1 / 3),)
    ]


# -- order and match widgets ----------------------------------------------------------------------


def test_order_starts_shuffled_deterministically_and_never_right(mini_lesson):
    question = mini_lesson.question("q-order")
    first = shuffled_order(question)
    assert first == shuffled_order(question)
    assert sorted(first) == sorted(question.answer)
    assert first != list(question.answer)
    for i in range(40):  # whatever the seed, never the right order
        q = replaced(question, id=f"q-{i}")
        assert shuffled_order(q) != list(q.answer)


def test_order_buttons_and_keys(qtbot, mini_lesson):
    question = mini_lesson.question("q-order")
    widget = make_answer_widget(question, mini_lesson)
    assert isinstance(widget, OrderStepsWidget)
    qtbot.addWidget(widget)
    widget.show()
    start = widget.order()
    assert widget.response() == start  # an order is always a response
    click_item(qtbot, widget, start[0])
    assert not widget.up_button.isEnabled()
    qtbot.mouseClick(widget.down_button, LEFT)
    assert widget.order() == [start[1], start[0], start[2]]
    assert widget.list.item(1).text().startswith("2.  ")
    qtbot.keyClick(widget.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert widget.order() == [start[1], start[2], start[0]]
    assert not widget.down_button.isEnabled()
    qtbot.mouseClick(widget.up_button, LEFT)
    assert widget.order() == [start[1], start[0], start[2]]
    assert "position 2" in widget.status.text()
    widget.set_locked(True)
    qtbot.keyClick(widget.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert widget.order() == [start[1], start[0], start[2]]


def test_order_drag_and_drop_move_renumbers(qtbot, mini_lesson):
    """A drop in the list moves the row in its model (InternalMove); the numbers follow."""
    question = mini_lesson.question("q-order")
    widget = make_answer_widget(question, mini_lesson)
    assert isinstance(widget, OrderStepsWidget)
    qtbot.addWidget(widget)
    widget.show()
    list_ = widget.list
    assert list_.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
    assert list_.defaultDropAction() == Qt.DropAction.MoveAction
    start = widget.order()
    with qtbot.waitSignal(widget.changed):
        assert list_.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    assert widget.order() == [start[2], start[0], start[1]]
    qtbot.waitUntil(lambda: list_.item(0).text().startswith("1.  "))
    assert [list_.item(i).text()[:2] for i in range(3)] == ["1.", "2.", "3."]
    widget.set_locked(True)
    assert list_.dragDropMode() == QAbstractItemView.DragDropMode.NoDragDrop


def test_match_needs_every_reason(qtbot, mini_lesson):
    question = mini_lesson.question("q-match")
    widget = make_answer_widget(question, mini_lesson)
    assert isinstance(widget, MatchReasonWidget)
    qtbot.addWidget(widget)
    assert all(c.currentText() == CHOOSE_REASON for c in widget.combos.values())
    assert widget.response() is None
    choose_reason(qtbot, widget, "hold", "relax")
    assert widget.response() is None
    choose_reason(qtbot, widget, "circles", "fast")
    assert widget.response() == {"hold": "relax", "circles": "fast"}
    assert widget.combos["hold"].accessibleName() == "Reason for: Hold the foot"


# -- 4. resume after a crash ----------------------------------------------------------------------


def test_resume_after_crash(qtbot, mini_lesson, data_dir):
    first_store = Store.open(data_dir)
    progress = Progress(first_store, first_store.default_profile())
    view = QuizView(mini_lesson, progress)
    view.resize(1100, 750)
    view.show()
    qtbot.waitExposed(view)
    qtbot.mouseClick(current(view, SingleChoiceWidget).buttons["onbone"], LEFT)  # wrong: 0 points
    submit_by_click(qtbot, view)
    qtbot.mouseClick(view.next_button, LEFT)
    for _ in range(2):  # q-multi and q-tf right
        answer_correctly(qtbot, view)
        submit_by_click(qtbot, view)
        qtbot.mouseClick(view.next_button, LEFT)
    assert current_id(view) == "q-order"
    # The "crash": the screen goes away without finishing, the store is closed.
    view.hide()
    view.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    first_store.close()

    store = Store.open(data_dir)
    try:
        resumed = make_view(qtbot, mini_lesson, Progress(store, store.default_profile()))
        assert current_id(resumed) == "q-order"
        assert resumed.counter_label.text() == "Question 4 of 7"
        assert resumed.resumed
        assert resumed.resumed_label.text() == "Resumed: 3 of 7 already answered"
        assert resumed.progress_bar.value() == 3
        while resumed.stack.currentWidget() is resumed.question_page:
            answer_correctly(qtbot, resumed)
            submit_by_click(qtbot, resumed)
            qtbot.mouseClick(resumed.next_button, LEFT)
            assert not resumed.resumed
        result = resumed.result
        assert result is not None
        assert result.score == 6 and result.max_score == 7
        assert result.passed and result.safety_passed  # 6 / 7 = 85.7 % ≥ 80 %
        assert resumed.score_label.text() == "Score: 6 / 7 (85.7%)"
    finally:
        store.close()


# -- more of the screen -------------------------------------------------------------------------


def test_summary_lists_steps_to_review_and_retake(qtbot, mini_lesson, progress, data_dir):
    view = make_view(qtbot, mini_lesson, progress)
    qtbot.mouseClick(current(view, SingleChoiceWidget).buttons["onbone"], LEFT)
    submit_by_click(qtbot, view)
    qtbot.mouseClick(view.next_button, LEFT)
    widget = current(view, MultipleSelectWidget)
    qtbot.mouseClick(widget.buttons["tired"], LEFT)  # a safety question, wrong
    submit_by_click(qtbot, view)
    qtbot.mouseClick(view.next_button, LEFT)
    while view.stack.currentWidget() is view.question_page:
        answer_correctly(qtbot, view)
        submit_by_click(qtbot, view)
        qtbot.mouseClick(view.next_button, LEFT)
    assert view.score_label.text() == "Score: 5 / 7 (71.4%)"
    assert view.pass_label.text() == "✗ Not passed yet — the pass mark is 80%"
    assert view.safety_label.text().startswith("✗ Safety questions not passed")
    buttons = view.review_buttons()
    assert [b.text() for b in buttons] == [
        "Step 1: Hold the foot",
        "Step 2: Circles below the ankle",
    ]
    with qtbot.waitSignal(view.step_requested) as requested:
        qtbot.mouseClick(buttons[1], LEFT)
    assert requested.args == ["circles"]
    with qtbot.waitSignal(view.back_requested):
        qtbot.mouseClick(view.summary_back_button, LEFT)
    qtbot.mouseClick(view.retake_button, LEFT)
    assert view.stack.currentWidget() is view.question_page
    assert view.counter_label.text() == "Question 1 of 7"
    assert not view.resumed
    assert db_rows(data_dir, "SELECT count(*) FROM quiz_attempts")[0][0] == 2


def test_back_button_on_question_page(qtbot, mini_lesson, progress):
    view = make_view(qtbot, mini_lesson, progress)
    with qtbot.waitSignal(view.back_requested):
        qtbot.mouseClick(view.back_button, LEFT)


def test_every_answer_saved_but_not_finished_shows_the_summary(qtbot, mini_lesson, progress):
    session = progress.start_quiz(mini_lesson)
    for question in mini_lesson.quiz.questions:
        progress.answer(session, question, question.answer, 1000)
    view = QuizView(mini_lesson, progress)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.finished) as finished:
        pass
    assert finished.args[0].percent == 100.0
    assert view.stack.currentWidget() is view.summary_page
    assert view.time_label.text() == "Time taken: 00:07"


def test_lesson_without_questions(qtbot, mini_lesson, progress, data_dir):
    lesson = replaced(mini_lesson, quiz=Quiz(()))
    view = make_view(qtbot, lesson, progress)
    assert view.stack.currentWidget() is view.empty_page
    assert db_rows(data_dir, "SELECT count(*) FROM quiz_attempts")[0][0] == 0


def test_save_failure_is_shown_and_nothing_is_locked(qtbot, mini_lesson, progress, store):
    view = make_view(qtbot, mini_lesson, progress)
    qtbot.mouseClick(current(view, SingleChoiceWidget).buttons["below"], LEFT)
    store.close()  # every write now fails with a StoreError
    submit_by_click(qtbot, view)
    assert view.error_label.isVisible()
    assert "could not be saved" in view.error_label.text()
    assert not view.saved_label.isVisible()
    assert not view.feedback_panel.isVisible()
    assert view.check_button.isEnabled()  # the student can try again
    assert not current(view, AnswerWidget).locked


def focus_chain(view: QuizView) -> list[QWidget]:
    """Widgets Tab visits, in order, starting at the back button."""
    out: list[QWidget] = []
    widget: QWidget = view.back_button
    while True:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            out.append(widget)
        following = widget.nextInFocusChain()
        assert following is not None
        widget = following
        if widget is view.back_button or len(out) > 100:
            return out


def test_focus_order_follows_the_page_and_controls_are_named(qtbot, mini_lesson, progress):
    view = make_view(qtbot, mini_lesson, progress)
    go_to(qtbot, view, "q-match")
    widget = current(view, MatchReasonWidget)
    answer_correctly(qtbot, view)
    chain = focus_chain(view)
    combos = list(widget.combos.values())
    assert chain.index(view.back_button) < chain.index(combos[0]) < chain.index(combos[1])
    assert chain.index(combos[1]) < chain.index(view.check_button)
    submit_by_click(qtbot, view)
    chain = focus_chain(view)
    assert chain.index(view.review_button) < chain.index(view.next_button)
    for control in (view.back_button, view.check_button, view.next_button, view.review_button):
        assert control.accessibleName()
    for combo in combos:
        assert combo.accessibleName()


def test_every_answer_control_has_an_accessible_name(qtbot, mini_lesson):
    for question in mini_lesson.quiz.questions:
        widget = make_answer_widget(question, mini_lesson)
        qtbot.addWidget(widget)
        for child in widget.findChildren(QWidget):
            if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isVisibleTo(widget):
                assert child.accessibleName(), (question.id, type(child).__name__)


def test_screens_render(qtbot, mini_lesson, progress, tmp_path):
    view = make_view(qtbot, mini_lesson, progress)
    for question_id in ("q-single", "q-order", "q-tap"):
        go_to(qtbot, view, question_id)
        image = view.grab()
        assert not image.isNull() and image.width() == 1100
        assert image.save(str(tmp_path / f"quiz-{question_id}.png"))


def test_formatting():
    assert format_duration(0) == "00:00"
    assert format_duration(65_400) == "01:05"
    assert format_duration(3_725_000) == "62:05"
    assert format_percent(75.0) == "75%"
    assert format_percent(79.96) == "79.9%"  # never rounded up to the pass mark
    assert format_percent(71.42857) == "71.4%"


def test_every_question_type_has_a_widget(mini_lesson):
    kinds = {q.type for q in mini_lesson.quiz.questions}
    assert kinds == set(QuestionType)
    assert isinstance(mini_lesson.question("q-single"), Question)


def test_the_review_scheduler_is_ready_before_the_first_check(qtbot, mini_lesson, progress):
    assert progress._scheduler is None  # made on first use: fsrs is not loaded at start-up
    make_view(qtbot, mini_lesson, progress)
    qtbot.waitUntil(lambda: progress._scheduler is not None, timeout=3000)
