#pragma once

/* The C-shaped plugin descriptor. It is the only thing the loader reads from a
 * plugin before deciding to trust it, so it is plain data (constexpr in the
 * plugin, no constructor runs) and is checked with integer and string
 * compares. Append-only: new fields go at the end and struct_size grows. */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SMEE_PLUGIN_ABI_VERSION 1u
/* Name of the Boost.DLL alias every plugin exports. */
#define SMEE_PLUGIN_ENTRY_SYMBOL "smee_plugin_v1"

/* The plugin's entry points and services may be called from several
 * threads at once. Required: the DHCP, TFTP and HTTP threads all call the
 * services they share (a backend's lookups, the script generators), and a
 * core that serialised one plugin's calls would serialise them all. The
 * loader refuses a plugin without it, and any other bit (bit 1 was a
 * "singleton" mark that nothing could enforce: every plugin is loaded once
 * per process). */
#define SMEE_PLUGIN_THREAD_SAFE (1u << 0)
#define SMEE_PLUGIN_KNOWN_FLAGS SMEE_PLUGIN_THREAD_SAFE

typedef struct smee_plugin_descriptor_v1 {
  uint32_t abi_version;        /* == SMEE_PLUGIN_ABI_VERSION */
  uint32_t struct_size;        /* sizeof(smee_plugin_descriptor_v1) when built */
  const char* name;            /* config block name, e.g. "backend-file" */
  const char* version;         /* plugin version, for logs */
  const char* build_signature; /* SMEE_BUILD_SIGNATURE it was compiled with */
  const char* description;     /* one line for --describe */
  /* NULL-terminated "interface/vN:instance" strings this plugin registers. */
  const char* const* provides;
  /* NULL-terminated "interface/vN" or "interface/vN:instance" strings; a
     leading '?' marks an optional one (used when loaded, never required). */
  const char* const* requires_;
  uint32_t flags;         /* SMEE_PLUGIN_* */
  void* (*create)(void);  /* returns a smee::Plugin*, allocated by the plugin */
  void (*destroy)(void*); /* deletes what create() returned, inside the plugin */
  uintptr_t reserved[4];  /* spare slots so the struct can grow compatibly */
} smee_plugin_descriptor_v1;

#ifdef __cplusplus
}
#endif
