# Shared by the install-*.sh scripts (sourced, not run): apt_install TAG "WHAT" PACKAGE...
# installs Debian packages with apt-get, as root or through sudo; fails with a message naming
# TAG when there is no apt-get or no way to become root.

apt_install() {
    local tag="$1" what="$2"
    shift 2
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$tag: no apt-get here; install $what with your package manager" >&2
        return 1
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo="sudo"
        else
            echo "$tag: run as root (or install sudo) to install packages" >&2
            return 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends "$@"
}
