// Byte counts for people: decimal units (1 MB = 1,000,000 bytes) everywhere, as file managers
// and download sizes show them, so the same file reads the same in every part of the UI.
#pragma once

#include <cstdint>
#include <string>

namespace embx {

// "512 B", "1.5 kB", "50.4 MB", "1.23 GB".
std::string human_bytes(uint64_t bytes);

}  // namespace embx
