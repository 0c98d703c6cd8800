# Proves that lwp4j_abi_facts.c's compile-time check works: a copy of lwp4j.h whose LWP4J_FUNCTIONS row for
# lwp_mem_map says int32_t where the prototype says int64_t must not compile, and must fail for that reason.
# CC: the C compiler; HEADER: lwp4j.h; SRC: lwp4j_abi_facts.c; WORK: a scratch directory.
file(READ ${HEADER} h)
set(row "FN(int64_t, lwp_mem_map, (int64_t len,")
string(FIND "${h}" "${row}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "no row '${row}' in ${HEADER}: update this check with the header")
endif()
string(REPLACE "${row}" "FN(int64_t, lwp_mem_map, (int32_t len," drifted "${h}")
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/lwp4j.h "${drifted}")
execute_process(COMMAND ${CC} -std=gnu11 -D_GNU_SOURCE -fsyntax-only -I${WORK} ${SRC}
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "lwp4j_abi_facts.c compiled with a drifted LWP4J_FUNCTIONS row: the static check does nothing")
endif()
if(NOT err MATCHES "lwp_mem_map: the LWP4J_FUNCTIONS row is not the prototype")
  message(FATAL_ERROR "lwp4j_abi_facts.c failed to compile, but not for the drifted row:\n${err}")
endif()
message(STATUS "a drifted LWP4J_FUNCTIONS row does not compile")
