"""The app in the dark colour scheme: the pages are dark with light text, also after a switch
while they are open (pytest-qt, offscreen, real rendered pixels)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from foottrainer.core.catalog import load_catalog
from foottrainer.core.model import QuestionType
from foottrainer.ui.lesson_view import LessonView
from foottrainer.ui.main_window import MainWindow
from foottrainer.ui.question_widgets import SingleChoiceWidget
from foottrainer.ui.quiz_view import QuizView
from foottrainer.ui.theme import SCHEME_VARIABLE, follow_color_scheme, use_scheme

from .conftest import MINI, open_window

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def app(qapp) -> Iterator[QApplication]:
    """The test's application, given back in the palette and style it had."""
    palette, style = QPalette(qapp.palette()), qapp.style().name()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)


def switch(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Switch as the system would; the widgets take the new palette as events are processed."""
    use_scheme(app, scheme)
    QApplication.processEvents()


def lightness(image: QImage, x: int, y: int) -> int:
    return int(QColor(image.pixelColor(x, y)).lightness())


def lightest(widget: QWidget) -> int:
    """The lightest pixel of a widget as painted (its text, on a dark page)."""
    image = widget.grab().toImage()
    return max(
        lightness(image, x, y)
        for y in range(0, image.height(), 1)
        for x in range(0, image.width(), 2)
    )


def background(widget: QWidget) -> int:
    """The lightness of a widget's background as painted (a corner inside its border)."""
    image = widget.grab().toImage()
    return lightness(image, image.width() - 6, image.height() - 6)


def answered_quiz(qtbot, window: MainWindow) -> QuizView:
    """The mini lesson's quiz with its first question (single choice) answered: the feedback
    shows."""
    view = window.open_quiz("mini-lesson")
    assert view is not None and view.question is not None
    assert view.question.type is QuestionType.SINGLE_CHOICE
    answer = view.answer_widget
    assert isinstance(answer, SingleChoiceWidget)
    qtbot.mouseClick(next(iter(answer.buttons.values())), LEFT)
    qtbot.mouseClick(view.check_button, LEFT)
    assert view.feedback_panel.isVisible()
    return view


def check_dark(lesson: LessonView | None, quiz: QuizView | None) -> None:
    if lesson is not None:
        text = lesson.text.viewport()
        assert background(text) < 60  # the lesson text area is dark ...
        assert lightest(text) > 200  # ... and its text light
        diagram = lesson.diagrams.currentWidget()
        assert background(diagram) == 255  # diagrams stay on their white card
    if quiz is not None:
        assert background(quiz.feedback_panel) < 80  # the feedback frame is dark ...
        assert lightest(quiz.verdict_label) > 200  # ... and its verdict light


def test_pages_are_dark_with_light_text(qtbot, data_dir, app):
    switch(app, Qt.ColorScheme.Dark)
    window, store = open_window(qtbot, data_dir, load_catalog([MINI]), (1200, 800))
    assert lightest(window.library.tree.viewport()) > 200
    assert background(window.library.tree.viewport()) < 60
    lesson = window.open_lesson("mini-lesson")
    qtbot.waitExposed(window)
    check_dark(lesson, None)
    check_dark(None, answered_quiz(qtbot, window))
    window.close()
    store.close()


def test_pages_open_in_light_follow_a_switch_to_dark(qtbot, data_dir, app):
    switch(app, Qt.ColorScheme.Light)
    window, store = open_window(qtbot, data_dir, load_catalog([MINI]), (1200, 800))
    lesson = window.open_lesson("mini-lesson")
    assert lesson is not None
    quiz = answered_quiz(qtbot, window)
    assert background(quiz.feedback_panel) > 200  # light to begin with
    switch(app, Qt.ColorScheme.Dark)
    check_dark(None, quiz)
    window._back_to_lesson("mini-lesson")
    check_dark(lesson, None)
    # Links take the new link colour (Qt's markdown reader fixed the old one in the text).
    document = lesson.text.document()
    cursor = document.find("Test source")
    assert cursor.charFormat().isAnchor()
    assert cursor.charFormat().foreground().color() == app.palette().color(QPalette.ColorRole.Link)
    window.close()
    store.close()


def test_the_scheme_can_be_chosen_for_the_app(app, monkeypatch):
    monkeypatch.setenv(SCHEME_VARIABLE, "dark")
    follow_color_scheme(app)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    monkeypatch.setenv(SCHEME_VARIABLE, "light")
    follow_color_scheme(app)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 128
