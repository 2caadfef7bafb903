"""The progress dashboard: one profile's lessons done, streak, answers, accuracy over time,
mastery, practice gates and video watched per lesson, and the weakest steps.

The figures come from :func:`foottrainer.core.dashboard.dashboard` (small tables only); this
screen only lays them out. QtCharts is imported here, so only when the dashboard is opened.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import (
    QDateTime,
    QMargins,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from foottrainer.core.catalog import Catalog
from foottrainer.core.dashboard import (
    Dashboard,
    GateStatus,
    LessonProgress,
    WeakStep,
    dashboard,
)
from foottrainer.core.progress import Progress
from foottrainer.storage import utc_now
from foottrainer.ui.page_layout import scroll_page

CONTENT_WIDTH = 1100
MIN_POINT_SIZE = 11
#: Longest and shortest bar in the lesson table (px); the percentage follows it.
MAX_BAR_WIDTH = 130
MIN_BAR_WIDTH = 40
#: The accuracy chart shows at most this many calendar days (the most recent).
CHART_DAYS = 90
EMPTY_TITLE = "No answers yet — take a lesson quiz"
EMPTY_TEXT = (
    "Your accuracy over time, mastery per lesson and weakest steps appear here once you have "
    "answered some quiz questions. Open a lesson from the library and choose “Take the quiz”."
)
#: Item data role of a cell's 0..1 value drawn as a bar by :class:`BarDelegate`.
FRACTION_ROLE = Qt.ItemDataRole.UserRole + 1
DONE_TEXT = "✓ Done"
GATE_TEXT = {
    GateStatus.NONE: "—",
    GateStatus.LOCKED: "Safety quiz first",
    GateStatus.UNLOCKED: "✓ Unlocked",
}

#: Text roles: (size relative to the screen's base font, bold).
_FONTS = {
    "title": (1.5, True),
    "heading": (1.25, True),
    "cardValue": (1.9, True),
    "cardCaption": (1.0, True),
    "weakTitle": (1.0, True),
    "emptyTitle": (1.25, True),
}


class Panel(QFrame):
    """A rounded box in the palette's alternate base colour (cards, the empty state, rows).
    Painted directly: no style sheet, so the screen opens fast."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        painter.end()


class TextPanel(Panel):
    """A :class:`Panel` that paints its few lines of text itself, each on one line cut with "…"
    when too narrow (one widget instead of a label per line: the screen opens faster). The
    full text is the tooltip; ``reserve`` pixels on the right are left for a child button."""

    def __init__(
        self, lines: list[tuple[str, QFont, QPalette.ColorRole]], *, reserve: int = 0
    ) -> None:
        super().__init__()
        self._lines = lines
        # Natural widths, measured once (sizes and paints need them, and eliding only when
        # a line does not fit).
        self._widths = [QFontMetrics(font).horizontalAdvance(text) for text, font, _ in lines]
        self._reserve = reserve
        self._margins = QMargins(14, 9, 14, 10)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("\n".join(text for text, _font, _role in lines))

    def texts(self) -> list[str]:
        return [text for text, _font, _role in self._lines]

    def _height(self) -> int:
        heights = [QFontMetrics(font).height() for _text, font, _role in self._lines]
        return sum(heights) + 2 * (len(heights) - 1) + self._margins.top() + self._margins.bottom()

    def sizeHint(self) -> QSize:
        width = max(self._widths, default=0)
        return QSize(
            width + self._reserve + self._margins.left() + self._margins.right(), self._height()
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(self._reserve + 60, self._height())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        palette = self.palette()
        left = self._margins.left()
        width = self.width() - left - self._margins.right() - self._reserve
        y = self._margins.top()
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for (text, font, role), natural in zip(self._lines, self._widths, strict=True):
            metrics = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(palette.color(role))
            shown = text
            if natural > width:
                shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(left, y, width, metrics.height()), flags, shown)
            y += metrics.height() + 2
        painter.end()


