#!/usr/bin/env bash
# Build the one-folder Linux bundle: dist/yeonsu/yeonsu.  Then `dist/yeonsu/yeonsu --smoke`.
set -euo pipefail
cd "$(dirname "$0")/.."
uv run --group build pyinstaller installers/yeonsu.spec --noconfirm --clean \
    --distpath dist --workpath build/pyinstaller
size=$(du -sm dist/yeonsu | cut -f1)
echo "dist/yeonsu: ${size} MB"
