# Shared set-up for scripts/run and scripts/test (sourced, not run).
# Installs missing Debian packages when it can, and says what to run when it cannot.

YL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
YL_BUILD_PACKAGES="cmake make gcc libc6-dev binutils pkg-config libutf8proc-dev libxml2-dev libgsl-dev libopencc-dev"

yl_say() { printf 'yuliao: %s\n' "$*" >&2; }

# yl_need_packages PKG...: installs what is missing (as root), or prints the one
# apt-get line to run and exits 1.
yl_need_packages() {
  local missing="" p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    yl_say "missing packages:$missing, and apt-get is not available; install them with your package manager"
    exit 1
  fi
  if [ "$(id -u)" != 0 ]; then
    yl_say "missing packages:$missing"
    yl_say "run:  sudo apt-get install -y$missing"
    exit 1
  fi
  yl_say "installing:$missing"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing; } >&2; then
    yl_say "apt-get failed; run:  apt-get update && apt-get install -y$missing"
    exit 1
  fi
}

# yl_build DIR [CMAKE_ARGS...]: configures (once) and builds into DIR.
# yl_clear_foreign_build DIR: a build folder copied with the checkout (or left by a
# checkout elsewhere) holds a CMake cache for another source path, which CMake refuses
# with a raw error; such a folder is ours to rebuild, so it is cleared, and said so.
yl_clear_foreign_build() {
  local dir=$1 cached
  cached=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$dir/CMakeCache.txt" 2>/dev/null || true)
  [ -n "$cached" ] || return 0
  [ "$(cd "$cached" 2>/dev/null && pwd -P)" = "$(cd "$YL_ROOT" && pwd -P)" ] && return 0
  yl_say "$dir was configured for $cached, not $YL_ROOT: clearing it and building anew"
  rm -rf "$dir"
}

yl_build() {
  local dir=$1
  shift
  yl_clear_foreign_build "$dir"
  mkdir -p "$dir"
  cmake -S "$YL_ROOT" -B "$dir" "$@" >"$dir.configure.log" 2>&1 || {
    cat "$dir.configure.log" >&2
    yl_say "cmake configure failed in $dir"
    exit 1
  }
  cmake --build "$dir" -j "$(nproc 2>/dev/null || echo 2)" >&2 || {
    yl_say "build failed in $dir"
    exit 1
  }
}
