#!/bin/sh
# The test command (`npm test`): runs vitest. Where D-Bus and gnome-keyring
# are installed, the run happens inside a private D-Bus session with an unlocked keyring, so the
# keyring tests talk to a real Secret Service; without them, those tests skip and say why.
set -e
cd "$(dirname "$0")/.."
if [ -z "${DEVICE_SIGNIN_TEST_SESSION:-}" ] && command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  export DEVICE_SIGNIN_TEST_SESSION=1
  exec dbus-run-session -- sh -c 'eval "$(printf test-keyring-password | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null; exec sh "$0" "$@"' "$0" "$@"
fi
exec npx vitest run "$@"
