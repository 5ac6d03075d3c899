# smee_add_plugin(NAME <config-name> LOGIC <static-lib> ENTRY <entry.cc>)
# Builds libsmee_<name>.so, the loadable MODULE: hidden visibility so plugins
# cannot shadow each other's symbols, -z,defs so an undefined symbol is a
# link error and not a dlopen failure at a user's site, and only the entry.cc
# that holds the descriptor alias (two aliases in one image would merge).
function(smee_add_plugin)
  cmake_parse_arguments(P "" "NAME;LOGIC;ENTRY" "" ${ARGN})
  string(REPLACE "-" "_" _file ${P_NAME})
  set(_target smee_plugin_${_file})
  add_library(${_target} MODULE ${P_ENTRY})
  target_link_libraries(${_target} PRIVATE ${P_LOGIC} smee::core)
  set_target_properties(${_target} PROPERTIES
    OUTPUT_NAME smee_${_file}
    PREFIX lib
    LIBRARY_OUTPUT_DIRECTORY ${SMEE_PLUGIN_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    INSTALL_RPATH "$ORIGIN/../..")  # <libdir>/smee/plugins -> <libdir>, where libsmee_core is
  target_link_options(${_target} PRIVATE -Wl,-z,defs)
  install(TARGETS ${_target} LIBRARY DESTINATION ${SMEE_PLUGIN_INSTALL_DIR})
  set_property(GLOBAL APPEND PROPERTY SMEE_PLUGIN_TARGETS ${_target})
endfunction()

# A plugin's logic is a static library of position-independent code, linked
# into the MODULE and straight into its unit tests.
function(smee_add_plugin_logic target)
  add_library(${target} STATIC ${ARGN})
  target_link_libraries(${target} PUBLIC smee::core)
  # A plugin folder keeps its sources in src/ (README.md, CMakeLists.txt,
  # src/, entry.cc, tests/), so that is where its headers are found.
  if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/src)
  else()
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
endfunction()
