# cmake -DSMEED=<binary> -DOUTPUT=<file> -P GenerateManPage.cmake
# Writes `smeed --man` to OUTPUT, failing the build if smeed fails.
execute_process(COMMAND ${SMEED} --man OUTPUT_FILE ${OUTPUT}.tmp RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(REMOVE ${OUTPUT}.tmp)
  message(FATAL_ERROR "smeed --man failed (${status})")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
