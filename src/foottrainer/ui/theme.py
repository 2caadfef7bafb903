"""Light and dark: the app follows the system's colour scheme.

Qt gives the app the platform's palette, light or dark, and the widgets use its roles (no fixed
colours, except the diagrams, which stay on a white card, and the video area, which is black).
Some platforms report the scheme without giving a matching palette (Fusion on some Linux
desktops): there the app sets a dark palette of its own when the system asks for dark.
``FOOTTRAINER_COLOR_SCHEME=dark`` (or ``light``) chooses for the app, e.g. for screenshots.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

SCHEME_VARIABLE = "FOOTTRAINER_COLOR_SCHEME"

_ROLE = QPalette.ColorRole
_GROUP = QPalette.ColorGroup
_DARK = {
    _ROLE.Window: "#2b2b2b",
    _ROLE.WindowText: "#e6e6e6",
    _ROLE.Base: "#1e1e1e",
    _ROLE.AlternateBase: "#333333",
    _ROLE.ToolTipBase: "#3c3c3c",
    _ROLE.ToolTipText: "#e6e6e6",
    _ROLE.PlaceholderText: "#a0a0a0",
    _ROLE.Text: "#e6e6e6",
    _ROLE.Button: "#353535",
    _ROLE.ButtonText: "#e6e6e6",
    _ROLE.BrightText: "#ffffff",
    _ROLE.Light: "#4a4a4a",
    _ROLE.Midlight: "#3e3e3e",
    _ROLE.Mid: "#5a5a5a",
    _ROLE.Dark: "#1a1a1a",
    _ROLE.Shadow: "#000000",
    _ROLE.Highlight: "#2f6fb0",
    _ROLE.HighlightedText: "#ffffff",
    _ROLE.Link: "#7cb8ff",
    _ROLE.LinkVisited: "#c29bff",
}
_DARK_DISABLED = {
    _ROLE.WindowText: "#7f7f7f",
    _ROLE.Text: "#7f7f7f",
    _ROLE.ButtonText: "#7f7f7f",
    _ROLE.Highlight: "#4a4a4a",
    _ROLE.HighlightedText: "#b0b0b0",
}


def dark_palette() -> QPalette:
    """A dark palette for Fusion, for where the platform has none."""
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role, color in _DARK_DISABLED.items():
        palette.setColor(_GROUP.Disabled, role, QColor(color))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(_ROLE.Window).lightness() < 128


def use_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Show the app in ``scheme``: the platform's own palette where it has one, else ours."""
    dark = scheme == Qt.ColorScheme.Dark
    if dark != is_dark(app.palette()):
        if dark:
            if app.style().name().lower() != "fusion":
                app.setStyle("Fusion")  # a dark palette needs a style that draws with it
            app.setPalette(dark_palette())
        else:
            app.setPalette(app.style().standardPalette())
    # A widget with a style sheet keeps the palette it had when the sheet was applied: apply
    # it again, so that it takes the new one (else a page made in light mode stays light).
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


def follow_color_scheme(app: QApplication) -> None:
    """Follow the system's light/dark scheme, now and when it changes, unless
    ``FOOTTRAINER_COLOR_SCHEME`` chooses one."""
    chosen = os.environ.get(SCHEME_VARIABLE, "").strip().lower()
    hints = app.styleHints()
    if chosen in ("dark", "light"):
        scheme = Qt.ColorScheme.Dark if chosen == "dark" else Qt.ColorScheme.Light
        hints.setColorScheme(scheme)  # the platform's palette for it, where it has one
        use_scheme(app, scheme)
        return
    # Once the platform has had its turn to change the palette for the new scheme.
    hints.colorSchemeChanged.connect(
        lambda scheme: QTimer.singleShot(0, app, lambda: use_scheme(app, scheme))
    )
    if hints.colorScheme() != Qt.ColorScheme.Unknown:
        use_scheme(app, hints.colorScheme())
