#!/usr/bin/env bash
# Render the Homebrew formula from a source tarball of HEAD, check it with
# `ruby -c`, then run its own install, service and test steps in a temporary
# prefix (packaging/homebrew/check/run_formula.rb: `cargo install --locked
# --root PREFIX --path cli` from the unpacked tarball, then `test do`).
# The build uses a quick release profile (no LTO, opt-level 0) so CI stays
# fast; M3SHD_BREW_PROFILE=release builds exactly as a Mac would.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ruby >/dev/null || { echo "test-brew: ruby is missing" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
start=$(date +%s)

packaging/homebrew/render --out "$scratch/dist" 2>&1 | sed 's/^/test-brew: /'
ruby -c "$scratch/dist/m3shd.rb" >/dev/null
grep -q '@[A-Z0-9]*@' "$scratch/dist/m3shd.rb" && { echo "test-brew: FAIL: unrendered placeholder" >&2; exit 1; }

if [[ "${M3SHD_BREW_PROFILE:-quick}" != "release" ]]; then
    export CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_OPT_LEVEL=0 \
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_STRIP=none
fi
# Kept between runs: the formula's build is a cold one otherwise.
export CARGO_TARGET_DIR="${M3SHD_BREW_TARGET:-$PWD/target/brew}"
if ! ruby packaging/homebrew/check/run_formula.rb "$scratch/dist/m3shd.rb" "$scratch/work" \
    >"$scratch/run.log" 2>&1; then
    tail -n 40 "$scratch/run.log" >&2
    echo "test-brew: FAIL: the formula's install or test steps" >&2
    exit 1
fi
grep '^==>' "$scratch/run.log" | sed 's/^/test-brew: /'
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
for f in bin/m3shd bin/m3shd-hubd bin/m3shd-workerd bin/m3shd-bridged share/man/man1/m3shd.1 \
    etc/bash_completion.d/m3shd share/zsh/site-functions/_m3shd libexec/m3shd-workerd-service; do
    [[ -e "$scratch/work/Cellar/m3shd/$version/$f" ]] || { echo "test-brew: FAIL: $f not installed" >&2; exit 1; }
done
echo "test-brew: ok ($(( $(date +%s) - start )) s)"
