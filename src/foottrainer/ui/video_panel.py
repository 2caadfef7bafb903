"""The demonstration video: player, controls and chapters. QtMultimedia is imported only here,
so the FFmpeg backend loads when a lesson with a video is opened, never at start-up.

The player itself (QMediaPlayer and its QVideoWidget) is made once the page has been painted,
or at once when something needs it (Play, a seek, a step clicked): opening the file starts
FFmpeg's demuxer and decoder threads, which would otherwise compete with laying out and painting
the lesson page. Until then the video area shows a placeholder, and the time shows the length
the lesson's chapters give; the first frame and the real length follow a moment later."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from foottrainer.core.model import Chapter, Video

WatchedCallback = Callable[[float, float], None]
SPEEDS = (0.5, 0.75, 1.0)
SHORTCUTS = "Space: play/pause · ←/→: 5 s back/forward · L: loop the step"
_JUMP = 1.5  # seconds: a larger jump in position is a seek, not playback


def clock(seconds: float) -> str:
    total = max(0, int(seconds))
    return f"{total // 60}:{total % 60:02d}"


class _Placeholder(QWidget):
    """Stands where the video will show until the player is made: dark, as a video area is,
    with the video's title. Its first paint tells the panel that the page is on screen."""

    painted = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0))  # what QVideoWidget shows before a frame
        painter.setPen(QColor(200, 200, 200))
        painter.drawText(
            self.rect().adjusted(12, 12, -12, -12),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.title,
        )
        painter.end()
        if not self._painted:
            self._painted = True
            self.painted.emit()


