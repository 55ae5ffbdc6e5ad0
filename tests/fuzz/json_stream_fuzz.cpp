#include "formats/json_stream.hpp"

namespace {
class Sink : public embx::JsonHandler {
public:
    bool begin_object() override { return true; }
    bool end_object() override { return true; }
    bool begin_array() override { return true; }
    bool end_array() override { return true; }
    bool key(std::string_view) override { return true; }
    bool string(std::string_view) override { return true; }
    bool number(std::string_view) override { return true; }
    bool literal(std::string_view) override { return true; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Sink sink;
    embx::JsonStreamParser parser(sink, "fuzz.json", embx::JsonStreamParser::Limits{32, 4096});
    const size_t chunk = size ? 1 + data[0] % 17 : 1;
    for (size_t at = 0; at < size; at += chunk) {
        const size_t n = chunk < size - at ? chunk : size - at;
        if (!parser.feed(reinterpret_cast<const char*>(data) + at, n).ok()) return 0;
    }
    (void)parser.finish();
    return 0;
}
