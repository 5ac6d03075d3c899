#pragma once

// Types that cross the plugin boundary are exported from libsmee_core.so with
// default visibility. Plugins compile with -fvisibility=hidden, so without
// this their references to core typeinfo and vtables would bind locally.
#define SMEE_API __attribute__((visibility("default")))
