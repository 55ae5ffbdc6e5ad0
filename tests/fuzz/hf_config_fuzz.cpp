// config.json of a Hugging Face model folder on arbitrary text: a config comes out, with sizes
// the forward pass can use, or an error that says what is wrong.
#include <cstdlib>
#include <string>

#include "formats/hf_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto c = embx::parse_hf_config(std::string(reinterpret_cast<const char*>(data), size));
    if (!c && c.error().empty()) std::abort();
    return 0;
}
