"""One answer widget per question type, used by the quiz screen.

Every widget tells its current :data:`Response` (``None`` while nothing is answered yet), emits
:attr:`AnswerWidget.changed` when that may have changed, can be locked after the answer is
submitted, and can show the grade on its own controls (next to the quiz screen's text feedback).
"""

from __future__ import annotations

import random
import zlib

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from foottrainer.core.grading import Grade
from foottrainer.core.model import Lesson, Option, Question, QuestionType, Response
from foottrainer.ui.diagram_view import HIGHLIGHT, TAPPED, DiagramView

_TEXT_ROLE = Qt.ItemDataRole.UserRole + 1
_ID_ROLE = Qt.ItemDataRole.UserRole


class AnswerWidget(QWidget):
    """Base class: the input for one question."""

    #: The response may have changed (check :meth:`response`).
    changed = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.locked = False
        self.setAccessibleName("Your answer")
        self.setAccessibleDescription(question.prompt)

    def response(self) -> Response | None:
        """The current answer, or ``None`` while nothing is answered yet."""
        raise NotImplementedError

    def set_locked(self, locked: bool) -> None:
        """Lock (after submitting) or unlock the inputs; a locked widget stays readable."""
        self.locked = locked

    def show_feedback(self, grade: Grade) -> None:
        """Show the grade on the widget's own controls (optional)."""

    def focus_first(self) -> None:
        """Put keyboard focus on the first input."""
        first = self._first_focusable()
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)

    def _first_focusable(self) -> QWidget | None:
        for child in self.findChildren(QWidget):
            if (
                child.focusPolicy() & Qt.FocusPolicy.TabFocus
                and child.isEnabled()
                and child.isVisibleTo(self)
            ):
                return child
        return None


def _plain_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


# -- choices: radio buttons and check boxes whose text wraps ----------------------------------


class _ClickLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)


_ROW_STYLE = "QFrame#choiceRow {{ border: 2px solid {}; border-radius: 6px; }}"


