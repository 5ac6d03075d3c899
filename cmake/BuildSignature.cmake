# Computes SMEE_BUILD_SIGNATURE: a string that changes whenever a plugin built
# against these headers could disagree with the core about a type's layout.
# It hashes every public header (nginx's and Envoy's idea: a plugin built
# against other headers refuses to load instead of crashing) and names the
# compiler and the libraries whose types cross the plugin boundary.
file(GLOB_RECURSE _smee_public_headers ${CMAKE_CURRENT_SOURCE_DIR}/core/include/smee/*.h)
list(SORT _smee_public_headers)
set(_smee_header_digest "")
foreach(_header IN LISTS _smee_public_headers)
  file(SHA256 ${_header} _one)
  file(RELATIVE_PATH _rel ${CMAKE_CURRENT_SOURCE_DIR}/core/include ${_header})
  string(APPEND _smee_header_digest "${_rel}=${_one};")
endforeach()
string(SHA256 _smee_api_hash "${_smee_header_digest}")
string(SUBSTRING ${_smee_api_hash} 0 16 _smee_api_hash)
set(_smee_cxx "${CMAKE_CXX_COMPILER_ID}-${CMAKE_CXX_COMPILER_VERSION}")
set(SMEE_BUILD_SIGNATURE
    "abi=1;api=${_smee_api_hash};cxx=${_smee_cxx};std=${CMAKE_CXX_STANDARD};boost=${Boost_VERSION};yaml-cpp=${yaml-cpp_VERSION};spdlog=${spdlog_VERSION};fmt=${fmt_VERSION}")
message(STATUS "smeed build signature: ${SMEE_BUILD_SIGNATURE}")
# Re-run CMake when a public header changes so the signature stays honest.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_smee_public_headers})
