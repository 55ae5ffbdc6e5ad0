// The web shell's scan threads: 2 in the threaded module (embx-mt.js, cross-origin isolated
// pages), else 1 (no workers: scans run on the calling thread).
#pragma once

#include "core/scan_pool.hpp"

namespace embx::platform {

// True in the module linked with -pthread (embx-mt.js), false in embx.js.
bool web_has_threads();
ScanPool& web_scan_pool();
// The Context tab's forward passes: 2 threads in embx-mt.js, else 1.
ScanPool& web_forward_pool();

}  // namespace embx::platform