class _ChoiceRow(QFrame):
    """A radio button or check box with a word-wrapped label (Qt's own buttons never wrap).

    Clicking the label clicks the button; a visible frame shows which row has keyboard focus.
    """

    def __init__(self, button: QAbstractButton, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choiceRow")
        self.button = button
        self.button.setAccessibleName(text)
        self.button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.label = _ClickLabel(text, self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.clicked.connect(self._label_clicked)
        self.status = _plain_label("", self)
        self.status.setObjectName("choiceStatus")
        self.status.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(8)
        indicator = QVBoxLayout()  # the indicator sits level with the label's first line
        line = self.label.fontMetrics().height()
        indicator.setContentsMargins(
            0, max(0, (line - self.button.sizeHint().height() + 1) // 2), 0, 0
        )
        indicator.addWidget(self.button)
        indicator.addStretch(1)
        layout.addLayout(indicator)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.label)
        column.addWidget(self.status)
        layout.addLayout(column, 1)
        self._set_frame(False)
        self.button.installEventFilter(self)

    def _label_clicked(self) -> None:
        if self.button.isEnabled():
            self.button.click()
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)

    def _set_frame(self, focused: bool) -> None:
        self.setStyleSheet(_ROW_STYLE.format("palette(highlight)" if focused else "transparent"))

    def eventFilter(self, watched: QObject, event: object) -> bool:
        if watched is self.button and isinstance(event, QFocusEvent):
            self._set_frame(event.gotFocus())
        return False

    def set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.button.setAccessibleDescription(text)


class SingleChoiceWidget(AnswerWidget):
    """``single_choice`` (and the base of ``true_false``): one radio button per option."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.rows: dict[str, _ChoiceRow] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for option in question.options:
            row = _ChoiceRow(QRadioButton(), option.text, self)
            self.group.addButton(row.button)
            self.rows[option.id] = row
            layout.addWidget(row)
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())

    @property
    def buttons(self) -> dict[str, QAbstractButton]:
        return {option_id: row.button for option_id, row in self.rows.items()}

    def chosen_id(self) -> str | None:
        return next((i for i, row in self.rows.items() if row.button.isChecked()), None)

    def response(self) -> Response | None:
        return self.chosen_id()

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        for row in self.rows.values():
            row.button.setEnabled(not locked)

    def _answer_id(self) -> str:
        return str(self.question.answer)

    def show_feedback(self, grade: Grade) -> None:
        chosen = self.chosen_id()
        for option_id, row in self.rows.items():
            if option_id == self._answer_id():
                row.set_status(
                    "✓ The right answer" + (" — your choice" if chosen == option_id else "")
                )
            elif option_id == chosen:
                row.set_status("✗ Your choice — not right")


class TrueFalseWidget(SingleChoiceWidget):
    """``true_false``: True / False radio buttons; the response is a bool."""

    def response(self) -> Response | None:
        chosen = self.chosen_id()
        return None if chosen is None else chosen == "true"

    def _answer_id(self) -> str:
        return "true" if self.question.answer is True else "false"


class MultipleSelectWidget(AnswerWidget):
    """``multiple_select``: one check box per option; nothing checked means no response."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.rows: dict[str, _ChoiceRow] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        hint = _plain_label("Choose every answer that applies.", self)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        for option in question.options:
            row = _ChoiceRow(QCheckBox(), option.text, self)
            row.button.toggled.connect(lambda *_: self.changed.emit())
            self.rows[option.id] = row
            layout.addWidget(row)

    @property
    def buttons(self) -> dict[str, QAbstractButton]:
        return {option_id: row.button for option_id, row in self.rows.items()}

    def response(self) -> Response | None:
        chosen = [i for i, row in self.rows.items() if row.button.isChecked()]
        return chosen or None

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        for row in self.rows.values():
            row.button.setEnabled(not locked)

    def show_feedback(self, grade: Grade) -> None:
        answer = self.question.answer
        right = set(answer) if isinstance(answer, list) else set()
        for option_id, row in self.rows.items():
            chosen = row.button.isChecked()
            if chosen and option_id in right:
                row.set_status("✓ Right to choose")
            elif chosen:
                row.set_status("✗ Should not be chosen")
            elif option_id in right:
                row.set_status("✗ Missed — this one applies too")


# -- order_steps --------------------------------------------------------------------------------


def shuffled_order(question: Question) -> list[str]:
    """The starting order of an order question: shuffled with a seed from the question id, so
    it is the same every time, and never already the right order."""
    answer = question.answer
    ids = [o.id for o in question.options]
    right = [str(x) for x in answer] if isinstance(answer, list) else ids
    items = list(right)
    random.Random(zlib.crc32(question.id.encode("utf-8"))).shuffle(items)
    if items == right and len(items) > 1:
        items = items[1:] + items[:1]  # distinct items: a rotation is never the same order
    return items


_ITEM_PADDING = (6, 4)  # vertical, horizontal


class _OrderList(QListWidget):
    move_requested = Signal(int)  # -1 up, +1 down
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            self.move_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            event.accept()
            return
        super().keyPressEvent(event)


class OrderStepsWidget(AnswerWidget):
    """``order_steps``: a list to reorder by drag and drop, Alt+Up / Alt+Down, or buttons."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self._marks: dict[str, str] = {}  # option id → feedback shown after submitting
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        hint = _plain_label(
            "Drag the steps into the right order, or select one and press Alt+Up / Alt+Down "
            "(or use the Move buttons).",
            self,
        )
        hint.setObjectName("hint")
        layout.addWidget(hint)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.list = _OrderList(self)
        self.list.setAccessibleName("Steps to put in order")
        self.list.setAccessibleDescription("Select a step and press Alt+Up or Alt+Down to move it.")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setDropIndicatorShown(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setUniformItemSizes(False)
        self.list.setStyleSheet(
            "QListWidget::item {{ padding: {}px {}px; }}".format(*_ITEM_PADDING)
        )
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        texts = {o.id: o.text for o in question.options}
        for option_id in shuffled_order(question):
            item = QListWidgetItem(texts.get(option_id, option_id))
            item.setData(_ID_ROLE, option_id)
            item.setData(_TEXT_ROLE, texts.get(option_id, option_id))
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
            self.list.addItem(item)
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        self.up_button = QPushButton("Move up", self)
        self.up_button.setAccessibleName("Move the selected step up")
        self.up_button.setToolTip("Alt+Up")
        self.down_button = QPushButton("Move down", self)
        self.down_button.setAccessibleName("Move the selected step down")
        self.down_button.setToolTip("Alt+Down")
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout.addLayout(row)
        self.status = _plain_label("", self)
        self.status.setObjectName("hint")
        self.status.hide()  # until there is something to say
        layout.addWidget(self.status)

        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.list.move_requested.connect(self.move_current)
        self.list.resized.connect(self._list_resized)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        model = self.list.model()
        model.rowsMoved.connect(self._schedule_renumber)
        model.rowsInserted.connect(self._schedule_renumber)
        self.list.setCurrentRow(0)
        self._renumber()

    def _fit_height(self) -> None:
        """Tall enough for every (word-wrapped) item: no empty box below a short list and no
        scrolling inside it, up to a cap."""
        frame = 2 * self.list.frameWidth()
        text_width = max(80, self.list.width() - frame - 2 * _ITEM_PADDING[1] - 16)
        metrics = self.list.fontMetrics()
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        total = frame + 4
        for i in range(self.list.count()):
            text = self.list.item(i).text()
            height = metrics.boundingRect(QRect(0, 0, text_width, 10_000), flags, text).height()
            total += height + 2 * _ITEM_PADDING[0] + 4 + 2 * self.list.spacing()
        self.list.setFixedHeight(min(480, total))

    def _list_resized(self) -> None:
        self._fit_height()  # wrapped items get taller when the list gets narrower

    def order(self) -> list[str]:
        return [str(self.list.item(i).data(_ID_ROLE)) for i in range(self.list.count())]

    def response(self) -> Response | None:
        return self.order()

    def move_current(self, delta: int) -> None:
        if self.locked:
            return
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._renumber()
        text = str(item.data(_TEXT_ROLE))
        self.status.setText(f"Moved “{text}” to position {target + 1}.")
        self.status.show()
        self.list.setAccessibleDescription(self.status.text())

    def _schedule_renumber(self, *_args: object) -> None:
        QTimer.singleShot(0, self, self._renumber)

    def _renumber(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            text = f"{i + 1}.  {item.data(_TEXT_ROLE)}"
            mark = self._marks.get(str(item.data(_ID_ROLE)))
            item.setText(f"{text}   — {mark}" if mark else text)
        self._fit_height()
        self._update_buttons()
        self.changed.emit()

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        self.up_button.setEnabled(not self.locked and row > 0)
        self.down_button.setEnabled(not self.locked and 0 <= row < self.list.count() - 1)

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        self.list.setDragDropMode(
            QAbstractItemView.DragDropMode.NoDragDrop
            if locked
            else QAbstractItemView.DragDropMode.InternalMove
        )
        self._update_buttons()

    def show_feedback(self, grade: Grade) -> None:
        answer = self.question.answer
        right = [str(x) for x in answer] if isinstance(answer, list) else []
        for i, option_id in enumerate(self.order()):
            if i < len(right) and right[i] == option_id:
                self._marks[option_id] = "✓ right place"
            elif option_id in right:
                self._marks[option_id] = f"✗ belongs at {right.index(option_id) + 1}"
            else:
                self._marks[option_id] = "✗"
        self._renumber()


# -- tap_diagram --------------------------------------------------------------------------------

OUTSIDE_HINT = "That spot is not one of the regions — try again"


class TapDiagramWidget(AnswerWidget):
    """``tap_diagram``: tap one region, or several in order for a sequence question."""

    def __init__(self, question: Question, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        answer = question.answer
        self.sequence = question.is_sequence
        self.needed = len(answer) if isinstance(answer, list) else 1
        self.taps: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        how = (
            f"Tap {self.needed} regions in order"
            if self.sequence
            else "Tap one region of the diagram"
        )
        self.instructions = _plain_label(
            f"{how}: click it, or focus the diagram and use the arrow keys and Enter.", self
        )
        self.instructions.setObjectName("hint")
        layout.addWidget(self.instructions)
        self.view = DiagramView(lesson.diagram(question.diagram_id), self)
        self.view.tap_enabled = True
        self.view.setMinimumSize(320, 280)
        self.view.region_tapped.connect(self._tapped)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.taps_label = _plain_label("", self)
        self.taps_label.setObjectName("taps")
        self.taps_label.setAccessibleName("Your taps")
        row.addWidget(self.taps_label, 1)
        self.undo_button = QPushButton("Undo last tap", self)
        self.undo_button.setAccessibleName("Undo last tap")
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.setVisible(self.sequence)
        row.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.hint = _plain_label("", self)
        self.hint.setObjectName("tapHint")
        self.hint.setAccessibleName("Tap hint")
        layout.addWidget(self.hint)
        if self.view.problem:
            self.view.tap_enabled = False
            self.hint.setText(
                f"{self.view.problem} This question cannot be answered by tapping; "
                "checking it counts it as not answered."
            )
        self._refresh()

    def label(self, region_id: str) -> str:
        return self.view.regions.get(region_id, region_id)

    def _tapped(self, region_id: str) -> None:
        if self.locked:
            return
        if not region_id:
            self.hint.setText(OUTSIDE_HINT)
            return
        if self.sequence:
            if len(self.taps) >= self.needed:
                self.hint.setText(
                    f"You have tapped all {self.needed} — undo the last tap to change it."
                )
                return
            self.taps.append(region_id)
        else:
            self.taps = [region_id]
        self.hint.setText("")
        self._refresh()
        self.changed.emit()

    def undo(self) -> None:
        if self.locked or not self.taps:
            return
        self.taps.pop()
        self.hint.setText("")
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        self.view.clear_marks()
        for region in self.taps:
            self.view.mark(region, TAPPED)
        self.undo_button.setEnabled(bool(self.taps) and not self.locked)
        if self.sequence:
            if not self.taps:
                text = f"No taps yet ({self.needed} to go)."
            else:
                text = self.taps_text(self.taps)
                left = self.needed - len(self.taps)
                text += f"   ({left} more to go)" if left else "   (all tapped)"
        else:
            text = f"Your tap: {self.label(self.taps[0])}" if self.taps else "No tap yet."
        self.taps_label.setText(text)

    def taps_text(self, taps: list[str]) -> str:
        return " → ".join(f"{i + 1}. {self.label(r)}" for i, r in enumerate(taps))

    def response(self) -> Response | None:
        if self.view.problem:
            return [] if self.sequence else ""
        if self.sequence:
            return list(self.taps) if len(self.taps) == self.needed else None
        return self.taps[0] if self.taps else None

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        self.view.tap_enabled = not locked and not self.view.problem
        self._refresh()

    def show_feedback(self, grade: Grade) -> None:
        answer = self.question.answer
        right = [str(x) for x in answer] if isinstance(answer, list) else [str(answer)]
        self.view.clear_marks()
        for region in self.taps:
            if region not in right:
                self.view.mark(region, TAPPED)
        for region in right:
            self.view.mark(region, HIGHLIGHT)
        if self.sequence:
            self.hint.setText(
                f"Right order: {self.taps_text(right)}.\n"
                "Orange: the regions to tap. Blue: a tap on a region that is not one of them."
            )
        else:
            self.hint.setText(
                f"Right region: {self.label(right[0])}.\n"
                "Orange: the right region. Blue: your tap, where it was not the right one."
            )


# -- match_reason -------------------------------------------------------------------------------

CHOOSE_REASON = "Choose a reason…"


class MatchReasonWidget(AnswerWidget):
    """``match_reason``: a reason (combo box) for every option."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.combos: dict[str, QComboBox] = {}
        self.marks: dict[str, QLabel] = {}
        for option in question.options:
            self._add_row(form, option)

    def _add_row(self, form: QFormLayout, option: Option) -> None:
        label = _plain_label(option.text, self)
        combo = QComboBox(self)
        combo.setAccessibleName(f"Reason for: {option.text}")
        combo.addItem(CHOOSE_REASON, None)
        for reason in self.question.reasons:
            combo.addItem(reason.text, reason.id)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        label.setBuddy(combo)
        field = QWidget(self)
        column = QVBoxLayout(field)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(combo)
        mark = _plain_label("", field)
        mark.hide()
        column.addWidget(mark)
        form.addRow(label, field)
        self.combos[option.id] = combo
        self.marks[option.id] = mark

    def response(self) -> Response | None:
        chosen: dict[str, str] = {}
        for option_id, combo in self.combos.items():
            reason = combo.currentData()
            if not isinstance(reason, str):
                return None
            chosen[option_id] = reason
        return chosen

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        for combo in self.combos.values():
            combo.setEnabled(not locked)

    def show_feedback(self, grade: Grade) -> None:
        answer = self.question.answer
        if not isinstance(answer, dict):
            return
        texts = {r.id: r.text for r in self.question.reasons}
        for option_id, combo in self.combos.items():
            right = answer.get(option_id)
            mark = self.marks[option_id]
            if combo.currentData() == right:
                mark.setText("✓ Right reason")
            else:
                mark.setText(f"✗ Right reason: {texts.get(str(right), right)}")
            mark.show()


def make_answer_widget(
    question: Question, lesson: Lesson, parent: QWidget | None = None
) -> AnswerWidget:
    """The answer widget for ``question``'s type."""
    kind = question.type
    if kind is QuestionType.SINGLE_CHOICE:
        return SingleChoiceWidget(question, parent)
    if kind is QuestionType.TRUE_FALSE:
        return TrueFalseWidget(question, parent)
    if kind is QuestionType.MULTIPLE_SELECT:
        return MultipleSelectWidget(question, parent)
    if kind is QuestionType.ORDER_STEPS:
        return OrderStepsWidget(question, parent)
    if kind is QuestionType.TAP_DIAGRAM:
        return TapDiagramWidget(question, lesson, parent)
    if kind is QuestionType.MATCH_REASON:
        return MatchReasonWidget(question, parent)
    raise ValueError(f"Unknown question type: {kind!r}")
