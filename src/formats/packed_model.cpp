#include "formats/packed_model.hpp"

#include <cmath>
#include <cstring>
#include <set>

#include <nlohmann/json.hpp>

#include "core/half.hpp"
#include "formats/buffered_sink.hpp"
#include "formats/byte_order.hpp"
#include "formats/embxm_layout.hpp"
#include "formats/transformer_folder.hpp"
#include "formats/transformer_tensor_names.hpp"

namespace embx {

namespace fmt = embxm_format;

namespace {

uint64_t align_up(uint64_t x) { return (x + fmt::kAlign - 1) / fmt::kAlign * fmt::kAlign; }

bool plain_path(const std::string& p) {
    if (p.empty() || p.size() > fmt::kMaxPathBytes || p.front() == '/' || p.back() == '/') return false;
    for (const char c : p)
        if (static_cast<unsigned char>(c) < 0x20 || c == '\\') return false;
    size_t start = 0;
    for (;;) {  // no empty, "." or ".." component
        const size_t end = p.find('/', start);
        const std::string part = p.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (part.empty() || part == "." || part == "..") return false;
        if (end == std::string::npos) return true;
        start = end + 1;
    }
}

}  // namespace

bool is_packed_model_name(std::string_view path) {
    const std::string_view ext = fmt::kExtension;
    return path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext;
}

const char* packed_dtype_name(PackedDtype d) {
    switch (d) {
        case PackedDtype::F32: return "f32";
        case PackedDtype::F16: return "f16";
        case PackedDtype::I8: return "i8";
    }
    return "?";
}

std::vector<FolderFile> PackedIndex::folder_files() const {
    std::vector<FolderFile> out;
    for (const Entry& e : files) out.push_back({e.path, e.size});
    return out;
}

Expected<uint32_t> parse_embxm_header(const std::string& name, const uint8_t* p, size_t n, uint64_t file_size) {
    if (n < sizeof(fmt::Header) || std::memcmp(p, fmt::kMagic, sizeof fmt::kMagic) != 0)
        return Error{name + ": not a packed model (.embxm files start with EMBXMODL; make one with embx convert-model)"};
    const uint32_t version = load_le<uint32_t>(p + offsetof(fmt::Header, version));
    if (version != fmt::kVersion)
        return Error{name + ": .embxm version " + std::to_string(version) + "; this build reads version " +
                     std::to_string(fmt::kVersion)};
    const uint32_t index_bytes = load_le<uint32_t>(p + offsetof(fmt::Header, index_bytes));
    const uint64_t total = load_le<uint64_t>(p + offsetof(fmt::Header, total_bytes));
    if (index_bytes < 2 || index_bytes > fmt::kMaxIndexBytes)
        return Error{name + ": byte 12: index length " + std::to_string(index_bytes) + " (at most " +
                     std::to_string(fmt::kMaxIndexBytes) + ")"};
    if (file_size < total)
        return Error{name + ": cut short: " + std::to_string(file_size) + " of its " + std::to_string(total) +
                     " bytes are there (an unfinished download?)"};
    if (file_size > total)
        return Error{name + ": " + std::to_string(file_size - total) + " bytes more than the " + std::to_string(total) +
                     " its header announces (two files joined?)"};
    if (sizeof(fmt::Header) + uint64_t(index_bytes) > total)
        return Error{name + ": its index (" + std::to_string(index_bytes) + " bytes) runs past the end of the file"};
    return index_bytes;
}

Expected<PackedIndex> parse_embxm_index(const std::string& name, const std::string& json, uint32_t index_bytes,
                                        uint64_t file_size) {
    const std::string where = name + ": index: ";
    const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
    if (!j.is_object() || !j.contains("files") || !j["files"].is_array())
        return Error{where + "not a JSON object with a \"files\" list"};
    PackedIndex index;
    if (j.contains("dtype") && j["dtype"].is_string()) index.dtype = j["dtype"].get<std::string>();
    if (j["files"].size() > fmt::kMaxFiles)
        return Error{where + std::to_string(j["files"].size()) + " files (at most " + std::to_string(fmt::kMaxFiles) + ")"};
    std::set<std::string> seen;
    uint64_t end_of_last = sizeof(fmt::Header) + uint64_t(index_bytes);
    for (const auto& f : j["files"]) {
        const std::string at = where + "file " + std::to_string(index.files.size()) + ": ";
        if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("offset") ||
            !f["offset"].is_number_unsigned() || !f.contains("size") || !f["size"].is_number_unsigned())
            return Error{at + "needs a path, an offset and a size"};
        PackedIndex::Entry e{f["path"].get<std::string>(), f["offset"].get<uint64_t>(), f["size"].get<uint64_t>()};
        if (!plain_path(e.path)) return Error{at + "path '" + e.path + "' is not a plain relative path"};
        if (!seen.insert(e.path).second) return Error{at + e.path + " appears twice"};
        if (e.offset < end_of_last)
            return Error{at + e.path + " starts at byte " + std::to_string(e.offset) + ", before the end of what precedes it (" +
                         std::to_string(end_of_last) + ")"};
        if (e.offset > file_size || e.size > file_size - e.offset)
            return Error{at + e.path + " (bytes " + std::to_string(e.offset) + " + " + std::to_string(e.size) +
                         ") runs past the end of the file (" + std::to_string(file_size) + " bytes)"};
        end_of_last = e.offset + e.size;
        index.files.push_back(std::move(e));
    }
    if (index.files.empty()) return Error{where + "no files"};
    return index;
}

