#!/usr/bin/env bash
# Smoke-tests a tarball from scripts/package.sh the way a server runs it:
#
#   scripts/smoke-test-package.sh dist/stackdiff-VERSION-linux-ARCH.tar.gz
#
# 1. On this machine with a clean environment (env -i, PATH=/usr/bin:/bin, no LD_LIBRARY_PATH):
#    the binary links only libc, libm, libstdc++, libgcc_s and libz (no Swift runtime library);
#    --version is the version in the tarball's name and in StackDiff.swift; show, diff and stdin
#    give the golden reports of the sample dumps; the man page renders without warnings, also
#    found by `man stackdiff` under share/man; the completion scripts load and name the
#    subcommands; a URL is fetched with the system libcurl (when it and python3 are here).
# 2. In a chroot holding only the binary, the libraries ldd lists (no libcurl, no Swift
#    toolchain, no shell) and /proc: --version, show, diff and stdin work, and a URL input fails
#    with exit status 2 and the one-line message saying how to get libcurl.
#
# The chroot needs root or an unprivileged user namespace (`unshare -r`); without either the
# test fails rather than skip the libcurl check.
set -euo pipefail

if [[ $# -ne 1 || ! -f $1 ]]; then
  echo "usage: $0 dist/stackdiff-VERSION-linux-ARCH.tar.gz" >&2
  exit 64
fi
tarball=$(realpath "$1")
repo=$(cd "$(dirname "$0")/.." && pwd)
samples=$repo/SampleDumps
golden=$repo/Tests/StackDiffCoreTests/Golden

name=$(basename "$tarball" .tar.gz)
version=${name#stackdiff-}
version=${version%-linux-*}
arch=${name##*-linux-}

failures=0
pass() { echo "ok   $*"; }
fail() {
  echo "FAIL $*" >&2
  failures=$((failures + 1))
}
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball"
root=$work/$name
bin=$root/bin/stackdiff
[[ -x $bin ]] || {
  echo "FAIL $name/bin/stackdiff missing from the tarball" >&2
  exit 1
}

# What a server has: the base system's PATH, no toolchain, no library path.
clean() { env -i PATH=/usr/bin:/bin HOME="$work" LANG=C.UTF-8 "$@"; }

echo "== $name, unpacked, clean environment"
check "file name's arch is this machine's ($arch)" test "$arch" = "$(uname -m)"
source_version=$(sed -n 's/^ *version: "\(.*\)",$/\1/p' "$repo/Sources/stackdiff/StackDiff.swift")
check "file name's version is StackDiff.swift's ($source_version)" test "$version" = "$source_version"
if clean sh -c 'command -v swift' >/dev/null; then
  echo "note: a Swift toolchain is on /usr/bin:/bin here; the chroot below runs without one"
fi

echo "-- layout"
check "the tarball holds one folder, $name/, with only bin/ and share/ in it" \
  test "$(tar -tzf "$tarball" | cut -d/ -f1-2 | sort -u | tr '\n' ' ')" = "$name/ $name/bin $name/share "
# The README's install command, into a scratch prefix instead of /usr/local.
prefix=$work/prefix
mkdir -p "$prefix"
tar -C "$prefix" --strip-components=1 -xzf "$tarball"
for file in bin/stackdiff share/man/man1/stackdiff.1 share/bash-completion/completions/stackdiff \
  share/zsh/site-functions/_stackdiff share/fish/vendor_completions.d/stackdiff.fish \
  share/doc/stackdiff/README.md; do
  check "tar -C PREFIX --strip-components=1 -xzf installs PREFIX/$file" test -s "$prefix/$file"
done
if [[ -f $repo/LICENSE ]]; then
  check "share/doc/stackdiff/LICENSE is the repository's" cmp -s "$prefix/share/doc/stackdiff/LICENSE" "$repo/LICENSE"
else
  echo "note: the repository has no LICENSE, so neither has the tarball"
fi

echo "-- ldd $name/bin/stackdiff"
ldd "$bin" | tee "$work/ldd"
allowed='^(linux-vdso\.so\.1|/lib(64)?/ld-linux-[a-z0-9_-]+\.so\.[0-9]+|libc\.so\.6|libm\.so\.6|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libz\.so\.1)$'
unexpected=$(awk '{print $1}' "$work/ldd" | grep -Ev "$allowed" || true)
check "links no Swift runtime (libswift*, libFoundation*, libdispatch, ICU…) or other library" \
  test -z "$unexpected"
[[ -z $unexpected ]] || echo "  unexpected: $unexpected" >&2
check "ldd finds every library" bash -c '! grep -q "not found" "$1"' _ "$work/ldd"
if command -v objdump >/dev/null; then
  echo "note: needs $(objdump -T "$bin" | grep -Eo '(GLIBC|GLIBCXX)_[0-9.]+' | sort -V | awk -F_ '{v[$1] = $0} END {print v["GLIBC"] ", " v["GLIBCXX"]}') or newer (objdump -T)"
fi

check "--version prints $version" test "$(clean "$bin" --version)" = "$version"

# The golden reports name the samples relative to SampleDumps.
in_samples() { (cd "$samples" && clean "$bin" "$@"); }
show=go/logsfollow/leaky-after.txt
before=go/logsfollow/leaky-before.txt
show_golden=$golden/show/$show.txt
diff_golden=$golden/diff/go/logsfollow/leaky-before.txt--leaky-after.txt.txt
check "show $show is its golden report" cmp -s <(in_samples show "$show" 2>&1) "$show_golden"
check "diff $before $show is its golden report" \
  cmp -s <(in_samples diff "$before" "$show" 2>&1) "$diff_golden"
check "stackdiff BEFORE AFTER (no subcommand) is the same diff" \
  cmp -s <(in_samples "$before" "$show" 2>&1) "$diff_golden"
# From stdin the report names the input "-"; the rest is the same.
stdin_report=$(cat "$samples/$show" | clean "$bin" show - 2>&1)
check "cat $show | stackdiff show - is the golden report" \
  test "$stdin_report" = "$(sed '1s/^go\/logsfollow\/leaky-after\.txt /- /' "$show_golden")"
check "gzip -c $show | stackdiff show - reads the gzip" \
  test "$(gzip -c "$samples/$show" | clean "$bin" show - 2>&1)" = "$stdin_report"

echo "-- man page"
manual=$root/share/man/man1/stackdiff.1
clean MANPAGER=cat MANWIDTH=80 man -l "$manual" >"$work/man.txt" 2>"$work/man.err" || true
check "man -l share/man/man1/stackdiff.1 renders" grep -q '^NAME' "$work/man.txt"
check "the man page renders without warnings" test ! -s "$work/man.err"
[[ -s $work/man.err ]] && head -5 "$work/man.err" >&2
for sub in diff show trend check watch; do
  check "the man page documents '$sub'" grep -Eq "^ +$sub +[A-Z]" "$work/man.txt"
done
check "man -M <prefix>/share/man stackdiff finds it where it is installed" \
  bash -c 'env -i PATH=/usr/bin:/bin MANPAGER=cat man -M "$1" stackdiff 2>/dev/null | grep -q "^SYNOPSIS"' _ "$root/share/man"
head -12 "$work/man.txt" | sed 's/^/  | /'

echo "-- completions"
bash_completion=$root/share/bash-completion/completions/stackdiff
zsh_completion=$root/share/zsh/site-functions/_stackdiff
fish_completion=$root/share/fish/vendor_completions.d/stackdiff.fish
for file in "$bash_completion" "$zsh_completion" "$fish_completion"; do
  short=${file#"$root"/}
  check "$short is not empty" test -s "$file"
  for sub in diff show trend check watch; do
    check "$short names '$sub'" grep -qw "$sub" "$file"
  done
done
check "bash loads the bash completion (complete -F … stackdiff)" \
  bash -c 'source "$1" && complete -p stackdiff | grep -q -- "-F"' _ "$bash_completion"
if command -v zsh >/dev/null; then check "zsh -n parses _stackdiff" zsh -n "$zsh_completion"; fi
if command -v fish >/dev/null; then check "fish -n parses stackdiff.fish" fish -n "$fish_completion"; fi

echo "-- URL with the system libcurl"
# Captured first: grep -q leaving early would give ldconfig a SIGPIPE, failing the pipeline.
ldconfig -p >"$work/ldconfig.txt" 2>/dev/null || true
if grep -q 'libcurl\.so\.4 ' "$work/ldconfig.txt" && command -v python3 >/dev/null; then
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$samples" >"$work/http.log" 2>&1 &
  server=$!
  port=
  for _ in $(seq 50); do
    port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
    [[ -n $port ]] && break
    sleep 0.1
  done
  url=http://127.0.0.1:$port/$show
  check "show $url is the golden report (libcurl loaded with dlopen)" \
    test "$(in_samples show "$url" 2>&1)" = "$(sed "1s#^go/logsfollow/leaky-after\.txt #$url #" "$show_golden")"
  kill "$server"
  wait "$server" 2>/dev/null || true
else
  echo "skipped: needs libcurl.so.4 and python3 on this machine"
fi

echo "== $name in a chroot with only the libraries ldd lists: no libcurl, no Swift, no shell"
jail=$work/jail
mkdir -p "$jail/bin" "$jail/proc"
cp "$bin" "$jail/bin/stackdiff"
for library in $(grep -o '/[^ ]*' "$work/ldd"); do
  mkdir -p "$jail$(dirname "$library")"
  cp -L "$library" "$jail$library"
done
mkdir -p "$jail/go/logsfollow"
cp "$samples/$show" "$samples/$before" "$jail/go/logsfollow/"
check "the chroot holds no libcurl" test -z "$(find "$jail" -name 'libcurl*')"
find "$jail" -type f | sed "s#^$jail#  #" | sort

# The Swift runtime finds argv by looking up its stack in /proc/self/maps: without /proc the
# binary sees no arguments at all. Every server and container has /proc, so the chroot gets it.
namespace=(unshare -m)
[[ $(id -u) -eq 0 ]] || namespace=(unshare -r -m)
jailed() {
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "${namespace[@]}" -- \
    sh -c 'mount --bind /proc "$0/proc" && exec chroot "$0" "$@"' "$jail" /bin/stackdiff "$@"
}
if ! jail_version=$(jailed --version 2>"$work/jail.err"); then
  cat "$work/jail.err" >&2
  fail "cannot run in a chroot here (${namespace[*]} + mount + chroot); the libcurl check needs it"
  echo "$failures check(s) failed" >&2
  exit 1
fi
check "--version in the chroot prints $version" test "$jail_version" = "$version"
check "show $show in the chroot is its golden report" cmp -s <(jailed show "$show" 2>&1) "$show_golden"
check "diff in the chroot is its golden report" cmp -s <(jailed diff "$before" "$show" 2>&1) "$diff_golden"
check "show - (stdin) in the chroot is the golden report" \
  test "$(jailed show - <"$samples/$show" 2>&1)" = "$stdin_report"

url=http://127.0.0.1:6060/debug/pprof/goroutine?debug=2
expected="stackdiff: error: $url: fetching URLs needs libcurl (apt-get install libcurl4, or pipe from curl)"
status=0
jailed show "$url" >"$work/url.out" 2>"$work/url.err" || status=$?
echo "  \$ stackdiff show '$url'   (exit $status)"
sed 's/^/  | /' "$work/url.err"
check "a URL without libcurl exits 2" test "$status" -eq 2
check "a URL without libcurl says how to get it, in one line" test "$(cat "$work/url.err")" = "$expected"
check "a URL without libcurl prints no report" test ! -s "$work/url.out"
status=0
jailed diff "$before" "$url" >/dev/null 2>"$work/url2.err" || status=$?
check "diff FILE URL without libcurl exits 2 with the same message" \
  test "$status-$(cat "$work/url2.err")" = "2-$expected"
# A watch does not retry what cannot work on this machine: it ends at the first poll.
status=0
jailed watch "$url" --interval 10ms --count 5 >/dev/null 2>"$work/url3.err" || status=$?
check "watch URL without libcurl ends at poll 1 with exit 2 and the same message" \
  test "$status-$(cat "$work/url3.err")" = "2-stackdiff: error: poll 1: ${expected#stackdiff: error: }"

if [[ $failures -ne 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all checks passed: $name"
