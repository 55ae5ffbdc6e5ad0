// An output file written under a temporary name ("<path>.partial"), flushed to the disk and
// renamed over `path` by commit(): a failure (a full disk, a refused model, a crash) never leaves
// a half-written file, and a file that was already at `path` stays whole until the new one is.
// Every error says which file and why; nothing reports "saved" before the bytes are on disk.
// A symbolic link is followed (its target is replaced, the link kept); a path that is not a
// regular file (/dev/stdout, /dev/null, a pipe) is written to directly, never renamed over.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "formats/embx_writer.hpp"

namespace embx::io {

class PendingFile {
public:
    explicit PendingFile(std::string path);
    ~PendingFile();  // removes the temporary file unless committed
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;

    // "<path>: cannot create: REASON" when its temporary file could not be made.
    Status opened() const;
    std::FILE* file() { return f_; }  // for writers that take a FILE* (libpng)
    bool write(const void* data, size_t n);
    ByteSink sink();
    // fflush + fsync + rename + fsync of the folder. Errors: "<path>: cannot write: REASON",
    // "<path>: cannot rename from <tmp>: REASON".
    Status commit();

private:
    std::string path_, target_, tmp_;  // as given; after following a link; where bytes go
    bool direct_ = false;              // not a regular file: written in place
    std::FILE* f_ = nullptr;
    int open_errno_ = 0;
    int write_errno_ = 0;  // the first failed write's reason
    bool committed_ = false;
};

// The whole of `bytes` at `path`, by way of a PendingFile.
Status write_file_safely(const std::string& path, std::string_view bytes);

}  // namespace embx::io
