// Reading files from disk, for the shells and the CLI (the core and formats never touch files:
// they take bytes). One way to read, so every caller reports the same clear errors:
// "PATH: cannot open: REASON", "PATH: read error", "PATH: larger than N MB".
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "core/status.hpp"

namespace embx::io {

// Receives the file piece by piece; an error it returns stops the reading and is passed on.
using ChunkSink = std::function<Status(const uint8_t* data, size_t n)>;

// Streams the file at `path` to `sink` in pieces of at most `chunk_bytes` (streaming parsers
// such as a tokenizer.json reader never hold the whole file).
Status read_file_chunks(const std::string& path, const ChunkSink& sink, size_t chunk_bytes = size_t(1) << 20);

// The whole file, refused past `max_bytes`: the small inputs read this way (evaluation sets,
// batch queries, vocabularies, fonts) have a size that makes sense, and a huge one is a mistake.
Expected<std::string> read_whole_file(const std::string& path, size_t max_bytes = size_t(256) << 20);

}  // namespace embx::io