namespace {

struct PackedTensor {
    std::string name, dtype;
    std::vector<uint64_t> shape;
    const Matrix* matrix = nullptr;  // or
    const Vec* vec = nullptr;
    bool scales = false;             // the matrix's row scales (I8)
    uint64_t bytes = 0;
};

// What model.safetensors holds, in order: matrices in `dtype` (I8 only for the big ones, which
// the int8 model holds quantized; their scales just before them), vectors F32.
std::vector<PackedTensor> packed_tensors(const TransformerModel& m, PackedDtype dtype) {
    std::vector<PackedTensor> out;
    for_each_transformer_tensor(m.config, m.weights, [&](const TensorSlot<const Matrix, const Vec>& s) {
        if (s.vec) {
            out.push_back({s.names[0], "F32", s.shape, nullptr, s.vec, false, s.shape[0] * 4});
            return;
        }
        const uint64_t n = s.shape[0] * s.shape[1];
        if (dtype == PackedDtype::I8 && s.matrix->quantized()) {
            out.push_back({s.names[0] + fmt::kRowScaleSuffix, "F32", {s.shape[0]}, s.matrix, nullptr, true, s.shape[0] * 4});
            out.push_back({s.names[0], "I8", s.shape, s.matrix, nullptr, false, n});
        } else if (dtype == PackedDtype::F16) {
            out.push_back({s.names[0], "F16", s.shape, s.matrix, nullptr, false, n * 2});
        } else {
            out.push_back({s.names[0], "F32", s.shape, s.matrix, nullptr, false, n * 4});
        }
    });
    return out;
}

// The safetensors header for `tensors`, padded with spaces so the data starts 8-aligned.
std::string safetensors_header(const std::vector<PackedTensor>& tensors, PackedDtype dtype) {
    nlohmann::ordered_json h;
    h["__metadata__"] = {{"format", "pt"}, {"embx_dtype", packed_dtype_name(dtype)}};
    uint64_t at = 0;
    for (const PackedTensor& t : tensors) {
        h[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {at, at + t.bytes}}};
        at += t.bytes;
    }
    std::string text = h.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    text.append((8 - text.size() % 8) % 8, ' ');
    return text;
}

