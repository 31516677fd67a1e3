#!/usr/bin/env bash
# Installs the envfence release binary for the runner's OS and architecture,
# verified against the release's checksums, and says where it is
# (ENVFENCE_BIN in $GITHUB_ENV, and the step output "bin"). The Action's
# first step; it compiles nothing, so the Action starts in seconds on Linux,
# macOS and Windows runners.
#
# Inputs (environment):
#   ENVFENCE_VERSION       the release to install ("1.2.3" or "v1.2.3"); empty:
#                          the release the action's own tag names
#                          (ENVFENCE_ACTION_REF from github.action_ref, else
#                          GITHUB_ACTION_REF, e.g. "v1.2.3")
#   ENVFENCE_DOWNLOAD_URL  where releases are (default: this project's GitHub
#                          releases); a mirror or GHES copy works the same
#   ENVFENCE_BUILD         "true": build from the action's source instead
#                          (forks; needs Go on the runner, actions/setup-go)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_ENV, GITHUB_OUTPUT,
#   GITHUB_ACTION_PATH     set by the runner
set -euo pipefail

fail() {
  echo "::error title=envfence install::$*"
  exit 1
}

install_dir="${RUNNER_TEMP:?RUNNER_TEMP is not set: run inside a GitHub Actions job}/envfence-bin"
mkdir -p "$install_dir"
exe=envfence
[[ "${RUNNER_OS:-}" == Windows ]] && exe=envfence.exe

publish() {
  echo "ENVFENCE_BIN=$1" >>"${GITHUB_ENV:?}"
  [[ -z "${GITHUB_OUTPUT:-}" ]] || echo "bin=$1" >>"$GITHUB_OUTPUT"
  echo "envfence: $("$1" version)"
}

if [[ "${ENVFENCE_BUILD:-false}" == true ]]; then
  command -v go >/dev/null || fail "build-from-source needs Go on the runner: add actions/setup-go before this step"
  (cd "${GITHUB_ACTION_PATH:?}" && CGO_ENABLED=0 go build -trimpath -o "$install_dir/$exe" ./cmd/envfence) ||
    fail "building envfence from the action's source failed"
  publish "$install_dir/$exe"
  exit 0
fi

version="${ENVFENCE_VERSION:-}"
if [[ -z "$version" ]]; then
  version="${ENVFENCE_ACTION_REF:-${GITHUB_ACTION_REF:-}}"
  [[ "$version" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] ||
    fail "the action is used at '${version:-an unknown ref}', which names no release: set the input 'version' (e.g. 1.2.3), use the action at a release tag, or set build-from-source: true"
fi
version="${version#v}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] || fail "input version '$version' is not a release version such as 1.2.3"

case "${RUNNER_OS:-}" in
Linux) os=linux ;;
macOS) os=darwin ;;
Windows) os=windows ;;
*) fail "runner OS '${RUNNER_OS:-}' has no envfence release (Linux, macOS and Windows do)" ;;
esac
case "${RUNNER_ARCH:-}" in
X64) arch=amd64 ;;
ARM64) arch=arm64 ;;
*) fail "runner architecture '${RUNNER_ARCH:-}' has no envfence release (X64 and ARM64 do)" ;;
esac

ext=tar.gz
[[ "$os" == windows ]] && ext=zip
archive="envfence_${version}_${os}_${arch}.${ext}"
base="${ENVFENCE_DOWNLOAD_URL:-https://github.com/envfence/envfence/releases/download}/v${version}"
tmp="$(mktemp -d "${RUNNER_TEMP}/envfence-dl.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

fetch() {
  curl --fail --silent --show-error --location --retry 3 --proto '=https,http' -o "$tmp/$1" "$base/$1" ||
    fail "could not download $base/$1"
}
fetch checksums.txt
fetch "$archive"

want="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/checksums.txt")"
[[ -n "$want" ]] || fail "checksums.txt of v${version} lists no $archive"
if command -v sha256sum >/dev/null; then
  got="$(sha256sum "$tmp/$archive" | awk '{ print $1 }')"
else
  got="$(shasum -a 256 "$tmp/$archive" | awk '{ print $1 }')" # macOS
fi
[[ "$got" == "$want" ]] ||
  fail "$archive does not match checksums.txt of v${version} (sha256 $got, want $want): not installed"

if [[ "$ext" == zip ]]; then
  unzip -q -o "$tmp/$archive" "$exe" -d "$install_dir"
else
  tar -xzf "$tmp/$archive" -C "$install_dir" "$exe"
fi
chmod +x "$install_dir/$exe"
publish "$install_dir/$exe"
