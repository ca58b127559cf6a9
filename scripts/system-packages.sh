#!/usr/bin/env bash
# Installs the Debian packages qinglian needs, or names the missing ones.
# Usage: system-packages.sh PACKAGE...
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  echo "安装系统软件包 / installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif command -v dpkg-query >/dev/null 2>&1; then
  echo "缺少系统软件包 / missing system packages: ${missing[*]}" >&2
  echo "请以 root 运行: apt-get install ${missing[*]}" >&2
  exit 0  # warn, do not stop: everything but PDFs and browser tests still runs
else
  echo "非 Debian/Ubuntu 系统：请自行安装 Pango (>= 1.44)、Noto CJK 字体、GNU gettext、Chromium、poppler-utils 与 wrk（负载基准测试）。" >&2
  echo "Not Debian/Ubuntu: install Pango (>= 1.44), Noto CJK fonts, GNU gettext, Chromium, poppler-utils and wrk (the load benchmark)." >&2
  exit 0  # warn, do not stop: everything but PDFs and browser tests still runs
fi