// One tensor's bytes, in pieces of about 1 MiB.
Status write_tensor(const PackedTensor& t, BufferedSink& out) {
    std::string& buf = out.buffer();
    const auto put = [&](const void* p, size_t n) { buf.append(static_cast<const char*>(p), n); };
    if (t.vec) {
        put(t.vec->data(), t.vec->size() * 4);
        return out.maybe_flush() ? Status::success() : write_failed();
    }
    const Matrix& m = *t.matrix;
    if (t.scales) {
        put(m.scale.data(), m.scale.size() * 4);
        return out.maybe_flush() ? Status::success() : write_failed();
    }
    std::vector<float> row(m.cols);
    std::vector<uint16_t> half(m.cols);
    for (size_t r = 0; r < m.rows; ++r) {
        if (t.dtype == "I8") {
            put(m.i8.data() + r * m.cols, m.cols);
        } else if (t.dtype == "F16") {
            m.row(r, row.data());
            for (size_t c = 0; c < m.cols; ++c) {
                if (std::fabs(row[c]) > 65504.0f)
                    return Error{"tensor " + t.name + " holds " + std::to_string(row[c]) + " at row " + std::to_string(r) +
                                 ", beyond f16's range: pack it with --dtype f32 or i8"};
                half[c] = f32_to_f16(row[c]);
            }
            put(half.data(), m.cols * 2);
        } else {
            m.row(r, row.data());
            put(row.data(), m.cols * 4);
        }
        if (!out.maybe_flush()) return write_failed();
    }
    return Status::success();
}

}  // namespace

Status write_packed_model(const TransformerModel& m, PackedDtype dtype, const ByteSink& sink) {
    if ((dtype == PackedDtype::I8) != m.int8)
        return Error{std::string("to pack as ") + packed_dtype_name(dtype) + " the model must be loaded as " +
                     (dtype == PackedDtype::I8 ? "int8" : "f32")};
    if (m.layout.gguf)
        return Error{m.name + ": a GGUF model runs as it is (embx hidden FILE.gguf, ?model=URL.gguf, a drop on the Context "
                              "tab); convert-model packs Hugging Face folders"};
    if (m.text_files.empty()) return Error{m.name + ": the loader kept none of the folder's files (keep_text_files)"};
    const std::vector<PackedTensor> tensors = packed_tensors(m, dtype);
    const std::string st_header = safetensors_header(tensors, dtype);
    uint64_t st_bytes = 8 + st_header.size();
    for (const PackedTensor& t : tensors) st_bytes += t.bytes;

    // The index holds the offsets, which depend on its own length: settle it (the numbers only
    // grow, so this ends in a step or two), then pad it with spaces to the first file.
    std::string index;
    uint64_t data_start = align_up(sizeof(fmt::Header) + 256), total = 0;
    for (;;) {
        nlohmann::ordered_json files = nlohmann::ordered_json::array();
        uint64_t at = data_start;
        for (const auto& [path, bytes] : m.text_files) {
            files.push_back({{"path", path}, {"offset", at}, {"size", bytes.size()}});
            at = align_up(at + bytes.size());
        }
        files.push_back({{"path", "model.safetensors"}, {"offset", at}, {"size", st_bytes}});
        total = at + st_bytes;
        index = nlohmann::ordered_json{{"format", "embxm"}, {"dtype", packed_dtype_name(dtype)}, {"files", files}}.dump();
        const uint64_t need = align_up(sizeof(fmt::Header) + index.size());
        if (need <= data_start) break;
        data_start = need;
    }
    index.resize(size_t(data_start - sizeof(fmt::Header)), ' ');
    if (index.size() > fmt::kMaxIndexBytes) return Error{"the index is too long"};

    BufferedSink out(sink);
    std::string& buf = out.buffer();
    uint8_t header[sizeof(fmt::Header)] = {};
    std::memcpy(header, fmt::kMagic, sizeof fmt::kMagic);
    store_le<uint32_t>(header + offsetof(fmt::Header, version), fmt::kVersion);
    store_le<uint32_t>(header + offsetof(fmt::Header, index_bytes), uint32_t(index.size()));
    store_le<uint64_t>(header + offsetof(fmt::Header, total_bytes), total);
    buf.append(reinterpret_cast<const char*>(header), sizeof header);
    buf += index;
    for (const auto& [path, bytes] : m.text_files) {
        buf += bytes;
        buf.append(size_t(align_up(bytes.size()) - bytes.size()), '\0');
        if (!out.maybe_flush()) return write_failed();
    }
    uint8_t len[8];
    store_le<uint64_t>(len, st_header.size());
    buf.append(reinterpret_cast<const char*>(len), 8);
    buf += st_header;
    for (const PackedTensor& t : tensors)
        if (Status s = write_tensor(t, out); !s.ok()) return s;
    return out.flush() ? Status::success() : write_failed();
}

}  // namespace embx
