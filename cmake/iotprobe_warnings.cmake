# Warnings and sanitizers as INTERFACE targets, linked by every iotprobe target;
# CMAKE_CXX_FLAGS is never touched.
include_guard(GLOBAL)
add_library(iotprobe_warnings INTERFACE)
add_library(iotprobe::warnings ALIAS iotprobe_warnings)
target_compile_options(iotprobe_warnings INTERFACE -Wall -Wextra -Wpedantic)
target_compile_features(iotprobe_warnings INTERFACE cxx_std_20)

if(IOTPROBE_SANITIZE)
  target_compile_options(iotprobe_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(iotprobe_warnings INTERFACE -fsanitize=address,undefined)
endif()

# Sources are listed by glob per folder so that several people can add files to one
# folder at once without editing a shared list; CONFIGURE_DEPENDS re-globs on build.
function(iotprobe_sources out dir)
  file(GLOB found CONFIGURE_DEPENDS "${dir}/*.cpp")
  set(${out} ${found} PARENT_SCOPE)
endfunction()
