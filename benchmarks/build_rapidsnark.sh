#!/usr/bin/env bash
# Build rapidsnark's `prover` CLI (iden3/rapidsnark with iden3/ffiasm) for the side-by-side
# prove benchmark (benchmarks/prove_peers.py), out of this repository: nothing is vendored.
#
#   benchmarks/build_rapidsnark.sh SRC_RAPIDSNARK SRC_FFIASM [PREFIX]
#
# SRC_RAPIDSNARK, SRC_FFIASM: a checkout (a folder with a work tree) or a git directory (bare
# clone / mirror; its HEAD is exported) of https://github.com/iden3/rapidsnark and
# https://github.com/iden3/ffiasm. PREFIX (default .cache/rapidsnark, git-ignored) receives
# bin/prover and BUILD-INFO (the commits used). BUILD_DIR (environment, default PREFIX/build)
# is where the sources are copied and compiled.
#
# Needs: cmake, a C++ compiler with OpenMP (g++), nasm, GMP (libgmp-dev) and nlohmann/json
# (nlohmann-json3-dev), all taken from the system; on Debian/Ubuntu as root, the missing ones
# are installed with apt-get. rapidsnark's other submodules are not needed for `prover`:
# depends/pistache (its HTTP proof service) and depends/circom_runtime (witness calculation).
# rapidsnark commits its generated Fr/Fq assembly (build/fr.asm, build/fq.asm), so node is not
# needed either. The ffiasm HEAD used may differ from the commit rapidsnark pins; the C++
# sources the prover compiles from it (c/*.cpp, c/*.hpp) are what matters, and the built prover
# is checked by benchmarks/prove_peers.py, which verifies every proof it makes.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
    echo "usage: $0 SRC_RAPIDSNARK SRC_FFIASM [PREFIX]" >&2
    exit 2
fi
src_rapidsnark=$1 src_ffiasm=$2
prefix=${3:-.cache/rapidsnark}
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
build_dir=${BUILD_DIR:-$prefix/build}

need_debs=()
command -v cmake >/dev/null || need_debs+=(cmake)
command -v nasm >/dev/null || need_debs+=(nasm)
command -v g++ >/dev/null || need_debs+=(g++)
[[ -f /usr/include/gmp.h || -f /usr/include/x86_64-linux-gnu/gmp.h ]] || need_debs+=(libgmp-dev)
[[ -f /usr/include/nlohmann/json.hpp ]] || need_debs+=(nlohmann-json3-dev)
if [[ ${#need_debs[@]} -gt 0 ]]; then
    if command -v apt-get >/dev/null && [[ $(id -u) = 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_debs[@]}" >/dev/null ||
            { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_debs[@]}" >/dev/null; }
    else
        echo "missing build tools: ${need_debs[*]} (install them, then run again)" >&2
        exit 2
    fi
fi

# export_tree SRC DEST: the sources of SRC (work tree or git directory) into DEST; prints the commit.
export_tree() {
    local src=$1 dest=$2
    rm -rf "$dest"
    mkdir -p "$dest"
    if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
        [[ $(git -C "$src" rev-parse --is-inside-work-tree) = true ]]; then
        git -C "$src" archive HEAD | tar -x -C "$dest"
        git -C "$src" rev-parse HEAD
    elif git --git-dir="$src" rev-parse HEAD >/dev/null 2>&1; then
        git --git-dir="$src" archive HEAD | tar -x -C "$dest"
        git --git-dir="$src" rev-parse HEAD
    elif [[ -d $src ]]; then
        cp -a "$src/." "$dest/"
        echo unknown
    else
        echo "not a source folder or git directory: $src" >&2
        exit 2
    fi
}

tree=$build_dir/rapidsnark
rapidsnark_commit=$(export_tree "$src_rapidsnark" "$tree")
rm -rf "$tree/depends/ffiasm"
ffiasm_commit=$(export_tree "$src_ffiasm" "$tree/depends/ffiasm")
[[ -f $tree/build/fr.asm && -f $tree/src/main_prover.cpp ]] ||
    { echo "$src_rapidsnark does not look like iden3/rapidsnark (no build/fr.asm, src/main_prover.cpp)" >&2; exit 2; }
[[ -f $tree/depends/ffiasm/c/alt_bn128.cpp ]] ||
    { echo "$src_ffiasm does not look like iden3/ffiasm (no c/alt_bn128.cpp)" >&2; exit 2; }

# System GMP: rapidsnark looks for depends/gmp/package first and falls back to the system's
# libgmp with a warning. (BUILD_TESTS=OFF breaks its CMake configuration, so the test
# targets stay declared.) Only the `prover` target is built (its `install` rule wants the
# bundled GMP, so the binary is copied instead).
cmake -S "$tree" -B "$tree/build_prover" -DCMAKE_BUILD_TYPE=Release >"$build_dir/cmake.log" 2>&1 ||
    { tail -20 "$build_dir/cmake.log" >&2; exit 1; }
cmake --build "$tree/build_prover" --target prover -j "$(nproc)" >"$build_dir/build.log" 2>&1 ||
    { tail -30 "$build_dir/build.log" >&2; exit 1; }

mkdir -p "$prefix/bin"
install -m 755 "$tree/build_prover/src/prover" "$prefix/bin/prover"
{
    echo "rapidsnark $rapidsnark_commit"
    echo "ffiasm $ffiasm_commit"
    echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -m) with $(g++ --version | head -1)"
} >"$prefix/BUILD-INFO"
echo "$prefix/bin/prover"
