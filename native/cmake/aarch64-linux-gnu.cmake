# Cross build for aarch64 with Debian's gcc-aarch64-linux-gnu. Syscall numbers then come from that toolchain's
# own kernel headers (linux-libc-dev-arm64-cross), never from a hand-typed table.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
find_program(LWP4J_QEMU_AARCH64 qemu-aarch64)
if(LWP4J_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LWP4J_QEMU_AARCH64} -L /usr/aarch64-linux-gnu)
endif()
