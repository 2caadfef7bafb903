"""The demonstration video: player, controls and chapters. QtMultimedia is imported only here,
so the FFmpeg backend loads when a lesson with a video is opened, never at start-up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QImage
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
        self.player: QMediaPlayer | None = None
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
        self.video_widget = QVideoWidget(self)
        self.video_widget.setMinimumHeight(180)
        self.video_widget.setAccessibleName(f"Video: {video.title}")
        layout.addWidget(self.video_widget, 1)
        layout.addLayout(self._controls(video))
        hint = QLabel(SHORTCUTS, self)
        hint.setAccessibleName("Video keyboard shortcuts")
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(hint)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoOutput(self.video_widget)
        self.player.errorOccurred.connect(self._on_error)
        self.player.positionChanged.connect(self._on_position)
        self.player.durationChanged.connect(self._on_duration)
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.playbackStateChanged.connect(self._on_state)
        self.player.setSource(QUrl.fromLocalFile(str(video.path)))

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
        self.time = QLabel("0:00 / 0:00", self)
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
        if self.player is not None and rate in SPEEDS:
            self.player.setPlaybackRate(rate)
            self.speed.setCurrentIndex(SPEEDS.index(rate))

    def toggle_loop(self) -> None:
        if self.player is not None:
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
        if self.player is None:
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
        return self.player.position() / 1000 if self.player else 0.0

    def frame_image(self) -> QImage | None:
        """The frame on screen now (QVideoWidget.grab() cannot capture video), or None."""
        if self.player is None:
            return None
        frame = self.video_widget.videoSink().videoFrame()
        return frame.toImage() if frame.isValid() else None

    def chapter_at(self, seconds: float) -> Chapter | None:
        if self.video is None:
            return None
        return next((c for c in self.video.chapters if c.start <= seconds < c.end), None)

    # -- commands ----------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.player is None:
            return
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def play(self) -> None:
        if self.player is not None:
            self.player.play()

    def pause(self) -> None:
        if self.player is not None:
            self.player.pause()

    def seek(self, seconds: float) -> None:
        if self.player is None:
            return
        self.flush()
        self.player.setPosition(int(max(0.0, seconds) * 1000))

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
        if status == QMediaPlayer.MediaStatus.EndOfMedia and loop is not None and self.player:
            # The last step ends with the video: the player stops there, so restart the loop.
            self.flush()
            self.player.setPosition(int(loop.start * 1000))
            self.player.play()
            return
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._start_at and self.player:
            self.player.setPosition(int(self._start_at * 1000))
            self._start_at = 0.0
        # Show the first frame instead of a black box until the student presses Play.
        if (
            status == QMediaPlayer.MediaStatus.LoadedMedia
            and self.player is not None
            and self.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState
        ):
            self.player.pause()

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
        playing = (
            self.player is not None
            and self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        )
        if playing:
            if self._segment_start is None or abs(seconds - self._last) > _JUMP:
                self.flush()
                self._segment_start = seconds
            self._last = seconds
        loop = self.loop_chapter
        if loop is not None and playing and self.player is not None and seconds >= loop.end:
            self.flush()
            self.player.setPosition(int(loop.start * 1000))
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        duration = (self.player.duration() / 1000) if self.player else 0.0
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
