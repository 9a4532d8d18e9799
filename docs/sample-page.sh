#!/bin/sh
# Regenerates the README's pictures: drafts printed by LibreOffice (reportgen draft --format pdf),
# pages cut out with pdftoppm.
#
#   sh docs/sample-page.sh [summary facts] [公文 facts] [extra font folder]
#
#   docs/sample-page.png      page 1 of a summary (samples/双胜镇-2024H1.yaml), in grey
#   docs/redhead-first.png    page 1 of a 公文 with a document block (../shared/spec/
#   docs/redhead-last.png     implementation-2024-redhead.yaml by default), and its last page
#
# Offices have 仿宋_GB2312, 楷体_GB2312, 黑体 and 方正小标宋简体; a Linux machine does not, so
# this maps each to a free font of the same kind (Noto Serif/Sans CJK from fonts-noto-cjk,
# AR PL UKai from fonts-arphic-ukai, Liberation Serif from fonts-liberation2 for Times New
# Roman), with the title's 小标宋 as Noto Serif's bold. Fonts that are missing fall back to
# whatever fontconfig finds.
set -eu
summary=${1:-samples/双胜镇-2024H1.yaml}
redhead=${2:-../shared/spec/implementation-2024-redhead.yaml}
extra=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  ${extra:+<dir>$extra</dir>}
  <alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>楷体_GB2312</family><prefer><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>Times New Roman</family><prefer><family>Liberation Serif</family></prefer></alias>
  <match target="pattern"><test name="family"><string>方正小标宋简体</string></test>
    <edit name="weight" mode="assign"><const>bold</const></edit></match>
</fontconfig>
CONF
export FONTCONFIG_FILE="$work/fonts.conf"
python -m reportgen draft "$summary" --format pdf -o "$work/summary.pdf"
pdftoppm -png -gray -r 100 -f 1 -l 1 -singlefile "$work/summary.pdf" docs/sample-page
python -m reportgen draft "$redhead" --format pdf -o "$work/redhead.pdf"
last=$(pdfinfo "$work/redhead.pdf" | awk '/^Pages:/ {print $2}')
pdftoppm -png -r 100 -f 1 -l 1 -singlefile "$work/redhead.pdf" docs/redhead-first
pdftoppm -png -r 100 -f "$last" -l "$last" -singlefile "$work/redhead.pdf" docs/redhead-last
echo docs/sample-page.png docs/redhead-first.png docs/redhead-last.png
