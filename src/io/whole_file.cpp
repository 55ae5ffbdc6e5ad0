#include "io/whole_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace embx::io {

namespace {
struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
}  // namespace

Status read_file_chunks(const std::string& path, const ChunkSink& sink, size_t chunk_bytes) {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
    if (!f) return Error{path + ": cannot open: " + std::strerror(errno)};
    std::vector<uint8_t> buf(chunk_bytes > 0 ? chunk_bytes : 1);
    size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0)
        if (Status s = sink(buf.data(), n); !s.ok()) return s;
    if (std::ferror(f.get())) return Error{path + ": read error"};
    return Status::success();
}

Expected<std::string> read_whole_file(const std::string& path, size_t max_bytes) {
    std::string out;
    const Status s = read_file_chunks(
        path,
        [&](const uint8_t* data, size_t n) -> Status {
            if (n > max_bytes - out.size()) {
                const size_t mb = max_bytes >> 20;
                return Error{path + ": larger than " +
                             (mb > 0 ? std::to_string(mb) + " MB" : std::to_string(max_bytes) + " bytes")};
            }
            out.append(reinterpret_cast<const char*>(data), n);
            return Status::success();
        },
        size_t(1) << 16);
    if (!s.ok()) return Error{s.error()};
    return out;
}

}  // namespace embx::io
