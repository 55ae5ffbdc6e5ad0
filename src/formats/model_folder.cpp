#include "formats/model_folder.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "formats/gguf.hpp"

namespace embx {

Expected<std::vector<FolderFile>> parse_folder_file_list(const std::string& json) {
    const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
    if (!j.is_array()) return Error{"the file list is not a JSON array"};
    std::vector<FolderFile> files;
    for (const auto& f : j) {
        if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("size") ||
            !f["size"].is_number_unsigned())
            return Error{"file " + std::to_string(files.size()) + " of the list has no path or size"};
        files.push_back({f["path"].get<std::string>(), f["size"].get<uint64_t>()});
    }
    return files;
}

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string listing(const std::vector<FolderFile>& files) {
    std::string out;
    for (size_t i = 0; i < files.size() && i < 12; ++i) out += (i ? ", " : "") + files[i].path;
    if (files.size() > 12) out += ", ... (" + std::to_string(files.size()) + " files)";
    return out.empty() ? "no files" : out;
}

}  // namespace

uint64_t ModelFolderLayout::size_of(const std::string& path) const {
    for (const FolderFile& f : files)
        if (f.path == path) return f.size;
    return 0;
}

Expected<ModelFolderLayout> classify_model_folder(std::vector<FolderFile> files) {
    ModelFolderLayout l;
    if (files.empty()) return Error{"the folder is empty"};
    // A dropped folder arrives as "name/config.json", ...: cut the shared first directory.
    const size_t slash = files[0].path.find('/');
    if (slash != std::string::npos) {
        const std::string prefix = files[0].path.substr(0, slash + 1);
        if (std::all_of(files.begin(), files.end(), [&](const FolderFile& f) { return f.path.rfind(prefix, 0) == 0; })) {
            l.prefix = prefix;
            for (FolderFile& f : files) f.path.erase(0, prefix.size());
        }
    }
    std::vector<std::string> safetensors, gguf;
    bool pickle = false;
    for (const FolderFile& f : files) {
        const std::string& p = f.path;
        if (p == "config.json") l.config = p;
        else if (p == "tokenizer.json") l.tokenizer = p;
        else if (p == "vocab.txt") l.vocab_txt = p;
        else if (p == "tokenizer_config.json") l.tokenizer_config = p;
        else if (p == "modules.json") l.modules = p;
        else if (p == "1_Pooling/config.json") l.pooling_config = p;
        else if (p.rfind("2_Normalize", 0) == 0) l.normalize = true;
        else if (p == "model.safetensors.index.json") l.weights_index = p;
        else if (ends_with(p, ".safetensors") && p.find('/') == std::string::npos) safetensors.push_back(p);
        else if (is_gguf_name(p) && p.find('/') == std::string::npos) gguf.push_back(p);
        else if (ends_with(p, ".bin") || ends_with(p, ".pt") || ends_with(p, ".pth")) pickle |= p.find('/') == std::string::npos;
    }
    l.files = std::move(files);
    if (!l.weights_index.empty()) return l;  // the shards come from the index
    if (std::find(safetensors.begin(), safetensors.end(), "model.safetensors") != safetensors.end()) {
        l.weights = {"model.safetensors"};
    } else if (safetensors.size() == 1) {
        l.weights = safetensors;
    } else if (safetensors.size() > 1) {
        return Error{"several .safetensors files (" + std::to_string(safetensors.size()) +
                     ") but no model.safetensors.index.json saying which tensor is where"};
    } else if (gguf.size() == 1) {
        l.weights = gguf;
        l.gguf = true;
    } else if (gguf.size() > 1) {
        return Error{"several .gguf files: open one of them"};
    } else {
        return Error{std::string("no weights: expected model.safetensors, model.safetensors.index.json with its shards, "
                                 "or a .gguf file") +
                     (pickle ? " (PyTorch .bin/.pt weights cannot be read safely: save them as safetensors)" : "") +
                     "; found " + listing(l.files)};
    }
    return l;
}

Status read_safetensors_index(ModelFolderLayout& layout, const std::string& index_json,
                              std::vector<std::pair<std::string, std::string>>* weight_map) {
    const std::string where = layout.weights_index.empty() ? "model.safetensors.index.json" : layout.weights_index;
    nlohmann::json j = nlohmann::json::parse(index_json, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error{where + ": not a JSON object"};
    const auto it = j.find("weight_map");
    if (it == j.end() || !it->is_object() || it->empty())
        return Error{where + ": no \"weight_map\" of tensor names to shard files"};
    std::vector<std::string> shards;
    std::set<std::string> seen;
    for (auto e = it->begin(); e != it->end(); ++e) {
        if (!e.value().is_string()) return Error{where + ": weight_map[\"" + e.key() + "\"] is not a file name"};
        const std::string file = e.value().get<std::string>();
        if (file.empty() || file.find('/') != std::string::npos || file.find("..") != std::string::npos)
            return Error{where + ": weight_map[\"" + e.key() + "\"] names '" + file + "', not a file of the folder"};
        if (weight_map) weight_map->emplace_back(e.key(), file);
        if (seen.insert(file).second) shards.push_back(file);
    }
    std::string missing;
    for (const std::string& s : shards)
        if (std::none_of(layout.files.begin(), layout.files.end(), [&](const FolderFile& f) { return f.path == s; }))
            missing += (missing.empty() ? "" : ", ") + s;
    if (!missing.empty())
        return Error{where + " names shard files that are not in the folder: " + missing +
                     " (copy every model-0000N-of-0000M.safetensors beside it)"};
    layout.weights = std::move(shards);
    return Status::success();
}

Expected<ByteRequest> whole_text_file_request(const ModelFolderLayout& layout, const std::string& file) {
    const uint64_t size = layout.size_of(file);
    if (size > kMaxFolderTextFileBytes)
        return Error{file + " is " + std::to_string(size) + " bytes: more than such a file can be (at most " +
                     std::to_string(kMaxFolderTextFileBytes) + ")"};
    return ByteRequest{layout.prefix + file, 0, size};
}

}  // namespace embx
