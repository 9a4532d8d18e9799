#!/bin/sh
# Regenerates docs/sample-page.png: page 1 of a sample drafted to .docx, printed by LibreOffice.
#
#   sh docs/sample-page.sh [samples/双胜镇-2024H1.yaml] [extra font folder]
#
# Offices have 仿宋_GB2312, 楷体_GB2312, 黑体 and 方正小标宋简体; a Linux machine does not, so
# this maps each to a free font of the same kind (Noto Serif/Sans CJK from fonts-noto-cjk,
# AR PL UKai from fonts-arphic-ukai, Liberation Serif from fonts-liberation2 for Times New
# Roman). Fonts that are missing fall back to whatever fontconfig finds. The committed image
# was then reduced to 8-bit grey (the page has no colour) to halve its size.
set -eu
sample=${1:-samples/双胜镇-2024H1.yaml}
extra=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  ${extra:+<dir>$extra</dir>}
  <cachedir>$work/cache</cachedir>
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
python -m reportgen draft "$sample" --format docx -o "$work/page.docx"
FONTCONFIG_FILE="$work/fonts.conf" soffice -env:UserInstallation="file://$work/profile" \
    --headless --convert-to pdf --outdir "$work" "$work/page.docx" >/dev/null
pdftoppm -png -r 100 -f 1 -l 1 -singlefile "$work/page.pdf" docs/sample-page
echo docs/sample-page.png
