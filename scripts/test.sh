#!/bin/sh
# The test command (`npm test`): runs vitest. Where D-Bus and gnome-keyring are installed, the run
# happens inside a private D-Bus session with a fresh, unlocked keyring (keyring-session.sh), so
# the keyring tests talk to a real Secret Service whatever keyrings this machine already has;
# without them, those tests skip and say why.
set -e
cd "$(dirname "$0")/.."
exec sh scripts/keyring-session.sh npx vitest run "$@"
