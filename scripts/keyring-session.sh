#!/bin/sh
# Runs a command with a real Secret Service of its own: inside a private D-Bus session, with a
# fresh gnome-keyring unlocked in a throwaway folder, so that it talks to a keyring whatever
# keyrings this machine already has, and leaves none behind. Where D-Bus or gnome-keyring is
# missing, or already inside such a session, the command runs as it is. `npm test` (test.sh)
# and `npm run bench` (the keyring row of the CLI start-up) use it.
set -e
if [ -z "${DEVICE_SIGNIN_TEST_SESSION:-}" ] \
  && command -v dbus-run-session >/dev/null 2>&1 \
  && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  export DEVICE_SIGNIN_TEST_SESSION=1
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  # Not exec: the trap must run to remove the throwaway keyring.
  dbus-run-session -- sh -c '
    eval "$(printf test-keyring-password | XDG_DATA_HOME="$1" gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
    shift
    exec "$@"' sh "$keyring_home" "$@"
  exit $?
fi
exec "$@"
