#!/usr/bin/env bash
# Build the .deb with cargo-deb, check its contents and maintainer scripts,
# verify the systemd units, unpack it into a scratch root and run the
# installed binaries. Uses the dev profile so that CI reuses the binaries
# `cargo test --workspace` already built (set M3SHD_DEB_PROFILE=release for
# a release package).
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${M3SHD_DEB_PROFILE:-dev}"

if ! command -v cargo-deb >/dev/null; then
    echo "test-deb: installing cargo-deb"
    cargo install cargo-deb --locked --version 3.8.0 --quiet
fi
for tool in dpkg-deb; do
    command -v "$tool" >/dev/null || { echo "test-deb: $tool is missing" >&2; exit 1; }
done

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

start=$(date +%s)
deb="$(cargo deb -p m3shd --locked --profile "$profile" --fast --output "$scratch/" 2>"$scratch/cargo-deb.log" | tail -n 1)" || {
    cat "$scratch/cargo-deb.log" >&2
    exit 1
}
echo "test-deb: built $(basename "$deb") in $(( $(date +%s) - start )) s ($(du -h "$deb" | cut -f1))"

failures=0
fail() { echo "test-deb: FAIL: $*" >&2; failures=$((failures + 1)); }

# Every expected file is in the package.
dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$scratch/contents"
expected=(
    /usr/bin/m3shd
    /usr/bin/m3shd-hubd
    /usr/bin/m3shd-workerd
    /usr/bin/m3shd-bridged
    /usr/share/bash-completion/completions/m3shd
    /usr/share/zsh/vendor-completions/_m3shd
    /usr/share/fish/vendor_completions.d/m3shd.fish
    /usr/lib/systemd/system/m3shd-hubd.service
    /usr/lib/systemd/system/m3shd-workerd@.service
)
for page in man/*.1; do
    expected+=("/usr/share/man/man1/$(basename "$page")")
done
for f in "${expected[@]}"; do
    # cargo-deb may gzip man pages.
    grep -qxF -e "$f" -e "$f.gz" "$scratch/contents" || fail "missing from the package: $f"
done

# Maintainer scripts: the user and the private data dir.
dpkg-deb --ctrl-tarfile "$deb" | tar -x -C "$scratch" ./postinst ./postrm
grep -q 'adduser --system' "$scratch/postinst" || fail "postinst does not create the m3shd user"
grep -q 'install -d -m 0700 -o m3shd' "$scratch/postinst" || fail "postinst does not create /var/lib/m3shd 0700"
grep -q 'purge' "$scratch/postrm" || fail "postrm does not clean up on purge"
for s in postinst postrm; do sh -n "$scratch/$s" || fail "$s is not valid sh"; done
grep -q '^LimitNOFILE=65536$' packaging/systemd/m3shd-hubd.service \
    || fail "the hub unit keeps the default open-file limit (about 960 connections)"

# Unpack into a scratch root and run what was installed.
root="$scratch/root"
dpkg -x "$deb" "$root"
version="$("$root/usr/bin/m3shd" --version)" || fail "m3shd --version failed"
[[ "$version" == "m3shd $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)" ]] \
    || fail "m3shd --version printed '$version'"
"$root/usr/bin/m3shd-hubd" --help | grep -q -- '--data-dir' || fail "m3shd-hubd --help"
"$root/usr/bin/m3shd-workerd" --help | grep -q -- '--hub' || fail "m3shd-workerd --help"
"$root/usr/bin/m3shd-bridged" --help | grep -q -- '--allow' || fail "m3shd-bridged --help"

# The units parse: systemd-analyze verify, with ExecStart pointed at the
# unpacked binaries (it checks they exist). Any output (an unknown key is
# only a warning to systemd) counts as a failure.
verify_unit() {
    local unit="$1" copy="$scratch/units/$2"
    sed "s|/usr/bin/|$root/usr/bin/|g" "$root/usr/lib/systemd/system/$unit" >"$copy"
    if ! systemd-analyze verify --man=no "$copy" >"$scratch/verify.log" 2>&1 \
        || [[ -s "$scratch/verify.log" ]]; then
        sed 's/^/    /' "$scratch/verify.log" >&2
        fail "systemd-analyze verify $unit"
    fi
}
mkdir -p "$scratch/units"
probe="$scratch/units/probe.service"
printf '[Service]\nExecStart=/bin/true\n' >"$probe"
if command -v systemd-analyze >/dev/null && systemd-analyze verify --man=no "$probe" >/dev/null 2>&1; then
    verify_unit m3shd-hubd.service m3shd-hubd.service
    verify_unit m3shd-workerd@.service m3shd-workerd@pi.service
    echo "test-deb: systemd-analyze verify ran on the units"
else
    echo "test-deb: note: skipped systemd-analyze verify (absent, or it cannot run in this container)"
fi

# Install, remove and purge it in a clean Debian root, the way `apt install
# ./m3shd_*.deb` runs on a fresh machine: the maintainer scripts run for real
# (in a chroot of a debootstrap'd minbase system, kept in target/ between runs
# as a pristine copy). M3SHD_DEB_INSTALL=skip skips this part.
install_check() {
    local base="${M3SHD_DEB_BASE:-$PWD/target/debian-base}"
    local suite
    suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
    if [[ ! -x "$base/usr/bin/apt-get" ]]; then
        command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
        echo "test-deb: debootstrap $suite (minbase) into $base, once"
        rm -rf "$base.tmp"
        debootstrap --variant=minbase "$suite" "$base.tmp" http://deb.debian.org/debian \
            >"$scratch/debootstrap.log" 2>&1 || { tail -n 20 "$scratch/debootstrap.log" >&2; return 1; }
        mv "$base.tmp" "$base"
    fi
    local sys="$scratch/sys" pkg
    cp -a "$base" "$sys"
    pkg="/tmp/$(basename "$deb")"
    cp "$deb" "$sys$pkg"
    in_sys() { chroot "$sys" "$@"; }
    in_sys env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" \
        >"$scratch/apt.log" 2>&1 || { tail -n 20 "$scratch/apt.log" >&2; fail "apt install ./$(basename "$deb")"; return; }
    in_sys getent passwd m3shd | grep -q ':/var/lib/m3shd:/usr/sbin/nologin$' \
        || fail "install did not create the m3shd system user"
    if grep -qi 'warning' "$scratch/apt.log"; then
        grep -i 'warning' "$scratch/apt.log" | sed 's/^/    /' >&2
        fail "apt install printed warnings"
    fi
    local mode
    mode="$(in_sys stat -c '%a %U' /var/lib/m3shd)"
    [[ "$mode" == "700 m3shd" ]] || fail "/var/lib/m3shd is $mode, not 700 m3shd"

    # The unit's ExecStart, as its User, on a loopback port: the hub starts,
    # answers and keeps its data in the state dir.
    local log="$scratch/hub.log" pid url=""
    # The environment systemd gives a User= service: the user's home, no more.
    chroot --userspec=m3shd:m3shd "$sys" env -i HOME=/var/lib/m3shd PATH=/usr/bin:/bin \
        M3SHD_MASTER_TOKEN=deb-check-token-0123456789 \
        /usr/bin/m3shd-hubd --listen 127.0.0.1:0 --data-dir /var/lib/m3shd/hub >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do
        url="$(sed -n 's/^listening on //p' "$log" | head -n 1)"
        [[ -n "$url" ]] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [[ -z "$url" ]]; then
        cat "$log" >&2
        fail "the installed m3shd-hubd did not start as the m3shd user"
    else
        "$sys/usr/bin/m3shd" --hub "$url" --token deb-check-token-0123456789 status >/dev/null \
            || fail "the installed hub does not answer"
        [[ "$(in_sys stat -c '%U' /var/lib/m3shd/hub/m3shd.db)" == "m3shd" ]] \
            || fail "the hub's database is not owned by m3shd"
    fi
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true

    in_sys env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q m3shd >>"$scratch/apt.log" 2>&1 \
        || fail "apt remove m3shd"
    [[ ! -e "$sys/usr/bin/m3shd-hubd" ]] || fail "apt remove left the binaries"
    [[ -f "$sys/var/lib/m3shd/hub/m3shd.db" ]] || fail "apt remove deleted the data dir"
    in_sys env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q m3shd >>"$scratch/apt.log" 2>&1 \
        || fail "apt purge m3shd"
    [[ ! -e "$sys/var/lib/m3shd" ]] || fail "apt purge left /var/lib/m3shd"
    ! in_sys getent passwd m3shd >/dev/null || fail "apt purge left the m3shd user"
    echo "test-deb: installed, started, removed (data kept) and purged (data gone) in a clean $suite root"
}
if [[ "${M3SHD_DEB_INSTALL:-}" == "skip" ]]; then
    echo "test-deb: note: M3SHD_DEB_INSTALL=skip: no install into a clean root"
elif [[ $(id -u) -ne 0 ]]; then
    fail "installing into a clean root needs root (chroot); set M3SHD_DEB_INSTALL=skip to skip it"
else
    install_check
fi

if [[ $failures -ne 0 ]]; then
    echo "test-deb: $failures check(s) failed" >&2
    exit 1
fi
echo "test-deb: ok ($(( $(date +%s) - start )) s)"
