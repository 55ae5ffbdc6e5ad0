// TableSession, the loader behind the page and the desktop app, fed arbitrary bytes under a
// file name and with a claimed total that may differ from the bytes that come (a server's
// Content-Length, a file that changed), with a memory budget. Whatever happens, a load ends
// (finished or failed with a message), and a failed load leaves the table loaded before it.
#include <cstdlib>
#include <cstring>
#include <string>

#include "app/table_session.hpp"

namespace {
const char kGlove[] = "alpha 0.1 0.2 0.3\nbeta 0.3 0.1 0.2\ngamma 0.2 0.3 0.1\n";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 3) return 0;
    static const char* const kNames[] = {"t.embx", "t.txt", "t.vec", "t.bin", "t.npy", "t.safetensors", "t.gguf",
                                         "t.json", "t.tsv", "t"};
    const std::string name = kNames[data[0] % 10];
    // The claimed total: right, unknown, shorter or longer than what arrives.
    uint64_t body = size - 3, claimed = body;
    switch (data[1] % 4) {
        case 1: claimed = 0; break;
        case 2: claimed = body / 2; break;
        case 3: claimed = body * 2 + 1; break;
        default: break;
    }
    const size_t chunk = 1 + data[2] % 61;

    embx::app::TableSession s;
    s.set_memory_available(uint64_t(64) << 20);
    s.begin("before.txt", sizeof kGlove - 1, 0);
    if (!s.feed(reinterpret_cast<const uint8_t*>(kGlove), sizeof kGlove - 1, 0) || !s.finish(0)) std::abort();
    const auto before = s.active();

    s.begin(name, claimed, 1);
    bool ok = true;
    for (size_t at = 0; ok && at < body; at += chunk)
        ok = s.feed(data + 3 + at, std::min<size_t>(chunk, body - at), 1);
    if (ok) ok = s.finish(2);
    if (s.loading()) std::abort();  // every load ends
    if (!ok) {
        if (s.last_error().empty()) std::abort();
        if (s.active() != before || before->rows() != 3) std::abort();  // the old table stays
    } else if (!s.active() || s.active() == before) {
        std::abort();
    }
    return 0;
}
