#!/bin/sh
# Install the build and test dependencies that are missing, on Debian.
# Says what it installs; does nothing when everything is there.
set -eu

need=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# The tests use python3 (JSON/CSV checks), bsdutils (script), util-linux
# (flock, runuser); gettext compiles the zh_CN catalog (msgfmt) and checks
# it against the source (xgettext, msgcmp); git for stores kept in git;
# passwd (useradd) for the shared-store test's real users; extra names on
# the command line (e.g. valgrind) are added.
for p in gcc make pkg-config libyaml-dev libcsv-dev libzstd-dev libcmocka-dev groff-base \
    gettext python3 bsdutils util-linux git passwd "$@"; do
	have_pkg "$p" || need="$need $p"
done

if [ -z "$need" ]; then
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing:$need — install them with your package manager" >&2
	exit 1
fi
echo "deps: installing:$need"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "deps: need root to install:$need" >&2; exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
echo "deps: done"
