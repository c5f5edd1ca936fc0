#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-with-keyring.sh TEST [ARGS...]: runs a test inside a D-Bus session of
# its own, with a throwaway HOME and an unlocked gnome-keyring, so libsecret
# works headless and the user's real keyring is never touched.
set -eu
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home"
export XDG_DATA_HOME="$home/.local/share"
export XDG_RUNTIME_DIR="$home/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# The keyring daemon is not ours to test: it runs without meson's
# MALLOC_PERTURB_ and G_DEBUG=fatal-warnings; the test gets them back.
test_g_debug=${G_DEBUG-}
test_malloc_perturb=${MALLOC_PERTURB_-}
export test_g_debug test_malloc_perturb
unset G_DEBUG MALLOC_PERTURB_
dbus-run-session -- sh -c '
  echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  # It daemonizes: wait until it owns its bus name, or a second one would be
  # D-Bus-activated and the two would fight over the keyring.
  for i in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
    sleep 0.05
  done
  [ -n "$test_g_debug" ] && export G_DEBUG="$test_g_debug"
  [ -n "$test_malloc_perturb" ] && export MALLOC_PERTURB_="$test_malloc_perturb"
  exec "$@"
' run-with-keyring "$@"
