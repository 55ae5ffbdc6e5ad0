// The web shell's scan threads: 2 in the threaded module (embx-mt.js, cross-origin isolated
// pages), else 1 (no workers: scans run on the calling thread).
#pragma once

#include "core/scan_pool.hpp"

namespace embx::platform {

ScanPool& web_scan_pool();

}  // namespace embx::platform
