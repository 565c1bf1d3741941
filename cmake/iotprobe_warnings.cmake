# Warnings and sanitizers as INTERFACE targets, linked by every iotprobe target;
# CMAKE_CXX_FLAGS is never touched.
include_guard(GLOBAL)
add_library(iotprobe_warnings INTERFACE)
add_library(iotprobe::warnings ALIAS iotprobe_warnings)
target_compile_options(iotprobe_warnings INTERFACE -Wall -Wextra -Wpedantic)
target_compile_features(iotprobe_warnings INTERFACE cxx_std_20)

# -fno-sanitize-recover=all: undefined behaviour aborts like an ASan report, so a test that
# meets it fails instead of printing and passing (ASAN_OPTIONS/UBSAN_OPTIONS in build.sh
# make the exit visible as well).
if(IOTPROBE_SANITIZE)
  set(iotprobe_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=all)
  target_compile_options(iotprobe_warnings INTERFACE ${iotprobe_sanitizers} -fno-omit-frame-pointer)
  target_link_options(iotprobe_warnings INTERFACE ${iotprobe_sanitizers})
endif()

# Code whose speed does not matter, while compiling it dominates CI: command-line parsing
# (every CLI11 user expands that header-only library again) and Catch2 test code. -O1 takes
# about 25% less time than -O2; under the sanitizers -O0 takes about half of -O1. Linked by
# the two executables' own sources (main and cli/, mock main and serve) and by every test.
# The libraries, which hold the hot paths, keep the build's level.
add_library(iotprobe_light_optimisation INTERFACE)
add_library(iotprobe::light_optimisation ALIAS iotprobe_light_optimisation)
target_compile_options(iotprobe_light_optimisation INTERFACE
  $<IF:$<BOOL:${IOTPROBE_SANITIZE}>,-O0,-O1>)

# Sources are listed by glob per folder so that several people can add files to one
# folder at once without editing a shared list; CONFIGURE_DEPENDS re-globs on build.
function(iotprobe_sources out dir)
  file(GLOB found CONFIGURE_DEPENDS "${dir}/*.cpp")
  set(${out} ${found} PARENT_SCOPE)
endfunction()
