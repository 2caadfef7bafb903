"""Profiles: several students on one computer, each with their own progress.

The first half tests the Qt-free rules (foottrainer.core.profiles) on a bare store; the second
half drives File ▸ Profiles… in a real window (pytest-qt, offscreen). Modal dialogs are answered
from a timer while the code under test blocks in ``exec()``, as a user would answer them.
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from foottrainer.core import profiles
from foottrainer.core.catalog import load_catalog
from foottrainer.core.profiles import ProfileError
from foottrainer.core.progress import Progress
from foottrainer.storage import NotFoundError

from .conftest import MINI
from .conftest import open_window as open_window_over
from .test_progress import answer_all

# -- the rules (Qt-free) ---------------------------------------------------------------------


def test_names_are_tidied_and_must_be_unique_ignoring_case(store):
    anna = profiles.create_profile(store, "  Anna \t  Berg ")
    assert anna.name == "Anna Berg"
    for taken in ("anna berg", "ANNA  BERG", " Anna Berg"):
        with pytest.raises(ProfileError, match="already a profile named “Anna Berg”"):
            profiles.create_profile(store, taken)
    for blank in ("", "   ", "\n\t"):
        with pytest.raises(ProfileError, match="cannot be blank"):
            profiles.create_profile(store, blank)
    with pytest.raises(ProfileError, match="at most 40 characters"):
        profiles.create_profile(store, "x" * 41)
    assert profiles.create_profile(store, "x" * 40).name == "x" * 40
    assert [p.name for p in store.list_profiles()] == ["Anna Berg", "x" * 40]


def test_rename_keeps_the_rules_but_a_profile_may_change_its_own_case(store):
    anna = profiles.create_profile(store, "Anna")
    ben = profiles.create_profile(store, "Ben")
    with pytest.raises(ProfileError, match="already a profile named “Anna”"):
        profiles.rename_profile(store, ben.id, "ANNA")
    with pytest.raises(ProfileError, match="blank"):
        profiles.rename_profile(store, ben.id, "  ")
    assert profiles.rename_profile(store, anna.id, "anna").name == "anna"
    assert profiles.rename_profile(store, anna.id, "anna").name == "anna"  # unchanged: fine
    assert profiles.name_problem(store, "Anna", renaming=anna.id) is None
    assert profiles.name_problem(store, "Anna") is not None
    with pytest.raises(NotFoundError):
        profiles.rename_profile(store, "no-such-id", "Carla")
    assert {p.name for p in store.list_profiles()} == {"anna", "Ben"}


def test_current_profile_is_the_remembered_one_while_it_exists(store):
    default = store.default_profile()
    anna = profiles.create_profile(store, "Anna")
    assert profiles.current_profile(store, anna.id) == anna
    for nothing in (None, "", 42, "deleted-long-ago"):
        assert profiles.current_profile(store, nothing) == default
    store.delete_profile(anna.id)
    assert profiles.current_profile(store, anna.id) == default


def test_current_profile_creates_the_first_one_in_an_empty_store(store):
    profile = profiles.current_profile(store, "whatever")
    assert store.list_profiles() == [profile]
    assert profile.name == "Student"


def test_only_a_profile_that_is_not_in_use_and_not_the_last_can_be_deleted(store):
    only = store.default_profile()
    assert "only profile" in (profiles.deletion_problem(store, only.id, only.id) or "")
    with pytest.raises(ProfileError, match="only profile"):
        profiles.delete_profile(store, only.id, only.id)
    anna = profiles.create_profile(store, "Anna")
    assert "profile in use" in (profiles.deletion_problem(store, only.id, only.id) or "")
    with pytest.raises(ProfileError, match="Switch to another profile first"):
        profiles.delete_profile(store, only.id, only.id)
    assert profiles.deletion_problem(store, anna.id, only.id) is None
    profiles.delete_profile(store, anna.id, only.id)
    assert store.list_profiles() == [only]
    with pytest.raises(NotFoundError):
        profiles.delete_profile(store, anna.id, only.id)


def test_record_says_what_deleting_would_lose(store, mini_lesson):
    ben = profiles.create_profile(store, "Ben")
    anna = profiles.create_profile(store, "Anna")
    record = profiles.record_of(store, anna.id)
    assert record.empty and record.describe() == "no progress yet"
    progress = Progress(store, anna)
    progress.close_lesson(progress.open_lesson(mini_lesson.id), 65 * 60 + 10)
    progress.mark_done(mini_lesson.id)
    answer_all(progress, mini_lesson)
    progress.start_quiz(mini_lesson)  # a second attempt, nothing answered yet
    questions = len(mini_lesson.quiz.questions)
    record = profiles.record_of(store, anna.id)
    assert record == (1, 1, 2, questions, 65 * 60 + 10)
    assert record.describe() == (
        f"1 lesson done, 1 lesson opened, {questions} quiz answers in 2 quiz attempts,"
        " 1 h 05 min of study"
    )
    assert profiles.record_of(store, ben.id).empty  # others unaffected


def test_profiles_are_listed_alphabetically_ignoring_case(store):
    for name in ("carla", "Ben", "anna"):
        profiles.create_profile(store, name)
    assert [p.name for p in profiles.sorted_profiles(store)] == ["anna", "Ben", "carla"]


def test_record_leaves_out_what_is_zero():
    record = profiles.ProfileRecord(lessons_opened=2, seconds=59)
    assert record.describe() == "2 lessons opened"
    assert profiles.ProfileRecord(quiz_attempts=1).describe() == "0 quiz answers in 1 quiz attempt"


def test_durations():
    assert profiles.format_duration(59) == "0 min"
    assert profiles.format_duration(45 * 60) == "45 min"
    assert profiles.format_duration(3600 + 5 * 60 + 59) == "1 h 05 min"


# -- the window ----------------------------------------------------------------------------


def open_window(qtbot, data_dir):
    return open_window_over(qtbot, data_dir, load_catalog([MINI]))


def when_modal(handle, tries: int = 500) -> None:
    """Call ``handle(dialog)`` once a modal dialog is up (the code under test then blocks in
    its ``exec()`` until ``handle`` closes it)."""

    def poll(left: int) -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.isVisible():
            try:
                handle(widget)
            finally:
                widget.close()  # never leave the test blocked in exec() (no-op if answered)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(tries))


def type_name(qtbot, name: str, seen: list[tuple[bool, str]] | None = None):
    """A handler for the name dialog: type ``name`` and press Enter (or Escape if refused)."""

    def handle(dialog) -> None:
        dialog.field.clear()
        qtbot.keyClicks(dialog.field, name)
        if seen is not None:
            seen.append((dialog.ok_button.isEnabled(), dialog.message.text()))
        key = Qt.Key.Key_Return if dialog.ok_button.isEnabled() else Qt.Key.Key_Escape
        qtbot.keyClick(dialog.field, key)

    return handle


def box_text(box: QMessageBox) -> str:
    return f"{box.text()}\n{box.informativeText()}"


def press_enter(seen: list[tuple[str, str]]):
    """A message-box handler: note its text and default button, then press Enter."""

    def handle(box) -> None:
        seen.append((box_text(box), box.defaultButton().text()))
        box.defaultButton().click()  # what Enter does

    return handle


def click_delete(seen: list[str]):
    def handle(box) -> None:
        seen.append(box_text(box))
        (delete,) = [b for b in box.buttons() if b.text().startswith("Delete")]
        delete.click()

    return handle


def status(window) -> str:
    return str(window.library.lesson_items()[0].text(2))


def profiles_dialog(qtbot, window):
    dialog = window.profiles_dialog()
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_window_shows_whose_progress_it_is(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    assert window.windowTitle() == "Student — FootTrainer"
    assert window.profile_button.text() == "Profile: Student"
    assert window.profile_button.accessibleName() == "Profile in use: Student. Change profile"
    file_menu = window.menuBar().actions()[0].menu()
    assert "&Profiles…" in [a.text() for a in file_menu.actions()]
    window.open_lesson("mini-lesson")
    assert window.windowTitle() == "Mini lesson — Student — FootTrainer"
    window.open_quiz("mini-lesson")
    assert window.windowTitle() == "Quiz: Mini lesson — Student — FootTrainer"
    window._back_to_lesson("mini-lesson")
    assert window.windowTitle() == "Mini lesson — Student — FootTrainer"
    window.show_library()
    assert window.windowTitle() == "Student — FootTrainer"
    window.close()
    store.close()


def test_create_and_switch_shows_each_students_own_statuses(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    window.progress.mark_done("mini-lesson")  # as the default student
    window.library.refresh_status()
    assert status(window) == "✓ Done"

    dialog = profiles_dialog(qtbot, window)
    assert dialog.names() == ["Student — in use"]
    when_modal(type_name(qtbot, "Anna"))
    anna = dialog.create_profile()
    assert anna is not None and anna.name == "Anna"
    assert dialog.names() == ["Anna", "Student — in use"]
    assert dialog.selected_id() == anna.id  # Enter now switches to the new profile
    assert "Press Switch" in dialog.message.text()
    assert window.progress.profile.name == "Student"  # creating does not switch

    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # keyboard: Enter switches
    assert not dialog.isVisible()
    assert window.progress.profile == anna
    assert window.library.progress is window.progress
    assert status(window) == "New"
    assert window.windowTitle() == "Anna — FootTrainer"
    assert window.profile_button.text() == "Profile: Anna"

    dialog = profiles_dialog(qtbot, window)
    assert dialog.names() == ["Anna — in use", "Student"]
    dialog.select(store.default_profile().id)
    dialog.switch_button.click()
    assert window.progress.profile.name == "Student"
    assert status(window) == "✓ Done"
    window.close()
    store.close()


def holders_of_another_progress(window) -> list[object]:
    """Widgets of the window still holding a Progress other than the window's own."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QWidget

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # closed views are gone
    return [
        w
        for w in window.findChildren(QWidget)
        if isinstance(getattr(w, "progress", None), Progress) and w.progress is not window.progress
    ]


