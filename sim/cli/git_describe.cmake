# Writes OUT: `git describe` of the source tree SRC as MONSIM_GIT_DESCRIBE, for
# `monsim --version`. Run at every build; OUT changes (and monsim relinks) only when the
# description does.
execute_process(COMMAND git describe --always --dirty WORKING_DIRECTORY ${SRC}
                OUTPUT_VARIABLE describe OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT describe)
  set(describe "not from a git checkout")
endif()
set(text "#define MONSIM_GIT_DESCRIBE \"${describe}\"\n")
set(old "")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT old STREQUAL text)
  file(WRITE ${OUT} "${text}")
endif()
