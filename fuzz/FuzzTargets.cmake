# The fuzz targets and their sources, shared by the libFuzzer build (fuzz/)
# and the replay tests (tests/fuzz_replay/), which compile the same sources
# with their own main() under any compiler.
set(RTMP_HS_FUZZ_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(RTMP_HS_FUZZ_TARGETS server client differential)
set(RTMP_HS_FUZZ_SOURCES_server
  "${RTMP_HS_FUZZ_DIR}/fuzz_server.cc" "${RTMP_HS_FUZZ_DIR}/single_role.cc")
set(RTMP_HS_FUZZ_SOURCES_client
  "${RTMP_HS_FUZZ_DIR}/fuzz_client.cc" "${RTMP_HS_FUZZ_DIR}/single_role.cc")
set(RTMP_HS_FUZZ_SOURCES_differential
  "${RTMP_HS_FUZZ_DIR}/fuzz_differential.cc")
