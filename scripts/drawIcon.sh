#!/usr/bin/env bash
# Draws images/icon.png (128x128): a shield with a padlock, looked at through a lens. Drawn at
# 4x and scaled down so edges are smooth. Needs ImageMagick 6 (Debian's imagemagick package).
# Run it only to change the icon; the PNG is committed and this script is not packaged.
set -euo pipefail
cd "$(dirname "$0")/.."
convert -size 512x512 xc:none \
  -fill '#12324f' -draw 'roundrectangle 8,8 503,503 96,96' \
  -fill '#e8f1f8' -draw 'path "M 220,52 C 260,84 320,96 372,92 L 372,236 C 372,332 310,398 220,440 C 130,398 68,332 68,236 L 68,92 C 120,96 180,84 220,52 Z"' \
  -fill '#12324f' -draw 'circle 220,182 220,121' \
  -fill '#e8f1f8' -draw 'circle 220,182 220,147' -draw 'rectangle 185,182 255,224' \
  -fill '#12324f' -draw 'rectangle 159,182 185,226' -draw 'rectangle 255,182 281,226' \
  -stroke none -fill '#12324f' -draw 'roundrectangle 146,218 294,340 16,16' \
  -fill '#e8f1f8' -draw 'circle 220,266 220,284' -draw 'rectangle 212,272 228,312' \
  -fill '#0d2740' -stroke '#ffb938' -strokewidth 30 -draw 'circle 356,340 356,416' \
  -fill none -stroke '#ffd27a' -strokewidth 8 -draw 'arc 304,288 408,392 200,260' \
  -stroke '#ffb938' -strokewidth 44 -draw 'line 412,396 470,454' \
  -resize 128x128 -strip PNG32:images/icon.png
