# Segmenter data: compile dict/jieba's text files into the mmap'd jieba.ydict at
# build time (rebuilt whenever a source file or the compiler changes), and install it.
add_executable(yl_ydict_compile ${CMAKE_SOURCE_DIR}/tools/ydict-compile.c)
target_link_libraries(yl_ydict_compile PRIVATE yuliao)
yl_add_compile_options(yl_ydict_compile)
set(YL_YDICT ${CMAKE_BINARY_DIR}/dict/jieba/jieba.ydict)
add_custom_command(OUTPUT ${YL_YDICT}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/dict/jieba
  COMMAND yl_ydict_compile ${CMAKE_SOURCE_DIR}/dict/jieba ${YL_YDICT}
  DEPENDS yl_ydict_compile ${CMAKE_SOURCE_DIR}/dict/jieba/dict.txt
          ${CMAKE_SOURCE_DIR}/dict/jieba/hmm.tsv
  COMMENT "Compiling the jieba dictionary into jieba.ydict"
  VERBATIM)
add_custom_target(yl_ydict ALL DEPENDS ${YL_YDICT})
install(FILES ${YL_YDICT} DESTINATION ${CMAKE_INSTALL_DATADIR}/yuliao/jieba)
