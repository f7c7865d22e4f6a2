#!/bin/sh
# Install what codecanary's sandbox needs: bubblewrap and the eight toolchains
# (plus PostgreSQL's server binaries and Chromium, for the tests).
# Idempotent: installs only what is missing. Run as root (apt-get, npm -g).
set -eu

need_apt=""
have() { command -v "$1" >/dev/null 2>&1; }

have bwrap   || need_apt="$need_apt bubblewrap"
[ -x /usr/bin/python3 ] || need_apt="$need_apt python3"
have node    || need_apt="$need_apt nodejs"
have npm     || need_apt="$need_apt npm"
have g++     || need_apt="$need_apt g++"
have go      || need_apt="$need_apt golang-go"
have javac   || need_apt="$need_apt openjdk-17-jdk-headless"
have rustc   || need_apt="$need_apt rustc"
have cc      || need_apt="$need_apt gcc"
have ruby    || need_apt="$need_apt ruby"
# The store/CLI tests start a throwaway PostgreSQL cluster from Debian's binaries.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt="$need_apt postgresql"
# The dashboard's browser tests drive Debian's Chromium through Playwright.
[ -x /usr/bin/chromium ] || need_apt="$need_apt chromium fonts-liberation"

if [ -n "$need_apt" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-toolchains: need root to apt-get install:$need_apt" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $need_apt
fi

if ! have tsc; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-toolchains: need root to npm install -g typescript@5" >&2
        exit 1
    fi
    npm install -g typescript@5
fi

# rustup keeps toolchains in the installing user's home (often /root, which the
# unprivileged sandbox user cannot read): expose the active one read-only under
# /opt/codecanary/rust, hard-linked when possible (no extra disk space).
if have rustc && [ "$(id -u)" -eq 0 ]; then
    sysroot="$(rustc --print sysroot)"
    case "$sysroot" in
        /usr|/usr/*) ;;  # a Debian rustc is already readable by everyone
        *)
            target=/opt/codecanary/rust
            if [ ! -x "$target/bin/rustc" ] || [ "$("$target/bin/rustc" --version)" != "$(rustc --version)" ]; then
                mkdir -p /opt/codecanary
                rm -rf "$target.new"
                cp -al "$sysroot" "$target.new" 2>/dev/null || cp -a "$sysroot" "$target.new"
                chmod -R a+rX "$target.new"
                rm -rf "$target"
                mv "$target.new" "$target"
            fi
            ;;
    esac
fi

echo "install-toolchains: bwrap $(bwrap --version 2>/dev/null | head -n1), node $(node --version)," \
     "tsc $(tsc --version), go $(go version | cut -d' ' -f3), $(rustc --version | cut -d' ' -f1-2)," \
     "$(javac -version 2>&1), g++ $(g++ -dumpversion), $(ruby --version | cut -d' ' -f1-2)"
