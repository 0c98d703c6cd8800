# The library exports exactly the functions of lwp4j.h's LWP4J_FUNCTIONS table: no more (a function the table
# forgot, so no Java test checks its signature and blocking fact), no fewer (a row with no definition).
# FACTS: the lwp4j_abi_facts command (with the emulator first in a cross build); LIB: liblwp4j.so; NM: nm.

# The names a command's output lists: every match of REGEX, with the part matching STRIP removed.
function(names_from out_var what regex strip)
  execute_process(COMMAND ${ARGN} OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc})")
  endif()
  string(REGEX MATCHALL "${regex}" matches "${text}")
  set(names "")
  foreach(m ${matches})
    string(REGEX REPLACE "${strip}" "" m "${m}")
    list(APPEND names ${m})
  endforeach()
  set(${out_var} ${names} PARENT_SCOPE)
endfunction()

names_from(table "lwp4j_abi_facts" "(^|\n)fn\t[a-z0-9_]+" "^\n?fn\t" ${FACTS})
names_from(exported "nm on ${LIB}" " T lwp_[a-z0-9_]+" "^ T " ${NM} -D --defined-only ${LIB})
list(SORT table)
list(SORT exported)
list(LENGTH table n)
if(n LESS 10)
  message(FATAL_ERROR "the facts table has only ${n} functions: ${table}")
endif()
if(NOT table STREQUAL exported)
  set(missing ${table})
  list(REMOVE_ITEM missing ${exported})
  set(extra ${exported})
  list(REMOVE_ITEM extra ${table})
  message(FATAL_ERROR "liblwp4j.so and lwp4j.h's LWP4J_FUNCTIONS differ: in the table, not exported: ${missing}; "
                      "exported, not in the table: ${extra}")
endif()
message(STATUS "liblwp4j.so exports exactly the ${n} functions of LWP4J_FUNCTIONS")