class ElidedText(QWidget):
    """One line of plain text, cut with "…" when narrower than the text (the whole text is in
    the tooltip and the accessible name). Cheaper to lay out than a word-wrapped QLabel."""

    def __init__(
        self, text: str, *, name: str = "", muted: bool = False, base: QFont | None = None
    ) -> None:
        super().__init__()
        self._text = text
        self.setObjectName(name)
        if name in _FONTS and base is not None:
            self.setFont(scaled_font(base, name))
        self._role = QPalette.ColorRole.PlaceholderText if muted else QPalette.ColorRole.WindowText
        self.setToolTip(text)
        self.setAccessibleName(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._text), metrics.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self._role))
        metrics = self.fontMetrics()
        line = metrics.elidedText(self._text, Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(
            self.rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line
        )
        painter.end()


def scaled_font(base: QFont, name: str) -> QFont:
    """``base`` scaled and weighted for the text role ``name`` (see :data:`_FONTS`)."""
    scale, bold = _FONTS[name]
    font = QFont(base)
    font.setPointSizeF(round(base.pointSizeF() * scale))
    font.setBold(bold)
    return font


def percent(fraction: float) -> str:
    """0.5714 → '57%'; rounded down, so 100% means complete."""
    return f"{math.floor(fraction * 100 + 1e-9)}%"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def day_msecs(day: date) -> float:
    """A chart x value: local noon of ``day`` in ms since the epoch (computed by Python:
    QDateTime's local-time conversion costs ~0.1 ms a point)."""
    return datetime.combine(day, time(12)).timestamp() * 1000


def _label(
    text: str = "",
    *,
    name: str = "",
    muted: bool = False,
    base: QFont | None = None,
    wrap: bool = False,
) -> QLabel:
    """A plain-text label (lesson text is not markup); ``name`` picks a size and weight from
    :data:`_FONTS` relative to ``base``. Word wrap only where needed: it costs layout passes."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    if name in _FONTS and base is not None:
        label.setFont(scaled_font(base, name))
    if muted:
        palette = label.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
        )
        label.setPalette(palette)
    return label


class BarDelegate(QStyledItemDelegate):
    """Paints a cell with a fraction (:data:`FRACTION_ROLE`, 0..1) as a bar in the palette's
    highlight colour, followed by the cell's text (which screen readers read)."""

    text_width = 0  # room for the widest text of the column, set by the table

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        fraction = index.data(FRACTION_ROLE)
        if fraction is None:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        text, item.text = item.text, ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        rect = item.rect.adjusted(8, 0, -8, 0)
        palette = item.palette
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        ink = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        text_left = rect.left()
        room = rect.width() - self.text_width - 16  # the gap, and slack for rounding
        if room >= MIN_BAR_WIDTH:  # too narrow a column shows the text alone
            # Square-ended bars: filled rectangles cost next to nothing to draw.
            bar = QRect(rect.left(), rect.center().y() - 4, min(MAX_BAR_WIDTH, room), 9)
            track = QColor(palette.color(QPalette.ColorRole.Mid))
            track.setAlpha(110)
            painter.fillRect(bar, track)
            if fraction > 0:
                fill = (
                    QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
                )
                filled = QRect(
                    bar.left(), bar.top(), max(3, round(bar.width() * float(fraction))), 9
                )
                painter.fillRect(filled, palette.color(fill))
            text_left = bar.left() + bar.width() + 10
        painter.setPen(palette.color(ink))
        width = rect.x() + rect.width() - text_left
        if width < self.text_width:  # only then can the text be too long
            text = item.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        painter.drawText(
            QRect(text_left, rect.top(), width, rect.height()),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            text,
        )
        painter.restore()


class DashboardView(QWidget):
    """The dashboard of the profile behind ``progress``, as of ``clock()``.

    Emits :attr:`back_requested` for the library and :attr:`step_requested` (lesson id, step id)
    when the student chooses to review one of the weakest steps.
    """

    back_requested = Signal()
    step_requested = Signal(str, str)

    def __init__(
        self,
        catalog: Catalog,
        progress: Progress,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.progress = progress
        self.board: Dashboard = dashboard(catalog, progress, clock())
        base = QFont(self.font())
        base.setPointSizeF(max(MIN_POINT_SIZE, round(base.pointSizeF())))
        self.setFont(base)
        self.setAccessibleName("Progress dashboard")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        scroll, layout = scroll_page(
            QWidget(), max_width=CONTENT_WIDTH, margins=(24, 12, 24, 24), spacing=14
        )
        outer.addWidget(scroll)
        self.scroll_area = scroll

        layout.addLayout(self._header())
        layout.addLayout(self._cards())
        self.empty_state: QFrame | None = None
        self.chart_view: QChartView | None = None
        self.daily_series: QLineSeries | None = None
        self.rolling_series: QLineSeries | None = None
        if self.board.empty:
            self.empty_state = self._empty_state()
            layout.addWidget(self.empty_state)
        else:
            layout.addWidget(_label("Accuracy over time", name="heading", base=self.font()))
            layout.addWidget(self._chart())
        layout.addWidget(_label("Lessons", name="heading", base=self.font()))
        layout.addWidget(
            ElidedText(
                "Mastery: the lesson's questions right at their latest answer. Practice: a "
                "technique unlocks once its quiz's safety questions are passed.",
                muted=True,
            )
        )
        self.table = self._lesson_table()
        layout.addWidget(self.table)
        self.weak_buttons: list[QPushButton] = []
        self.weak_rows: list[TextPanel] = []
        self._link_font = QFont(self.font())
        self._link_font.setUnderline(True)
        self._link_palette = QPalette(self.palette())
        self._link_palette.setColor(
            QPalette.ColorRole.ButtonText, self._link_palette.color(QPalette.ColorRole.Link)
        )
        if not self.board.empty:
            layout.addWidget(_label("Weakest steps", name="heading", base=self.font()))
            layout.addWidget(
                ElidedText(
                    "Steps whose “why” questions you missed most often: review the step, then "
                    "try its questions again.",
                    muted=True,
                )
            )
            layout.addWidget(self._weakest())
        layout.addStretch(1)

    # -- parts -------------------------------------------------------------------------------
    def _header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        self.back_button = QPushButton("← Library")
        self.back_button.setAccessibleName("Back to the lesson library")
        self.back_button.setToolTip("Back to the lesson library (Alt+Left)")
        self.back_button.setShortcut("Alt+Left")
        self.back_button.clicked.connect(self.back_requested.emit)
        header.addWidget(self.back_button)
        title = self.title_label = _label(
            f"Progress — {self.progress.profile.name}", name="title", base=self.font()
        )
        title.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        header.addWidget(title, 1)
        return header

    def _font(self, name: str) -> QFont:
        """The screen's font scaled and weighted for ``name`` (see :data:`_FONTS`)."""
        return scaled_font(self.font(), name)

    def _card(self, caption: str, value: str, detail: str, name: str) -> QFrame:
        card = TextPanel(
            [
                (caption, self._font("cardCaption"), QPalette.ColorRole.WindowText),
                (value, self._font("cardValue"), QPalette.ColorRole.WindowText),
                (detail, self.font(), QPalette.ColorRole.PlaceholderText),
            ]
        )
        card.setObjectName("card")
        card.setAccessibleName(f"{caption}: {value}. {detail}")
        self.card_values[name] = value
        self.card_details[name] = detail
        return card

    def _cards(self) -> QGridLayout:
        board = self.board
        self.card_values: dict[str, str] = {}
        self.card_details: dict[str, str] = {}
        techniques = board.techniques
        unlocked = sum(t.gate is GateStatus.UNLOCKED for t in techniques)
        streak = board.streak
        if streak.at_risk:
            streak_detail = "Study today to keep it"
        elif streak.current:
            streak_detail = f"Longest: {plural(streak.longest, 'day')}"
        elif streak.longest:
            streak_detail = f"Longest: {plural(streak.longest, 'day')}. Study today to start anew"
        else:
            streak_detail = "Study today to start one"
        accuracy = (
            "No answers yet" if board.accuracy is None else f"{percent(board.accuracy)} right"
        )
        cards = [
            (
                "Lessons done",
                f"{board.lessons_done} of {board.lessons_total}",
                f"{unlocked} of {len(techniques)} techniques unlocked",
                "lessons",
            ),
            ("Study streak", plural(streak.current, "day"), streak_detail, "streak"),
            ("Answers", f"{board.answers:,}", accuracy, "answers"),
            (
                "Reviews due",
                f"{board.due_reviews:,}",
                "questions to revisit today" if board.due_reviews else "Nothing to review now",
                "reviews",
            ),
        ]
        grid = QGridLayout()
        grid.setSpacing(12)
        for index, (caption, value, detail, name) in enumerate(cards):
            card = self._card(caption, value, detail, name)
            card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            grid.addWidget(card, 0, index)
            grid.setColumnStretch(index, 1)  # four equal cards, whatever their text
        return grid

    def _empty_state(self) -> QFrame:
        frame = Panel()
        frame.setObjectName("empty")
        frame.setAccessibleName(EMPTY_TITLE)
        box = QVBoxLayout(frame)
        box.setContentsMargins(18, 16, 18, 16)
        box.addWidget(_label(EMPTY_TITLE, name="emptyTitle", base=self.font()))
        box.addWidget(_label(EMPTY_TEXT, wrap=True))
        return frame

    def _chart(self) -> QChartView:
        days = [
            d for d in self.board.accuracy_by_day if (self.board.today - d.day).days < CHART_DAYS
        ]
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        chart = QChart()
        chart.setTheme(
            QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight
        )
        chart.setBackgroundVisible(False)
        chart.setPlotAreaBackgroundVisible(False)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setLabelColor(text)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)

        daily = QLineSeries()
        daily.setName("Right that day")
        daily_colour = palette.color(QPalette.ColorRole.PlaceholderText)
        # Dots only: a dotted (dashed) line costs more to draw than the rest of the chart.
        daily.setPen(QPen(Qt.PenStyle.NoPen))
        daily.setPointsVisible(True)
        daily.setMarkerSize(7.0)
        daily.setColor(daily_colour)
        rolling = QLineSeries()
        rolling.setName("Last 7 days")
        accent = palette.color(QPalette.ColorRole.Highlight)
        if abs(accent.lightness() - palette.color(QPalette.ColorRole.Window).lightness()) < 60:
            accent = palette.color(QPalette.ColorRole.Link)
        rolling.setPen(QPen(accent, 3))
        for point in days:
            x = day_msecs(point.day)
            daily.append(x, 100 * point.accuracy)
            rolling.append(x, 100 * point.rolling)
        chart.addSeries(daily)
        chart.addSeries(rolling)

        x_axis = QDateTimeAxis()
        first = days[0].day if days else self.board.today
        start, end = day_msecs(first), day_msecs(self.board.today)
        span_days = (self.board.today - first).days
        x_axis.setFormat("d MMM")
        x_axis.setTickCount(max(2, min(7, span_days + 1)))
        half_day = 12 * 3600 * 1000
        x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(start - half_day)),
            QDateTime.fromMSecsSinceEpoch(int(end + half_day)),
        )
        y_axis = QValueAxis()
        # A little room above 100 % and below 0 % so markers there are not cut in half; the
        # labels stay at 0, 20, ... 100.
        y_axis.setRange(-4, 104)
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(0)
        y_axis.setTickInterval(20)
        y_axis.setLabelFormat("%d%%")
        y_axis.setTitleText("Answers right")
        grid = palette.color(QPalette.ColorRole.Mid)
        for axis in (x_axis, y_axis):
            axis.setLabelsColor(text)
            axis.setTitleBrush(QBrush(text))
            # Solid hairlines: the themes' default grid pens are slow to draw.
            axis.setGridLinePen(QPen(grid, 1))
            axis.setLinePen(QPen(grid, 1))
            font = axis.labelsFont()
            font.setPointSizeF(max(MIN_POINT_SIZE - 1, self.font().pointSizeF() - 1))
            axis.setLabelsFont(font)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (daily, rolling):
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)

        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(280)
        view.setFrameShape(QFrame.Shape.NoFrame)
        # Drawn over the page's own background: no second fill of the chart's area.
        view.setBackgroundBrush(QBrush(Qt.BrushStyle.NoBrush))
        view.viewport().setAutoFillBackground(False)
        latest = days[-1] if days else None
        summary = (
            f"{len(days)} study days shown. Latest, {latest.day:%d %B}: "
            f"{percent(latest.accuracy)} right that day, {percent(latest.rolling)} over 7 days."
            if latest
            else f"No answers in the last {CHART_DAYS} days."
        )
        view.setAccessibleName("Accuracy over time")
        view.setAccessibleDescription(summary)
        view.setToolTip(summary)
        self.chart_view, self.daily_series, self.rolling_series = view, daily, rolling
        self.x_axis, self.y_axis = x_axis, y_axis
        return view

    def _lesson_table(self) -> QTableWidget:
        lessons = self.board.lessons
        table = QTableWidget(len(lessons), 5, self)
        table.ensurePolished()  # the style sheet's font: measure with what is drawn
        table.setAccessibleName("Mastery, practice gate and video watched per lesson")
        table.setHorizontalHeaderLabels(["Lesson", "Mastery", "Practice", "Video watched", "Done"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        self.bar_delegate = BarDelegate(table)
        for column in (1, 3):
            table.setItemDelegateForColumn(column, self.bar_delegate)
        texts: list[str] = []
        for row, lesson in enumerate(lessons):
            texts += self._fill_row(table, row, lesson)
        metrics = table.fontMetrics()
        self.bar_delegate.text_width = max(map(metrics.horizontalAdvance, texts), default=0)
        header = table.horizontalHeader()
        # Titles and gates whole; the bar columns share what is left (bars shrink first).
        # Widths from the texts (ResizeToContents would lay out every cell again).
        header_metrics = header.fontMetrics()
        columns = {
            0: ("Lesson", [lesson.title for lesson in lessons]),
            2: ("Practice", [GATE_TEXT[lesson.gate] for lesson in lessons]),
            4: ("Done", [DONE_TEXT]),
        }
        for column, (label, cells) in columns.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            width = max(
                max(map(metrics.horizontalAdvance, cells), default=0) + 16,
                header_metrics.horizontalAdvance(label) + 24,
            )
            table.setColumnWidth(column, width)
        for column in (1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        row_height = round(metrics.height() * 1.9)
        table.verticalHeader().setDefaultSectionSize(row_height)
        height = header.sizeHint().height() + 2 * table.frameWidth() + row_height * len(lessons)
        table.setFixedHeight(height)
        return table

    def _fill_row(self, table: QTableWidget, row: int, lesson: LessonProgress) -> list[str]:
        """Fill a row; returns the texts drawn next to bars."""
        name = QTableWidgetItem(lesson.title)
        name.setToolTip(f"{lesson.topic}: {lesson.title}")
        name.setData(Qt.ItemDataRole.UserRole, lesson.lesson_id)
        table.setItem(row, 0, name)
        mastery = QTableWidgetItem(
            f"{percent(lesson.mastery)} · {lesson.mastered} of {lesson.questions}"
        )
        mastery.setData(FRACTION_ROLE, lesson.mastery)
        mastery.setToolTip(
            f"{lesson.mastered} of {lesson.questions} questions right at their latest answer; "
            f"{lesson.answered} answered"
            + ("" if lesson.accuracy is None else f", {percent(lesson.accuracy)} of answers right")
        )
        table.setItem(row, 1, mastery)
        gate = QTableWidgetItem(GATE_TEXT[lesson.gate])
        gate.setToolTip(
            "A study lesson: nothing to practise on a person"
            if lesson.gate is GateStatus.NONE
            else "Practise on a person only after passing the quiz's safety questions"
        )
        table.setItem(row, 2, gate)
        if lesson.watched is None:
            watched = QTableWidgetItem("no video")
        else:
            watched = QTableWidgetItem(percent(lesson.watched))
            watched.setData(FRACTION_ROLE, lesson.watched)
            watched.setToolTip("Share of the lesson's video played at least once")
        table.setItem(row, 3, watched)
        table.setItem(row, 4, QTableWidgetItem(DONE_TEXT if lesson.done else ""))
        return [mastery.text(), watched.text()]

    def _weakest(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        if not self.board.weakest_steps:
            layout.addWidget(_label("No missed “why” questions so far — well done.", wrap=True))
            return box
        for weak in self.board.weakest_steps:
            layout.addWidget(self._weak_row(weak))
        return box

    def _weak_row(self, weak: WeakStep) -> QFrame:
        button = QPushButton("Review step →")
        button.setObjectName("linkButton")
        button.setFlat(True)
        button.setFont(self._link_font)
        button.setPalette(self._link_palette)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setAccessibleName(f"Review step {weak.step_number} of {weak.lesson_title}")
        button.setToolTip(f"Open {weak.lesson_title} at step {weak.step_number}")
        button.clicked.connect(lambda: self.step_requested.emit(weak.lesson_id, weak.step_id))
        title = f"{weak.lesson_title} · Step {weak.step_number}: {weak.step_title}"
        detail = (
            f"Missed {weak.missed} of {weak.answered} answers ({percent(weak.miss_rate)})"
            f" · most missed: “{weak.prompt}”"
        )
        frame = TextPanel(
            [
                (title, self._font("weakTitle"), QPalette.ColorRole.WindowText),
                (detail, self.font(), QPalette.ColorRole.PlaceholderText),
            ],
            reserve=button.sizeHint().width() + 12,
        )
        frame.setObjectName("weak")
        frame.setAccessibleName(f"{title}. {detail}")
        row = QHBoxLayout(frame)
        row.setContentsMargins(14, 4, 10, 4)
        row.addStretch(1)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.weak_buttons.append(button)
        self.weak_rows.append(frame)
        return frame
