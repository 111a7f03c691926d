# Sourced by ./run-tests: installs the third-party programs the tests drive (curl, httpie, wget,
# python3-requests, ...) from Debian's packages when missing and we are root. Nothing here is needed to run Portcullis.
# deb_install PKG...: installs Debian packages (apt-get update once if needed); pg.sh and redis.sh use it too.
can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
deb_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
}
need=()
command -v curl >/dev/null || need+=(curl)
/usr/bin/python3 -c 'import requests' 2>/dev/null || need+=(python3-requests)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
/usr/bin/python3 -c 'import requests_oauthlib' 2>/dev/null || need+=(python3-requests-oauthlib)
/usr/bin/python3 -c 'import jwt, cryptography' 2>/dev/null || need+=(python3-jwt python3-cryptography)
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v openssl >/dev/null || need+=(openssl)
[ -x /usr/bin/http ] || need+=(httpie)
command -v wget >/dev/null || need+=(wget)
if [ ${#need[@]} -gt 0 ]; then
  if can_install; then
    echo "run-tests: installing ${need[*]} from Debian's packages..."
    deb_install "${need[@]}"
  else
    echo "run-tests: missing ${need[*]}; install them (apt-get install ${need[*]})" >&2
    exit 1
  fi
fi
