#!/bin/sh
# Installs the Debian/Ubuntu packages FootTrainer needs when they are missing:
# python3-venv (to create the virtual environment), libpulse0 (QtMultimedia), the xcb libraries
# Qt needs to open a real window, and fonts. Does nothing when everything is present.
set -eu
need=""
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if ! command -v dpkg-query >/dev/null 2>&1; then
    exit 0  # not Debian/Ubuntu: install the equivalents with your package manager
fi
for pkg in libpulse0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
           libxcb-render-util0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 \
           fonts-dejavu-core; do
    have "$pkg" || need="$need $pkg"
done
if [ -n "${FOOTTRAINER_XVFB:-}" ]; then
    for pkg in xvfb x11-utils; do have "$pkg" || need="$need $pkg"; done
fi
py="${PYTHON:-python3}"
if ! "$py" -c "import ensurepip, venv" >/dev/null 2>&1; then
    need="$need python3-venv"
fi
[ -z "$need" ] && exit 0
echo "Installing system packages:$need"
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "Please install these packages (as root): apt-get install$need" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need
