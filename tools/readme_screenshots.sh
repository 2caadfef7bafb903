#!/usr/bin/env bash
# Screen grabs of a real FootTrainer window under Xvfb for the README (QVideoWidget.grab() is
# always blank, so the video is captured from the screen). Needs Debian's xvfb, xdotool and
# imagemagick. Usage: tools/readme_screenshots.sh [OUT_DIR]   (default docs/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
mkdir -p "$out"
data="$(mktemp -d)"
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1200x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
export DISPLAY="$display"
sleep 1
.venv/bin/foottrainer --data-dir "$data" >/dev/null 2>&1 &
app=$!
sleep 4
# There is no window manager: a click gives the window the keyboard focus.
# Library: a click on the empty part of the lesson tree gives it the keyboard focus; typing
# a title selects that lesson (the tree's own keyboard search), whatever the layout above it.
xdotool mousemove 300 600 click 1
sleep 0.5
xdotool type --delay 80 "Relaxing"
sleep 1
import -window root "$out/library.png"
# Open it with the keyboard (Enter), then look at the lesson page.
xdotool key Return
sleep 3
import -window root "$out/lesson.png"
# Step 3 in the step list (the heel circles), then Space plays from its chapter.
xdotool mousemove 640 108 click 1
sleep 1
xdotool key space
sleep 6
import -window root "$out/player.png"
echo "wrote $out/library.png $out/lesson.png $out/player.png"
