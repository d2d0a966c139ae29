#!/bin/sh
# Debian packages gongkai's browser tests and generated PDFs use, nginx (the production proxy test),
# faketime (the platform tests run again with the system date moved past the known holiday
# calendar), and LibreOffice (headless, about 220 MB) that converts .doc/.wps/.xls/.et.
# Best-effort: where this is not root or apt is missing, say so and go on; the tests that need them
# then skip.
PKGS="chromium fonts-noto-cjk fonts-wqy-zenhei poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui nginx-light faketime"
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "gongkai: 未安装$missing（需要 root 与 apt-get）；依赖它们的测试将跳过" >&2
  exit 0
fi
echo "gongkai: 安装 Debian 软件包:$missing"
(apt-get install -y -q --no-install-recommends $missing >/tmp/gongkai-apt.log 2>&1 ||
  (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends $missing >/tmp/gongkai-apt.log 2>&1)) ||
  echo "gongkai: 安装失败（见 /tmp/gongkai-apt.log）；依赖它们的测试将跳过" >&2
exit 0
