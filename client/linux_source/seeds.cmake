# Finds the seeds (MONSIM_SEEDS: the folder of the two kernel versions the ports were written
# from, ../shared/seeds beside the project by default) and lays the 4.10 one out as a tree in
# the build directory (never in the project: kernel source is never committed): the copy's
# first line (where it came from), each line's number and the no-break spaces of its
# formatting removed, the C itself as it is; the 2.6.34 one too (below). Sets MONSIM_SEED_4_10
# and MONSIM_SEED_2_6_34 (those trees, or empty).
set(MONSIM_SEEDS "" CACHE PATH "the seeds folder (default: ../shared/seeds beside the project, when there is one)")
set(_seeds "${MONSIM_SEEDS}")
if(NOT _seeds AND EXISTS "${PROJECT_SOURCE_DIR}/../shared/seeds")
  get_filename_component(_seeds "${PROJECT_SOURCE_DIR}/../shared/seeds" ABSOLUTE)
endif()
set(MONSIM_SEED_4_10 "")
set(MONSIM_SEED_2_6_34 "")
file(GLOB _seed_4_10 "${_seeds}/002_*.txt")
if(NOT _seeds OR NOT _seed_4_10)
  message(STATUS "seeds: none (give -DMONSIM_SEEDS=DIR): built without the seed logics")
  return()
endif()
list(GET _seed_4_10 0 _seed_4_10)
set(_dest "${CMAKE_BINARY_DIR}/seeds/linux-4.10")
file(MAKE_DIRECTORY "${_dest}/net/ceph")
execute_process(COMMAND sed -e 1d -e "s/\\xc2\\xa0/ /g" -e "s/^[0-9][0-9]* \\{0,1\\}//" "${_seed_4_10}"
                OUTPUT_FILE "${_dest}/mon_client.c.new" RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "seeds: cannot read ${_seed_4_10} (sed exit ${_rc})")
endif()
file(STRINGS "${_dest}/mon_client.c.new" _first LIMIT_COUNT 1)
if(NOT _first MATCHES "^#include <linux/ceph/ceph_debug.h>")
  message(FATAL_ERROR "seeds: ${_seed_4_10} is not the 4.10 seed as ../shared/seeds/README.md describes it "
                      "(its second line is not mon_client.c's first)")
endif()
configure_file("${_dest}/mon_client.c.new" "${_dest}/net/ceph/mon_client.c" COPYONLY)  # rewritten only if changed
file(REMOVE "${_dest}/mon_client.c.new")
set(MONSIM_SEED_4_10 "${_dest}")
message(STATUS "seeds: the 4.10 seed from ${_seed_4_10}")

# The 2.6.34 seed: a header of where it came from (the commit, its message, its size) before
# the C, whose indentation was lost in the copy; the C from its first #include on.
set(MONSIM_SEED_2_6_34 "")
file(GLOB _seed_2_6_34 "${_seeds}/000_*.txt")
if(NOT _seed_2_6_34)
  return()
endif()
list(GET _seed_2_6_34 0 _seed_2_6_34)
set(_dest "${CMAKE_BINARY_DIR}/seeds/linux-2.6.34")
file(MAKE_DIRECTORY "${_dest}/fs/ceph")
execute_process(COMMAND sed -n "/^#include/,$p" "${_seed_2_6_34}"
                OUTPUT_FILE "${_dest}/mon_client.c.new" RESULT_VARIABLE _rc)
file(STRINGS "${_dest}/mon_client.c.new" _first LIMIT_COUNT 1)
if(NOT _rc EQUAL 0 OR NOT _first STREQUAL "#include \"ceph_debug.h\"")
  message(FATAL_ERROR "seeds: ${_seed_2_6_34} is not the 2.6.34 seed as ../shared/seeds/README.md describes it")
endif()
configure_file("${_dest}/mon_client.c.new" "${_dest}/fs/ceph/mon_client.c" COPYONLY)
file(REMOVE "${_dest}/mon_client.c.new")
set(MONSIM_SEED_2_6_34 "${_dest}")
message(STATUS "seeds: the 2.6.34 seed from ${_seed_2_6_34}")