class VideoPanel(QWidget):
    """Plays ``video``; a missing or unplayable file shows what is wrong instead of a player."""

    position_changed = Signal(float)  # seconds
    chapter_changed = Signal(str)  # step id of the chapter now playing ('' for none)

    def __init__(
        self,
        video: Video | None,
        on_watched: WatchedCallback | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.video = video
        self.on_watched = on_watched
        self._player: QMediaPlayer | None = None
        self._video_widget: QVideoWidget | None = None
        self._playable = False  # a video file to play: the player is made on demand
        self.problem = ""
        self._segment_start: float | None = None
        self._last = 0.0
        self._chapter = ""
        self.loop_chapter: Chapter | None = None
        self._start_at = 0.0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName("Video status")
        layout.addWidget(self.message)
        if video is None:
            self._fail("This lesson has no demonstration video.")
            return
        if not video.path.is_file():
            self._fail(
                f"Video not found: {video.path}\n"
                "The rest of the lesson works; ask your instructor for the file."
            )
            return
        self.message.hide()
        self._playable = True
        self._screen: QWidget = _Placeholder(video.title, self)
        self._screen.setMinimumHeight(180)
        self._screen.setAccessibleName(f"Video: {video.title}")
        self._screen.painted.connect(
            lambda: QTimer.singleShot(0, self, self._make_player_if_shown),
            Qt.ConnectionType.SingleShotConnection,
        )
        layout.addWidget(self._screen, 1)
        layout.addLayout(self._controls(video))
        hint = QLabel(SHORTCUTS, self)
        hint.setAccessibleName("Video keyboard shortcuts")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(hint)

    @property
    def player(self) -> QMediaPlayer | None:
        """The media player (made now if it is not yet); None without a playable video."""
        if self._player is None and self._playable:
            self._make_player()
        return self._player

    @property
    def video_widget(self) -> QVideoWidget:
        """Where the video shows, made with the player (AttributeError without a video)."""
        if self.player is None or self._video_widget is None:
            raise AttributeError("This panel has no video to show.")
        return self._video_widget

    def _make_player_if_shown(self) -> None:
        """Right after the first paint, unless the page has already been left."""
        if self.isVisible():
            self._make_player()

    def _make_player(self) -> None:
        if self._player is not None or not self._playable or self.video is None:
            return
        widget = self._video_widget = QVideoWidget(self)
        widget.setMinimumHeight(180)
        widget.setAccessibleName(self._screen.accessibleName())
        layout = self.layout()
        if layout is not None:
            layout.replaceWidget(self._screen, widget)
        self._screen.hide()
        self._screen.deleteLater()
        self._screen = widget
        if self.isVisible():
            widget.show()
        player = self._player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        player.setAudioOutput(self.audio)
        player.setVideoOutput(widget)
        player.errorOccurred.connect(self._on_error)
        player.positionChanged.connect(self._on_position)
        player.durationChanged.connect(self._on_duration)
        player.mediaStatusChanged.connect(self._on_status)
        player.playbackStateChanged.connect(self._on_state)
        player.setPlaybackRate(float(self.speed.currentData()))
        player.setSource(QUrl.fromLocalFile(str(self.video.path)))

    def _controls(self, video: Video) -> QHBoxLayout:
        row = QHBoxLayout()
        self.play_button = QToolButton(self)
        self.play_button.setText("▶ Play")
        self.play_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.play_button.setAccessibleName("Play or pause the video")
        self.play_button.setToolTip("Play / pause (Space)")
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setAccessibleName("Video position")
        self.slider.sliderMoved.connect(lambda ms: self.seek(ms / 1000))
        # The length the chapters give until the player knows the real one.
        self.time = QLabel(f"0:00 / {clock(video.duration_hint)}", self)
        self.time.setAccessibleName("Video time")
        self.chapters = QComboBox(self)
        self.chapters.setAccessibleName("Chapters")
        for chapter in video.chapters:
            self.chapters.addItem(f"{clock(chapter.start)}  {chapter.title}", chapter)
        self.chapters.activated.connect(self._on_chapter_chosen)
        self.chapters.setEnabled(bool(video.chapters))
        self.speed = QComboBox(self)
        self.speed.setAccessibleName("Playback speed")
        self.speed.setToolTip("Playback speed: slow the stroke down to study it")
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.activated.connect(lambda i: self.set_speed(SPEEDS[i]))
        self.loop_button = QToolButton(self)
        self.loop_button.setText("⟲ Loop step")
        self.loop_button.setCheckable(True)
        self.loop_button.setAccessibleName("Loop the current step")
        self.loop_button.setToolTip("Repeat the current step's chapter (L)")
        self.loop_button.toggled.connect(self._on_loop_toggled)
        row.addWidget(self.play_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time)
        row.addWidget(self.chapters)
        row.addWidget(self.speed)
        row.addWidget(self.loop_button)
        return row

    # -- speed, loop and small seeks -----------------------------------------------------------
    def set_speed(self, rate: float) -> None:
        if self._playable and rate in SPEEDS:
            self.speed.setCurrentIndex(SPEEDS.index(rate))  # a player made later reads it
            if self._player is not None:
                self._player.setPlaybackRate(rate)

    def toggle_loop(self) -> None:
        if self._playable:
            self.loop_button.toggle()

    def _on_loop_toggled(self, on: bool) -> None:
        self.loop_chapter = self.chapter_at(self.position) if on else None
        if on and self.loop_chapter is None and self.video and self.video.chapters:
            self.loop_chapter = self.video.chapters[0]
            self.seek(self.loop_chapter.start)

    def loop_step(self, chapter: Chapter) -> None:
        """While looping, a newly chosen step becomes the loop."""
        if self.loop_chapter is not None:
            self.loop_chapter = chapter

    def skip(self, seconds: float) -> None:
        """Jump forwards or backwards (← / →), staying inside a looped step."""
        if not self._playable:
            return
        target = self.position + seconds
        loop = self.loop_chapter
        if loop is not None:
            target = min(max(target, loop.start), loop.end - 0.05)
        self.seek(target)

    # -- state -------------------------------------------------------------------------------
    def _fail(self, text: str) -> None:
        self.problem = text
        self.message.setText(text)
        self.message.show()

    @property
    def position(self) -> float:
        """Seconds; before the video has loaded, where it will start (so that leaving the page
        early does not forget where the student was)."""
        if self._player is None or self._start_at:
            return self._start_at
        return self._player.position() / 1000

    def frame_image(self) -> QImage | None:
        """The frame on screen now (QVideoWidget.grab() cannot capture video), or None."""
        if self._video_widget is None:
            return None
        frame = self._video_widget.videoSink().videoFrame()
        return frame.toImage() if frame.isValid() else None

    def chapter_at(self, seconds: float) -> Chapter | None:
        if self.video is None:
            return None
        return next((c for c in self.video.chapters if c.start <= seconds < c.end), None)

    # -- commands ----------------------------------------------------------------------------
    def toggle(self) -> None:
        player = self.player
        if player is None:
            return
        if player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            player.pause()
        else:
            player.play()

    def play(self) -> None:
        player = self.player
        if player is not None:
            player.play()

    def pause(self) -> None:
        if self._player is not None:
            self._player.pause()

    def seek(self, seconds: float) -> None:
        player = self.player
        if player is None:
            return
        self.flush()
        if player.mediaStatus() in (
            QMediaPlayer.MediaStatus.NoMedia,
            QMediaPlayer.MediaStatus.LoadingMedia,
        ):
            self._start_at = max(0.0, seconds)  # a player still opening the file: once loaded
            return
        player.setPosition(int(max(0.0, seconds) * 1000))

    def flush(self) -> None:
        """Record the range watched since playback last started or jumped."""
        start, self._segment_start = self._segment_start, None
        if start is not None and self.on_watched is not None and self._last > start:
            self.on_watched(start, self._last)

    # -- player events -----------------------------------------------------------------------
    def _on_error(self, _error: QMediaPlayer.Error, text: str) -> None:
        self._fail(f"This video cannot be played: {text or 'unknown error'}")

    def _on_duration(self, ms: int) -> None:
        self.slider.setRange(0, ms)
        self.time.setText(f"{clock(self.position)} / {clock(ms / 1000)}")

    def start_at(self, seconds: float) -> None:
        """Show the frame at ``seconds`` once the video is loaded (restoring where the student
        stopped)."""
        self._start_at = seconds

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        loop = self.loop_chapter
        player = self._player
        if player is None:
            return
        if status == QMediaPlayer.MediaStatus.EndOfMedia and loop is not None:
            # The last step ends with the video: the player stops there, so restart the loop.
            self.flush()
            player.setPosition(int(loop.start * 1000))
            player.play()
            return
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._start_at:
            player.setPosition(int(self._start_at * 1000))
            self._start_at = 0.0
        # Show the first frame instead of a black box until the student presses Play.
        if (
            status == QMediaPlayer.MediaStatus.LoadedMedia
            and player.playbackState() == QMediaPlayer.PlaybackState.StoppedState
        ):
            player.pause()

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText("Pause" if playing else "▶ Play")  # no ⏸: few fonts have it
        if playing:
            self._segment_start = self.position
            self._last = self.position
        else:
            self.flush()

    def _on_position(self, ms: int) -> None:
        seconds = ms / 1000
        player = self._player
        playing = (
            player is not None and player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        )
        if playing:
            if self._segment_start is None or abs(seconds - self._last) > _JUMP:
                self.flush()
                self._segment_start = seconds
            self._last = seconds
        loop = self.loop_chapter
        if loop is not None and playing and player is not None and seconds >= loop.end:
            self.flush()
            player.setPosition(int(loop.start * 1000))
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        duration = (player.duration() / 1000) if player else 0.0
        self.time.setText(f"{clock(seconds)} / {clock(duration)}")
        chapter = self.chapter_at(seconds)
        step_id = chapter.step_id if chapter else ""
        if step_id != self._chapter:
            self._chapter = step_id
            if chapter is not None and self.video is not None:
                self.chapters.setCurrentIndex(self.video.chapters.index(chapter))
            self.chapter_changed.emit(step_id)
        self.position_changed.emit(seconds)

    def _on_chapter_chosen(self, index: int) -> None:
        chapter = self.chapters.itemData(index)
        if isinstance(chapter, Chapter):
            self.seek(chapter.start)
