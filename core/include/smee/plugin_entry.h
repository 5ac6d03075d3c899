#pragma once

// Include only from a plugin's entry.cc (the MODULE target): it exports the
// descriptor under the alias the loader looks for.

#include <boost/dll/alias.hpp>

#include "smee/build_signature.h"
#include "smee/plugin.h"
#include "smee/plugin_abi.h"

// Declares create/destroy for a plugin class with a default constructor.
#define SMEE_PLUGIN_FACTORY(PluginClass)                                              \
  namespace {                                                                         \
  void* smeeCreatePlugin() { return static_cast<smee::Plugin*>(new PluginClass()); }  \
  void smeeDestroyPlugin(void* plugin) { delete static_cast<smee::Plugin*>(plugin); } \
  }

// Exports `descriptor` (a constexpr smee_plugin_descriptor_v1) as smee_plugin_v1.
#define SMEE_PLUGIN_ENTRY(descriptor)                                               \
  namespace {                                                                       \
  const smee_plugin_descriptor_v1* smeePluginDescriptor() { return &(descriptor); } \
  }                                                                                 \
  BOOST_DLL_ALIAS(smeePluginDescriptor, smee_plugin_v1)

// Everything a plugin's entry.cc needs in one place: create/destroy for
// PluginClass, the constexpr descriptor and its export. `provides_list` and
// `requires_list` are NULL-terminated arrays of const char*.
#define SMEE_DEFINE_PLUGIN(PluginClass, plugin_name, plugin_version, plugin_description, \
                           provides_list, requires_list, plugin_flags)                   \
  SMEE_PLUGIN_FACTORY(PluginClass)                                                       \
  namespace {                                                                            \
  constexpr smee_plugin_descriptor_v1 kSmeePluginDescriptor{                             \
      .abi_version = SMEE_PLUGIN_ABI_VERSION,                                            \
      .struct_size = sizeof(smee_plugin_descriptor_v1),                                  \
      .name = (plugin_name),                                                             \
      .version = (plugin_version),                                                       \
      .build_signature = SMEE_BUILD_SIGNATURE,                                           \
      .description = (plugin_description),                                               \
      .provides = (provides_list),                                                       \
      .requires_ = (requires_list),                                                      \
      .flags = (plugin_flags),                                                           \
      .create = smeeCreatePlugin,                                                        \
      .destroy = smeeDestroyPlugin,                                                      \
      .reserved = {},                                                                    \
  };                                                                                     \
  }                                                                                      \
  SMEE_PLUGIN_ENTRY(kSmeePluginDescriptor)
