# Sourced by the bench scripts: the peer we compare with, ccusage's native binary.
#
# ccusage's npm package is a small node launcher that spawns a per-platform native binary. We run the
# native binary directly: the launcher only adds node's start-up (~50 ms) and would hide the native
# process's peak RSS behind node's own (GNU time reports the largest RSS of the process tree).
#
# ccusage_binary VERSION DIR: prints the binary's path, installing ccusage@VERSION with npm into
# DIR/node_modules first when it is missing or another version. Exits 2 when it cannot.
ccusage_binary() {
    local version=$1 dir=$2 arch
    case "$(uname -m)" in
        x86_64) arch=x64 ;;
        aarch64 | arm64) arch=arm64 ;;
        *) echo "ccusage has no native package for $(uname -m); set CCUSAGE" >&2; exit 2 ;;
    esac
    local pkg="@ccusage/ccusage-linux-$arch"
    local bin="$dir/node_modules/$pkg/bin/ccusage"
    if [ ! -x "$bin" ] || ! "$bin" --version 2>/dev/null | grep -q "$version"; then
        command -v npm >/dev/null || { echo "npm is required to install ccusage (or set CCUSAGE)" >&2; exit 2; }
        echo "installing ccusage@$version into $dir/node_modules" >&2
        # --no-save: leave no package.json behind. npm may still write a package-lock.json next to
        # node_modules; remove it so the tree stays clean.
        local had_lock=0
        [ -e "$dir/package-lock.json" ] && had_lock=1
        npm install --no-save --no-audit --no-fund --prefix "$dir" "ccusage@$version" "$pkg@$version" >&2
        [ "$had_lock" = 1 ] || rm -f "$dir/package-lock.json"
        # npm does not keep the executable bit of the native binary (the launcher fixes it at run
        # time); we bypass the launcher, so fix it here.
        [ -f "$bin" ] && chmod +x "$bin"
        [ -x "$bin" ] || { echo "npm did not install $bin" >&2; exit 2; }
    fi
    echo "$bin"
}
