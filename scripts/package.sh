#!/usr/bin/env bash
# Builds the release tarball that people copy onto a server:
#
#   dist/stackdiff-VERSION-linux-ARCH.tar.gz
#     stackdiff-VERSION-linux-ARCH/
#       bin/stackdiff                                  release build, Swift runtime linked in, stripped
#       share/man/man1/stackdiff.1                     swift-argument-parser's generate-manual plugin
#       share/bash-completion/completions/stackdiff    stackdiff --generate-completion-script bash
#       share/zsh/site-functions/_stackdiff            ... zsh
#       share/fish/vendor_completions.d/stackdiff.fish ... fish
#       share/doc/stackdiff/README.md
#       share/doc/stackdiff/LICENSE
#
# so `tar -C /usr/local --strip-components=1 -xzf stackdiff-….tar.gz` installs everything where
# man, bash-completion, zsh and fish look (and puts no README in /usr/local itself). Also
# writes the tarball's SHA-256 beside it.
#
# VERSION is what the built binary's `--version` prints (the `version:` in
# Sources/stackdiff/StackDiff.swift): asked of the binary being shipped, it cannot drift.
# ARCH is `uname -m` (x86_64, aarch64). The tarball is reproducible for a given binary: names
# sorted, owner 0, modes fixed, times and the man page's date from the last commit.
#
# Progress goes to stderr; the tarball's path is the one line on stdout.
#
# Environment:
#   STACKDIFF_RELEASE_SCRATCH  scratch path of the static release build (default .build-release)
#   STACKDIFF_DEBUG_SCRATCH    scratch path the manual plugin builds the tool in (default .build,
#                              so after `swift build` it only builds the plugin itself)
#   DIST                       output folder (default dist)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

release_scratch=${STACKDIFF_RELEASE_SCRATCH:-$repo/.build-release}
debug_scratch=${STACKDIFF_DEBUG_SCRATCH:-$repo/.build}
dist=${DIST:-$repo/dist}

say() { echo "package: $*" >&2; }

# The release binary, with the Swift standard library, Foundation Essentials and Dispatch linked
# in: it needs only libc, libm, libstdc++, libgcc_s and libz on the server.
say "building the release binary (static Swift stdlib) in $release_scratch"
swift build -c release --static-swift-stdlib --product stackdiff --scratch-path "$release_scratch" >&2
built=$(swift build -c release --static-swift-stdlib --product stackdiff \
  --scratch-path "$release_scratch" --show-bin-path)/stackdiff

version=$("$built" --version)
if [[ ! $version =~ ^[0-9A-Za-z][0-9A-Za-z.+~-]*$ ]]; then
  say "unexpected --version output: '$version'"
  exit 1
fi
arch=$(uname -m)
name=stackdiff-$version-linux-$arch

# One timestamp for every file and the man page: the last commit's (or SOURCE_DATE_EPOCH).
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
day=$(date -u -d "@$epoch" +%Y-%m-%d)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/$name
mkdir -p "$root/bin" "$root/share/man/man1" "$root/share/bash-completion/completions" \
  "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d" "$root/share/doc/stackdiff"

# Stripped: 16 MB instead of 31 MB. The symbol table and DWARF only serve a debugger or a
# symbolicated crash report of stackdiff itself; build from source for those.
strip --strip-all -o "$root/bin/stackdiff" "$built"

# The manual: the plugin builds the package (debug: the help text is the same in every
# configuration, and CI has just built it) and renders each tool's help as mdoc.
say "generating the manual (swift package plugin generate-manual) in $debug_scratch"
swift package --scratch-path "$debug_scratch" plugin generate-manual --configuration debug \
  --date "$day" >&2
manual=$debug_scratch/plugins/GenerateManual/outputs/stackdiff/stackdiff.1
plugin_tool=$(swift build --scratch-path "$debug_scratch" --show-bin-path)/stackdiff
# The plugin documented the debug build; make sure it says what the shipped binary says.
if ! cmp -s <("$plugin_tool" --experimental-dump-help) <("$root/bin/stackdiff" --experimental-dump-help); then
  say "the manual's binary ($plugin_tool) and the shipped one disagree on their help; rebuild"
  exit 1
fi
# The generator leaves an empty line between paragraphs of a discussion; mdoc wants .Pp there
# and otherwise prints "mdoc warning: Empty input line" every time the page is opened.
# The rendered page is the same.
sed 's/^$/.Pp/' "$manual" >"$root/share/man/man1/stackdiff.1"

"$root/bin/stackdiff" --generate-completion-script bash >"$root/share/bash-completion/completions/stackdiff"
"$root/bin/stackdiff" --generate-completion-script zsh >"$root/share/zsh/site-functions/_stackdiff"
"$root/bin/stackdiff" --generate-completion-script fish >"$root/share/fish/vendor_completions.d/stackdiff.fish"

cp README.md "$root/share/doc/stackdiff/"
if [[ -f LICENSE ]]; then
  cp LICENSE "$root/share/doc/stackdiff/"
else
  say "warning: the repository has no LICENSE file, so the tarball ships without one"
fi

chmod -R u=rwX,go=rX "$root"
chmod 0755 "$root/bin/stackdiff"
find "$root" -exec touch -h -d "@$epoch" {} +

mkdir -p "$dist"
tarball=$dist/$name.tar.gz
tar -C "$stage" --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
  -cf - "$name" | gzip -n -9 >"$tarball.tmp"
mv "$tarball.tmp" "$tarball"
(cd "$dist" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")

say "$(du -h "$tarball" | cut -f1) $tarball ($(stat -c %s "$root/bin/stackdiff") bytes stripped binary)"
echo "$tarball"
