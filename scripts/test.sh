#!/bin/sh
# The test command (`npm test`): runs vitest. Where D-Bus and gnome-keyring are installed, the run
# happens inside a private D-Bus session with a fresh, unlocked keyring in a throwaway folder, so
# the keyring tests talk to a real Secret Service whatever keyrings this machine already has;
# without them, those tests skip and say why.
set -e
cd "$(dirname "$0")/.."
if [ -z "${DEVICE_SIGNIN_TEST_SESSION:-}" ] && command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  export DEVICE_SIGNIN_TEST_SESSION=1
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  # Not exec: the trap must run to remove the throwaway keyring.
  dbus-run-session -- sh -c 'eval "$(printf test-keyring-password | XDG_DATA_HOME="$1" gnome-keyring-daemon --unlock --components=secrets)" >/dev/null; shift; exec sh "$0" "$@"' "$0" "$keyring_home" "$@"
  exit $?
fi
exec npx vitest run "$@"
