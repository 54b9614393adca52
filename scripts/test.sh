#!/usr/bin/env bash
# The whole test suite, with what it needs: README's test command and what .ci/run calls.
#   Debian packages: fonts-wqy-microhei (the CJK font the PDF fixtures are rendered with).
#   Python packages: the project with its [test] extra.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! fc-list 2>/dev/null | grep -qi "wqy-microhei" && [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q fonts-wqy-microhei >/dev/null; }
    else
        echo "scripts/test.sh: please install the Debian package fonts-wqy-microhei (sudo apt-get install fonts-wqy-microhei)" >&2
        exit 1
    fi
fi
python -m pip install -q -e ".[test]"
ruff check .
python -m pytest -q "$@"
