"""File ▸ Profiles…: the students sharing this computer. Create, rename, delete, switch.

The rules (unique names ignoring case, never delete the profile in use or the last one) live in
:mod:`foottrainer.core.profiles`; this dialog asks, confirms and explains. Switching itself is
the main window's job: the dialog emits :attr:`ProfilesDialog.switch_requested`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from foottrainer.core import profiles
from foottrainer.storage import NotFoundError, Profile, Store, StoreError

_ID = Qt.ItemDataRole.UserRole
IN_USE = "in use"


def mnemonic_safe(text: str) -> str:
    """``text`` for a button or buddy label, where a lone "&" would make a shortcut."""
    return text.replace("&", "&&")


def _plain_label(parent: QWidget) -> QLabel:
    """A wrapping label that never reads a name like "<b>Al</b>" as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class NameDialog(QDialog):
    """Asks for a profile name. OK stays disabled while ``problem(text)`` objects; the reason
    is shown under the field as it is typed."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        prompt: str,
        *,
        ok_text: str,
        problem: Callable[[str], str | None],
        text: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._problem = problem
        layout = QVBoxLayout(self)
        label = _plain_label(self)
        label.setText(prompt)
        layout.addWidget(label)
        self.field = QLineEdit(self)
        self.field.setAccessibleName("Profile name")
        self.field.setMaxLength(profiles.MAX_NAME_LENGTH)
        label.setBuddy(self.field)
        layout.addWidget(self.field)
        self.message = _plain_label(self)
        self.message.setAccessibleName("Name check")
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setAccessibleName(ok_text)
        self.ok_button.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.field.textChanged.connect(self._check)
        self.field.setText(text)
        self.field.selectAll()
        self._check(text)
        self.setMinimumWidth(380)

    def name(self) -> str:
        return profiles.normalize_name(self.field.text())

    def problem(self) -> str | None:
        return self._problem(self.field.text())

    def _check(self, text: str) -> None:
        problem = self._problem(text)
        self.ok_button.setEnabled(problem is None)
        if problem is None:
            self.message.setText("")
        elif not text:
            self.message.setText("Type a name, e.g. the student's first name.")
        else:
            self.message.setText(f"⚠ {problem}")
        self.field.setAccessibleDescription(self.message.text())

    def accept(self) -> None:
        if self.problem() is None:  # Enter with a refused name does nothing
            super().accept()


class ProfilesDialog(QDialog):
    """The list of profiles, the one in use marked, with Switch / New / Rename / Delete."""

    switch_requested = Signal(object)  # Profile
    renamed = Signal(object)  # Profile (the one in use, renamed)

    def __init__(self, store: Store, current: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.current = current
        self.setWindowTitle("Profiles")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Each student has a profile of their own: lessons, quiz answers and time are "
            "kept separately for each. Choose yours and press Switch.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        row = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName("Profiles")
        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemDoubleClicked.connect(lambda _item: self.switch_to_selected())
        intro.setBuddy(self.list)
        row.addWidget(self.list, 1)
        column = QVBoxLayout()
        self.switch_button = self._button("&Switch", "Switch to the selected profile", column)
        self.switch_button.setDefault(True)  # Enter in the list switches
        self.switch_button.clicked.connect(self.switch_to_selected)
        self.new_button = self._button("&New profile…", "Create a new profile", column)
        self.new_button.clicked.connect(self.create_profile)
        self.rename_button = self._button("&Rename…", "Rename the selected profile", column)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = self._button("&Delete…", "Delete the selected profile", column)
        self.delete_button.clicked.connect(self.delete_selected)
        column.addStretch(1)
        row.addLayout(column)
        layout.addLayout(row, 1)

        self.details = _plain_label(self)
        self.details.setAccessibleName("Selected profile's progress")
        layout.addWidget(self.details)
        self.message = _plain_label(self)
        self.message.setAccessibleName("Last change")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        for keys, action in (("F2", self.rename_selected), ("Del", self.delete_selected)):
            shortcut = QShortcut(QKeySequence(keys), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(action)
        self.reload(select=current.id)
        self.list.setFocus()
        self.resize(520, 380)

    def _button(self, text: str, accessible: str, column: QVBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible)
        column.addWidget(button)
        return button

    # -- the list ---------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        keep = select or self.selected_id()
        self.list.clear()
        bold = QFont(self.list.font())
        bold.setBold(True)
        for profile in profiles.sorted_profiles(self.store):
            in_use = profile.id == self.current.id
            item = QListWidgetItem(f"{profile.name} — {IN_USE}" if in_use else profile.name)
            item.setData(_ID, profile.id)
            if in_use:
                item.setFont(bold)
            self.list.addItem(item)
            if profile.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def names(self) -> list[str]:
        """The list as shown (the profile in use marked)."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def selected_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(_ID)) if item is not None else ""

    def selected(self) -> Profile | None:
        selected = self.selected_id()
        return profiles.find_profile(self.store, selected) if selected else None

    def select(self, profile_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(_ID) == profile_id:
                self.list.setCurrentRow(i)
                return

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        profile = self.selected() if item is not None else None
        for button in (self.switch_button, self.rename_button, self.delete_button):
            button.setEnabled(profile is not None)
        if profile is None:
            self.details.setText("")
            return
        record = profiles.record_of(self.store, profile.id)
        self.details.setText(f"{profile.name}: {record.describe()}.")

    # -- actions ----------------------------------------------------------------------------
    def switch_to_selected(self) -> None:
        profile = self.selected()
        if profile is None:
            return
        if profile.id != self.current.id:
            self.switch_requested.emit(profile)
        self.accept()

    def set_current(self, profile: Profile) -> None:
        self.current = profile
        self.reload(select=profile.id)

    def create_profile(self) -> Profile | None:
        dialog = NameDialog(
            self,
            "New profile",
            "&Name of the new profile (e.g. the student's first name):",
            ok_text="Create",
            problem=lambda text: profiles.name_problem(self.store, text),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            profile = profiles.create_profile(self.store, dialog.name())
        except (ValueError, StoreError) as exc:
            self._refuse("New profile", str(exc))
            return None
        self.reload(select=profile.id)
        self.message.setText(f"Created “{profile.name}”. Press Switch to use it.")
        self.list.setFocus()
        return profile

    def rename_selected(self) -> Profile | None:
        profile = self.selected()
        if profile is None:
            return None
        dialog = NameDialog(
            self,
            "Rename profile",
            f"&New name for “{mnemonic_safe(profile.name)}”:",
            ok_text="Rename",
            problem=lambda text: profiles.name_problem(self.store, text, renaming=profile.id),
            text=profile.name,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            renamed = profiles.rename_profile(self.store, profile.id, dialog.name())
        except (ValueError, StoreError) as exc:  # NotFoundError is a StoreError
            self._refuse("Rename profile", str(exc))
            self.reload()
            return None
        if renamed.id == self.current.id:
            self.current = renamed
            self.renamed.emit(renamed)
        self.reload(select=renamed.id)
        self.message.setText(f"Renamed “{profile.name}” to “{renamed.name}”.")
        self.list.setFocus()
        return renamed

    def delete_selected(self) -> bool:
        """Delete the selected profile after confirmation; True if it was deleted."""
        profile = self.selected()
        if profile is None:
            return False
        problem = profiles.deletion_problem(self.store, profile.id, self.current.id)
        if problem is not None:
            self._refuse("Delete profile", problem)
            return False
        record = profiles.record_of(self.store, profile.id)
        if not self._confirm_delete(profile, record):
            return False
        try:
            profiles.delete_profile(self.store, profile.id, self.current.id)
        except (ValueError, NotFoundError, StoreError) as exc:
            self._refuse("Delete profile", str(exc))
            self.reload()
            return False
        row = self.list.currentRow()
        self.reload(select=self.current.id)
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.message.setText(f"Deleted “{profile.name}” and all of its progress.")
        self.list.setFocus()
        return True

    def _confirm_delete(self, profile: Profile, record: profiles.ProfileRecord) -> bool:
        if record.empty:
            lost = f"“{profile.name}” has no progress yet."
        else:
            lost = f"All of {profile.name}'s progress will be lost: {record.describe()}."
        box = self._box(
            QMessageBox.Icon.Warning,
            "Delete profile",
            f"Delete the profile “{profile.name}”?",
            f"{lost}\n\nThis cannot be undone.",
        )
        delete = box.addButton(
            mnemonic_safe(f"Delete {profile.name}"), QMessageBox.ButtonRole.DestructiveRole
        )
        delete.setAccessibleName(f"Delete {profile.name}")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter keeps the profile
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is delete

    def _refuse(self, title: str, text: str) -> None:
        box = self._box(QMessageBox.Icon.Information, title, text)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Ok))
        box.exec()

    def _box(self, icon: QMessageBox.Icon, title: str, text: str, more: str = "") -> QMessageBox:
        box = QMessageBox(self)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        if more:
            box.setInformativeText(more)  # plain text too (Qt 6: one format for both)
        return box
