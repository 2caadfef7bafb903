"""The progress dashboard screen (pytest-qt, offscreen): numbers, chart points, navigation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt

from foottrainer.core.catalog import Catalog, load_catalog
from foottrainer.core.progress import Progress
from foottrainer.storage import Store, local_day

from .conftest import MINI, FakeClock
from .conftest import open_window as open_window_over

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SAFETY = ["q-multi", "q-tf"]


def day(n: int) -> date:
    return date.fromisoformat(local_day(T0 + timedelta(days=n)))


def seed(store: Store, clock: FakeClock, profile_id: str) -> None:
    """Day 0: 4 answers, 3 right; day 1: 2 answers, both wrong; day 2: 2 of 2 (the latest answers
    to q-single, q-tf, q-multi right; the quiz finished, so the gate opens); video 3 s of 6."""
    attempt = store.start_attempt(profile_id, "mini-lesson")
    for n, given in enumerate(
        [
            [("q-single", True), ("q-tf", True), ("q-order", True), ("q-match", False)],
            [("q-single", False), ("q-match", False)],
            [("q-single", True), ("q-multi", True)],
        ]
    ):
        clock.now = T0 + timedelta(days=n)
        for question, right in given:
            store.record_answer(attempt, question, "x", float(right), right, 1000)
    store.finish_attempt(attempt, max_score=7, safety_questions=SAFETY)
    store.record_watched(profile_id, "mini-lesson", "demo", 0, 3)


@pytest.fixture
def seeded(tmp_path: Path, mini_lesson):
    clock = FakeClock(T0)
    store = Store.open(tmp_path, clock=clock)
    progress = Progress(store, store.default_profile())
    seed(store, clock, progress.profile_id)
    catalog = Catalog([mini_lesson, mini_lesson._replace(id="study", title="Study", kind="study")])
    yield catalog, progress, clock
    store.close()


def make_view(qtbot, catalog, progress, now):
    from foottrainer.ui.dashboard_view import DashboardView

    view = DashboardView(catalog, progress, clock=lambda: now)
    qtbot.addWidget(view)
    view.resize(1100, 900)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_dashboard_shows_the_profiles_numbers(qtbot, seeded):
    catalog, progress, clock = seeded
    store = progress.store
    store.mark_completed(progress.profile_id, "study")
    view = make_view(qtbot, catalog, progress, clock.now)
    assert view.card_values == {
        "lessons": "1 of 2",
        "streak": "3 days",
        "answers": "8",
        "reviews": "0",
    }
    assert view.card_details["answers"] == "62% right"  # 5 of 8, rounded down
    from foottrainer.ui.dashboard_view import TextPanel

    painted = [card.texts() for card in view.findChildren(TextPanel, "card")]
    assert painted[2] == ["Answers", "8", "62% right"]
    assert painted[1] == ["Study streak", "3 days", "Longest: 3 days"]
    assert view.card_details["lessons"] == "1 of 1 techniques unlocked"
    assert view.card_details["streak"] == "Longest: 3 days"
    table = view.table
    assert table.rowCount() == 2
    row = [table.item(0, c).text() for c in range(5)]
    # Mastery: q-single, q-tf, q-order, q-multi right at their latest answer → 4 of 7.
    assert row == ["Mini lesson", "57% · 4 of 7", "✓ Unlocked", "50%", ""]
    assert table.item(0, 1).data(Qt.ItemDataRole.UserRole + 1) == pytest.approx(4 / 7)
    assert [table.item(1, c).text() for c in range(5)] == [
        "Study",
        "0% · 0 of 7",
        "—",
        "0%",  # the copy has the same video, but its viewing is counted per lesson
        "✓ Done",
    ]
    assert view.empty_state is None
    assert view.title_label.text() == "Progress — Student"


def test_the_chart_has_a_point_per_study_day(qtbot, seeded):
    catalog, progress, clock = seeded
    view = make_view(qtbot, catalog, progress, clock.now)
    daily = [(p.x(), p.y()) for p in view.daily_series.points()]
    rolling = [(p.x(), p.y()) for p in view.rolling_series.points()]
    xs = [QDateTime.fromMSecsSinceEpoch(int(x)).date().toPython() for x, _ in daily]
    assert xs == [day(0), day(1), day(2)]
    assert [y for _, y in daily] == pytest.approx([75.0, 0.0, 100.0])
    assert [y for _, y in rolling] == pytest.approx([75.0, 50.0, 62.5])
    assert [x for x, _ in rolling] == [x for x, _ in daily]
    y_axis = view.y_axis
    assert y_axis.min() < 0 and 100 < y_axis.max() < 110  # percent, with room for markers
    assert (y_axis.tickAnchor(), y_axis.tickInterval(), y_axis.labelFormat()) == (0, 20, "%d%%")
    assert view.x_axis.min().date().toPython() <= day(0)
    assert view.x_axis.max().date().toPython() >= day(2)
    assert "62% over 7 days" in view.chart_view.accessibleDescription()
    # The chart is really drawn: the plot area is not blank.
    image = view.chart_view.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 200, 7)}
    assert len(colours) > 5


def test_weakest_steps_open_the_lesson_at_that_step(qtbot, seeded):
    catalog, progress, clock = seeded
    view = make_view(qtbot, catalog, progress, clock.now)
    # q-match (step "circles") missed twice, q-single once: circles is the only weak step.
    assert len(view.weak_buttons) == 1
    button = view.weak_buttons[0]
    assert button.accessibleName() == "Review step 2 of Mini lesson"
    title, detail = view.weak_rows[0].texts()
    assert title == "Mini lesson · Step 2: Circles below the ankle"
    assert detail.startswith("Missed 3 of 5 answers (60%) · most missed: “")
    with qtbot.waitSignal(view.step_requested) as signal:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert signal.args == ["mini-lesson", "circles"]


def test_a_new_profile_sees_the_empty_state(qtbot, seeded):
    catalog, progress, clock = seeded
    newcomer = Progress(progress.store, progress.store.create_profile("Sam"))
    view = make_view(qtbot, catalog, newcomer, clock.now)
    assert view.empty_state is not None and view.empty_state.isVisible()
    assert view.empty_state.accessibleName() == "No answers yet — take a lesson quiz"
    assert view.chart_view is None and view.weak_buttons == []
    assert view.card_values["answers"] == "0"
    assert view.card_details["answers"] == "No answers yet"
    assert view.card_details["streak"] == "Study today to start one"
    assert view.table.item(0, 1).text() == "0% · 0 of 7"
    assert view.table.item(0, 2).text() == "Safety quiz first"


def test_yesterdays_streak_asks_to_study_today(qtbot, seeded):
    catalog, progress, clock = seeded
    view = make_view(qtbot, catalog, progress, clock.now + timedelta(days=1))
    assert view.card_values["streak"] == "3 days"
    assert view.card_details["streak"] == "Study today to keep it"


def open_window(qtbot, data_dir):
    return open_window_over(qtbot, data_dir, load_catalog([MINI]))


def test_the_window_opens_the_dashboard_and_goes_back(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    qtbot.mouseClick(window.library.dashboard_button, Qt.MouseButton.LeftButton)
    view = window.dashboard_view
    assert view is not None and window.stack.currentWidget() is view
    assert view.empty_state is not None  # a new profile
    assert window.windowTitle().startswith("Progress — ")
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert window.dashboard_view is None and window.stack.currentWidget() is window.library
    qtbot.waitUntil(lambda: not window.dashboard_action.shortcut().isEmpty(), timeout=3000)
    assert window.dashboard_action.shortcut().toString() == "Ctrl+D"
    window.dashboard_action.trigger()
    assert window.stack.currentWidget() is window.dashboard_view
    window.close()
    store.close()


def test_a_weakest_step_opens_its_lesson_at_the_step(qtbot, data_dir):
    clock = FakeClock(T0)
    with Store.open(data_dir, clock=clock) as seeding:
        seed(seeding, clock, seeding.default_profile().id)
    window, store = open_window(qtbot, data_dir)
    view = window.open_dashboard()
    assert view.card_values["answers"] == "8"  # the profile in use
    qtbot.mouseClick(view.weak_buttons[0], Qt.MouseButton.LeftButton)
    lesson = window.lesson_view
    assert lesson is not None and window.stack.currentWidget() is lesson
    assert lesson.lesson.id == "mini-lesson"
    current = lesson.steps.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == "circles"
    assert window.dashboard_view is None
    window.close()
    store.close()
