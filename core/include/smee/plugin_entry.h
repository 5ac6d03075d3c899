#pragma once

// Include only from a plugin's entry.cc (the MODULE target): it exports the
// descriptor under the alias the loader looks for.

#include <boost/dll/alias.hpp>

#include "smee/build_signature.h"
#include "smee/plugin.h"
#include "smee/plugin_abi.h"

// Declares create/destroy for a plugin class with a default constructor.
#define SMEE_PLUGIN_FACTORY(PluginClass)                                    \
  namespace {                                                              \
  void* smeeCreatePlugin() { return static_cast<smee::Plugin*>(new PluginClass()); } \
  void smeeDestroyPlugin(void* plugin) { delete static_cast<smee::Plugin*>(plugin); } \
  }

// Exports `descriptor` (a constexpr smee_plugin_descriptor_v1) as smee_plugin_v1.
#define SMEE_PLUGIN_ENTRY(descriptor)                                              \
  namespace {                                                                      \
  const smee_plugin_descriptor_v1* smeePluginDescriptor() { return &(descriptor); } \
  }                                                                                \
  BOOST_DLL_ALIAS(smeePluginDescriptor, smee_plugin_v1)
