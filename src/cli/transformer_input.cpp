#include "cli/transformer_input.hpp"

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"

namespace embx::cli {

Expected<std::vector<uint32_t>> parse_ids(const std::string& list) {
    std::vector<uint32_t> ids;
    size_t start = 0;
    while (start <= list.size()) {
        size_t end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        const std::string item = list.substr(start, end - start);
        if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 9)
            return Error{"--ids: '" + item + "' is not a token id (want 1,2,3)"};
        ids.push_back(uint32_t(std::stoul(item)));
        start = end + 1;
    }
    return ids;
}

Expected<std::vector<uint32_t>> text_ids(const TransformerModel& m, const std::string& text) {
    std::string note;
    auto ids = model_text_ids(m, text, &note);
    if (!note.empty()) report_note(note);
    return ids;
}

std::string json_string(const std::string& s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace embx::cli