def test_switching_closes_the_lesson_and_its_time_goes_to_the_previous_student(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    student = window.progress.profile
    anna = profiles.create_profile(store, "Anna")
    window.open_lesson("mini-lesson")
    window.open_quiz("mini-lesson")
    window.switch_profile(anna)
    assert window.lesson_view is None and window.quiz_view is None
    assert window.stack.currentWidget() is window.library
    assert holders_of_another_progress(window) == []
    (visit,) = store.visits(student.id)
    assert visit.ended_at is not None
    assert store.visits(anna.id) == []
    assert status(window) == "New"
    # Anna's own session starts here: what she opens is hers.
    window.open_lesson("mini-lesson")
    assert window.lesson_view is not None and window.lesson_view.progress.profile == anna
    window.show_library()
    assert len(store.visits(anna.id)) == 1 and len(store.visits(student.id)) == 1
    window.close()
    store.close()


def test_blank_and_duplicate_names_are_refused_with_a_reason(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    dialog = profiles_dialog(qtbot, window)
    seen: list[tuple[bool, str]] = []
    for name in ("  student ", "   "):
        when_modal(type_name(qtbot, name, seen))
        assert dialog.create_profile() is None
    assert seen == [
        (
            False,
            "⚠ There is already a profile named “Student”. "
            "Choose another name, e.g. add the first letter of the surname.",
        ),
        (False, "⚠ A name cannot be blank."),
    ]
    assert [p.name for p in store.list_profiles()] == ["Student"]
    window.close()
    store.close()


def test_the_name_dialog_checks_as_you_type(qtbot, data_dir):
    from PySide6.QtWidgets import QAbstractButton

    from foottrainer.ui.profiles_dialog import NameDialog

    window, store = open_window(qtbot, data_dir)
    dialog = NameDialog(
        window,
        "New profile",
        "&Name:",
        ok_text="Create",
        problem=lambda text: profiles.name_problem(store, text),
    )
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    assert dialog.message.text() == "Type a name, e.g. the student's first name."
    qtbot.keyClicks(dialog.field, "STUDENT")
    assert not dialog.ok_button.isEnabled()
    assert "already a profile" in dialog.field.accessibleDescription()
    qtbot.keyClicks(dialog.field, " B")
    assert dialog.ok_button.isEnabled() and dialog.message.text() == ""
    assert dialog.name() == "STUDENT B"
    assert dialog.field.maxLength() == profiles.MAX_NAME_LENGTH
    for widget in (dialog.field, *dialog.findChildren(QAbstractButton)):
        assert widget.accessibleName(), widget
    window.close()
    store.close()


def test_rename_is_stored_and_shown(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    dialog = profiles_dialog(qtbot, window)
    when_modal(type_name(qtbot, "Sam & <b>Lee</b>"))
    renamed = dialog.rename_selected()
    assert renamed is not None and renamed.name == "Sam & <b>Lee</b>"
    assert [p.name for p in store.list_profiles()] == ["Sam & <b>Lee</b>"]
    assert dialog.names() == ["Sam & <b>Lee</b> — in use"]
    assert window.progress.profile == renamed
    assert window.windowTitle() == "Sam & <b>Lee</b> — FootTrainer"
    assert window.profile_button.text() == "Profile: Sam && <b>Lee</b>"  # "&&" shows one "&"
    window.close()
    store.close()

    window, store = open_window(qtbot, data_dir)
    assert window.progress.profile.name == "Sam & <b>Lee</b>"
    window.close()
    store.close()


def rows_of(data_dir, profile_id: str) -> int:
    tables = ("visits", "quiz_attempts", "answers", "lesson_completions", "ui_state")
    with sqlite3.connect(data_dir / "progress.sqlite3") as db:
        return sum(
            db.execute(f"SELECT count(*) FROM {t} WHERE profile_id = ?", (profile_id,)).fetchone()[
                0
            ]
            for t in tables
        )


def test_delete_asks_first_naming_the_student_and_what_is_lost(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    ben = profiles.create_profile(store, "Ben")
    ben_progress = Progress(store, ben)
    lesson = window.catalog.get("mini-lesson")
    assert lesson is not None
    ben_progress.close_lesson(ben_progress.open_lesson(lesson.id), 30)
    ben_progress.mark_done(lesson.id)
    answer_all(ben_progress, lesson)
    assert rows_of(data_dir, ben.id) > 0

    dialog = profiles_dialog(qtbot, window)
    dialog.select(ben.id)
    assert dialog.details.text().startswith("Ben: 1 lesson done, 1 lesson opened")
    seen: list[tuple[str, str]] = []
    when_modal(press_enter(seen))
    assert dialog.delete_selected() is False
    ((text, default),) = seen
    assert default.replace("&", "") == "Cancel"  # Enter keeps the profile
    assert "Delete the profile “Ben”?" in text
    questions = len(lesson.quiz.questions)
    assert "All of Ben's progress will be lost: 1 lesson done" in text
    assert f"{questions} quiz answers in 1 quiz attempt" in text
    assert "cannot be undone" in text
    assert [p.name for p in profiles.sorted_profiles(store)] == ["Ben", "Student"]

    deleted: list[str] = []
    when_modal(click_delete(deleted))
    assert dialog.delete_selected() is True
    assert len(deleted) == 1 and "Delete the profile “Ben”?" in deleted[0]
    assert [p.name for p in store.list_profiles()] == ["Student"]
    assert rows_of(data_dir, ben.id) == 0
    assert dialog.names() == ["Student — in use"]
    assert dialog.message.text() == "Deleted “Ben” and all of its progress."
    assert window.progress.profile.name == "Student"  # the student in use is untouched
    window.close()
    store.close()


def test_the_last_profile_and_the_one_in_use_cannot_be_deleted(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    dialog = profiles_dialog(qtbot, window)
    seen: list[tuple[str, str]] = []
    when_modal(press_enter(seen))
    assert dialog.delete_selected() is False
    assert "“Student” is the only profile and cannot be deleted" in seen[0][0]

    anna = profiles.create_profile(store, "Anna")
    dialog.reload()
    dialog.select(window.progress.profile_id)
    seen.clear()
    when_modal(press_enter(seen))
    assert dialog.delete_selected() is False
    assert "“Student” is the profile in use. Switch to another profile first" in seen[0][0]
    assert len(store.list_profiles()) == 2

    # Switch first, then the former one can go.
    window.switch_profile(anna)
    dialog = profiles_dialog(qtbot, window)
    dialog.select(store.default_profile().id)
    when_modal(click_delete([]))
    assert dialog.delete_selected() is True
    assert store.list_profiles() == [anna]
    window.close()
    store.close()


def test_a_restart_comes_back_on_the_chosen_profile(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    anna = profiles.create_profile(store, "Anna")
    window.switch_profile(anna)
    window.open_lesson("mini-lesson")  # Anna is reading when the app is closed
    window.close()
    store.close()

    window, store = open_window(qtbot, data_dir)
    assert window.progress.profile == anna
    assert window.windowTitle() == "Anna — FootTrainer"
    window.restore_session()  # what the app does at start: Anna's lesson again
    assert window.lesson_view is not None
    assert window.windowTitle() == "Mini lesson — Anna — FootTrainer"
    window.close()
    store.close()

    # The remembered profile was deleted meanwhile (e.g. a restored backup): the oldest one.
    with sqlite3.connect(data_dir / "progress.sqlite3") as db:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("DELETE FROM profiles WHERE id = ?", (anna.id,))
    window, store = open_window(qtbot, data_dir)
    assert window.progress.profile.name == "Student"
    window.close()
    store.close()


def test_the_dialog_is_keyboard_first(qtbot, data_dir):
    from PySide6.QtWidgets import QAbstractButton, QListWidget

    window, store = open_window(qtbot, data_dir)
    shown: list[str] = []

    def escape(dialog) -> None:
        shown.append(dialog.windowTitle())
        controls = [w for kind in (QAbstractButton, QListWidget) for w in dialog.findChildren(kind)]
        assert len(controls) == 6  # switch, new, rename, delete, close; the list
        for widget in controls:
            assert widget.accessibleName(), widget
        assert dialog.focusWidget() is dialog.list
        qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)

    when_modal(escape)
    window.profile_button.click()  # the name in the status bar opens the dialog
    assert shown == ["Profiles"]
    assert window.progress.profile.name == "Student"
    window.close()
    store.close()


def test_restoring_a_backup_keeps_the_profile_in_use_if_the_backup_has_it(
    qtbot, data_dir, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog

    window, store = open_window(qtbot, data_dir)
    anna = profiles.create_profile(store, "Anna")
    backup = store.backup_if_due()
    assert backup is not None
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: (backup.name, True))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)

    window.switch_profile(anna)
    window.restore_backup()
    assert window.progress.profile == anna
    assert window.windowTitle() == "Anna — FootTrainer"

    window.switch_profile(profiles.create_profile(store, "Carla"))  # not in the backup
    window.restore_backup()  # Carla is not in the backup: its oldest profile then
    assert window.progress.profile.name == "Student"
    assert holders_of_another_progress(window) == []
    window.close()
    store.close()

    window, store = open_window(qtbot, data_dir)  # and that is remembered
    assert window.progress.profile.name == "Student"
    window.close()
    store.close()
