# Fuzz targets: every tests/fuzz/fuzz_NAME.c defines LLVMFuzzerTestOneInput.
# - With -DYL_FUZZ=ON (clang): fuzz_NAME is a libFuzzer binary (ASan+UBSan);
#   scripts/fuzz NAME SECONDS runs it.
# - Otherwise, when testing: fuzzrun_NAME links a plain main() that feeds every file
#   of tests/fuzz/corpus/NAME and tests/fuzz/regress/NAME to the target, so seeds and
#   every crash ever found run as regression tests in the normal and ASan builds.
file(GLOB YL_FUZZ_TARGETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
foreach(src ${YL_FUZZ_TARGETS})
  get_filename_component(target ${src} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" name ${target})
  if(YL_FUZZ)
    add_executable(${target} ${src})
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer)
    target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(${target} PRIVATE yuliao)
    yl_add_compile_options(${target})
  elseif(BUILD_TESTING)
    add_executable(fuzzrun_${name} ${src} ${CMAKE_SOURCE_DIR}/tests/fuzz/standalone.c)
    target_include_directories(fuzzrun_${name} PRIVATE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(fuzzrun_${name} PRIVATE yuliao)
    yl_add_compile_options(fuzzrun_${name})
    add_test(NAME fuzz.${name} COMMAND fuzzrun_${name}
      ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name} ${CMAKE_SOURCE_DIR}/tests/fuzz/regress/${name})
    set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz
      ENVIRONMENT "YULIAO_DICT_DIR=${CMAKE_SOURCE_DIR}/dict;YL_TMP=${CMAKE_BINARY_DIR}/tests/tmp")
  endif()
endforeach()
if(YL_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "YL_FUZZ needs clang: CC=clang cmake -DYL_FUZZ=ON ...")
  endif()
  # Coverage feedback from the library too, not only from the target file.
  target_compile_options(yuliao_objects PRIVATE -fsanitize=fuzzer-no-link)
endif()
