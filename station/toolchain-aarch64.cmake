# Cross-build for 64-bit Raspberry Pi OS (Debian arm64) on a Debian amd64 machine, with
# Debian's multiarch -dev:arm64 packages (station/setup.sh --arm64 installs them) and clang
# (the same compiler and warnings as the native build). Tests run under qemu-user.
#   cmake -S . -B build/arm64 -DCMAKE_TOOLCHAIN_FILE=station/toolchain-aarch64.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(triple aarch64-linux-gnu)

set(CMAKE_C_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET ${triple})
# Cross binutils (ld, ar) come with gcc-aarch64-linux-gnu, which also gives clang the
# arm64 crt files and libgcc.
set(CMAKE_AR /usr/bin/${triple}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB /usr/bin/${triple}-ranlib CACHE FILEPATH "")
set(CMAKE_STRIP /usr/bin/${triple}-strip CACHE FILEPATH "")

# Multiarch: arm64 libraries live in /usr/lib/aarch64-linux-gnu beside the native ones,
# so the "sysroot" is / and pkg-config must look at the arm64 .pc files only.
set(CMAKE_LIBRARY_ARCHITECTURE ${triple})
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${triple}/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# ctest runs the arm64 test programs through user-mode emulation. (No -L: with the
# multiarch layout the arm64 ld.so finds its libraries itself, and -L /usr/aarch64-linux-gnu
# hangs in pthread_create.)
find_program(STATION_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64 REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${STATION_QEMU_AARCH64})
