#include "formats/model_weights.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include "core/half.hpp"
#include "formats/embxm_layout.hpp"
#include "formats/transformer_tensor_names.hpp"

namespace embx {

namespace {

std::string shape_text(const std::vector<uint64_t>& s) {
    std::string out = "[";
    for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

// The tensor's bytes as floats into `out` (count values); an error names the tensor at its first
// non-finite value. `first` is the index of p's first element in the tensor (for the message).
// One loop per dtype and the finiteness test without an early exit, so the loops vectorize:
// a 3.5 GB BF16 checkpoint passes through here.
Status to_f32(const std::string& name, const std::string& dtype, const uint8_t* p, size_t count, float* out,
              uint64_t first = 0) {
    if (dtype == "F32") {
        std::memcpy(out, p, count * 4);
    } else if (dtype == "BF16") {
        for (size_t i = 0; i < count; ++i) {
            const uint32_t bits = uint32_t(uint16_t(p[2 * i] | (p[2 * i + 1] << 8))) << 16;
            std::memcpy(out + i, &bits, 4);
        }
    } else if (dtype == "F16") {
        for (size_t i = 0; i < count; ++i) out[i] = f16_to_f32(uint16_t(p[2 * i] | (p[2 * i + 1] << 8)));
    } else if (dtype == "Q8_0") {  // GGUF: blocks of an f16 scale and 32 int8 values
        for (size_t b = 0; b < count / 32; ++b, p += 34) {
            const float d = f16_to_f32(uint16_t(p[0] | (p[1] << 8)));
            for (size_t i = 0; i < 32; ++i) out[32 * b + i] = d * float(int8_t(p[2 + i]));
        }
    } else {
        return Error{"tensor " + name + " is " + dtype + " (we read F32, F16 and BF16)"};
    }
    uint32_t any_inf_or_nan = 0;  // all exponent bits set
    for (size_t i = 0; i < count; ++i) {
        uint32_t bits;
        std::memcpy(&bits, out + i, 4);
        any_inf_or_nan |= uint32_t((bits & 0x7f800000u) == 0x7f800000u);
    }
    if (any_inf_or_nan)
        for (size_t i = 0; i < count; ++i)
            if (!std::isfinite(out[i]))
                return Error{"tensor " + name + " holds a non-finite value (" + std::to_string(out[i]) + ") at element " +
                             std::to_string(first + i)};
    return Status::success();
}

// Bytes of `values` values (whole Q8_0 blocks for Q8_0, which the GGUF header reader checked).
uint64_t value_bytes(const std::string& dtype, uint64_t values) {
    if (dtype == "Q8_0") return values / 32 * 34;
    return values * (dtype == "F32" ? 4 : dtype == "I8" ? 1 : 2);
}

// llama.cpp's row k of a head of `d` rows is Hugging Face's row (k % 2) * d / 2 + k / 2.
uint64_t hf_row(uint64_t gguf_row, uint64_t head_dim) {
    const uint64_t head = gguf_row / head_dim, k = gguf_row % head_dim;
    return head * head_dim + (k % 2) * (head_dim / 2) + k / 2;
}

uint64_t read_u64_le(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
    return v;
}

}  // namespace

WeightsLoader::WeightsLoader(TransformerConfig config, std::vector<FolderFile> files, bool int8)
    : c_(config), int8_(int8) {
    for (FolderFile& f : files) files_.push_back(FileState{std::move(f.path), f.size, 0, false, {}});
    if (files_.empty()) error_ = Error{"no weight files"};
    for (const FileState& f : files_)
        if (f.size < 8) fail(f.name + ": " + std::to_string(f.size) + " bytes, too short for a safetensors file");
    plan();
}

WeightsLoader::WeightsLoader(TransformerConfig config, FolderFile file, SafetensorsHeader tensors, uint64_t data_start,
                             bool int8, std::map<std::string, uint32_t> interleaved_heads)
    : c_(config), int8_(int8), interleaved_(std::move(interleaved_heads)) {
    FileState f{std::move(file.path), file.size, 1, true, std::move(tensors), data_start};
    files_.push_back(std::move(f));
    plan();
    resolve();
}

Status WeightsLoader::fail(std::string message) {
    if (error_.ok()) error_ = Error{std::move(message)};
    return error_;
}

// Every tensor the forward pass needs, with its expected shape and where it goes.
void WeightsLoader::plan() {
    for_each_transformer_tensor(c_, w_, [this](const TensorSlot<Matrix, Vec>& s) {
        Wanted w;
        w.names = s.names;
        w.shape = s.shape;
        w.matrix = s.matrix;
        w.vec = s.vec;
        w.quantize = s.big && int8_;
        wanted_.push_back(std::move(w));
    });
}

std::vector<ByteRequest> WeightsLoader::requests() const {
    std::vector<ByteRequest> out;
    if (!error_.ok()) return out;
    for (const FileState& f : files_) {
        if (!f.header_bytes) out.push_back({f.name, 0, 8});
        else if (!f.parsed) out.push_back({f.name, 8, f.header_bytes});
    }
    if (!out.empty() || !resolved_) return out;
    // One request: the next chunk that comes first in the files, so the weights are read from
    // start to end of each file (the page reads a forward stream about twice as fast as
    // scattered slices; a disk too). Tensors not needed (lm_head) are skipped over.
    const auto file_index = [this](const std::string& name) {
        for (size_t i = 0; i < files_.size(); ++i)
            if (files_[i].name == name) return i;
        return files_.size();
    };
    std::optional<std::pair<std::pair<size_t, uint64_t>, ByteRequest>> first;
    for (const Wanted& w : wanted_) {
        if (w.done) continue;
        ByteRequest r;
        if (w.row_scales && w.scales.empty()) {  // an I8 matrix: its scales before its rows
            r = {w.file, w.data_start + w.row_scales->begin, w.row_scales->end - w.row_scales->begin};
        } else if (!w.matrix) {
            r = {w.file, w.data_start + w.tensor->begin, w.tensor->end - w.tensor->begin};
        } else {
            // Matrices in row chunks: the page never holds a whole 466 MB tensor twice.
            const uint64_t rows = w.shape[0], row_bytes = value_bytes(w.tensor->dtype, w.shape[1]);
            const uint64_t count = std::min(rows - w.next_row, std::max<uint64_t>(1, kChunkBytes / row_bytes));
            r = {w.file, w.data_start + w.tensor->begin + w.next_row * row_bytes, count * row_bytes};
        }
        const std::pair<size_t, uint64_t> at{file_index(r.file), r.offset};
        if (!first || at < first->first) first = std::make_pair(at, r);
    }
    if (first) out.push_back(first->second);
    return out;
}

Status WeightsLoader::deliver(const ByteRequest& r, const uint8_t* data, size_t n) {
    if (!error_.ok()) return error_;
    if (n != r.length)
        return fail(r.file + ": " + std::to_string(n) + " bytes at offset " + std::to_string(r.offset) + " where " +
                    std::to_string(r.length) + " were needed (is the file cut short?)");
    for (FileState& f : files_) {
        if (f.name != r.file) continue;
        if (!f.header_bytes && r.offset == 0 && r.length == 8) {
            f.header_bytes = read_u64_le(data);
            if (f.header_bytes == 0 || f.header_bytes > kSafetensorsMaxHeaderBytes)
                return fail(f.name + ": not a safetensors file (header length " + std::to_string(f.header_bytes) + ")");
            if (f.header_bytes > f.size - 8)
                return fail(f.name + ": its header (" + std::to_string(f.header_bytes) + " bytes) runs past the end of the file (" +
                            std::to_string(f.size) + " bytes)");
            return Status::success();
        }
        if (f.header_bytes && !f.parsed && r.offset == 8) {
            // The tensors must lie inside the file: a packed .embxm's next file is not theirs.
            auto hdr = parse_safetensors_header(f.name, data, n, 8, f.size - 8 - f.header_bytes);
            if (!hdr) return fail(hdr.error());
            f.header = std::move(*hdr);
            f.parsed = true;
            f.data_start = 8 + f.header_bytes;
            bool all = true;
            for (const FileState& g : files_) all &= g.parsed;
            return all ? resolve() : Status::success();
        }
    }
    for (Wanted& w : wanted_) {
        if (w.done || !w.tensor || w.file != r.file) continue;
        if (w.row_scales && w.scales.empty()) {
            if (w.data_start + w.row_scales->begin != r.offset) continue;
            w.scales.resize(size_t(w.shape[0]));
            const std::string name = w.found + embxm_format::kRowScaleSuffix;
            if (Status st = to_f32(name, "F32", data, w.scales.size(), w.scales.data()); !st.ok()) return fail(st.error());
            for (size_t i = 0; i < w.scales.size(); ++i)
                if (w.scales[i] < 0) return fail("tensor " + name + " holds a negative scale at row " + std::to_string(i));
            return Status::success();
        }
        if (!w.matrix) {
            if (w.data_start + w.tensor->begin != r.offset) continue;
            std::vector<float> values(size_t(w.shape[0]));
            if (Status st = to_f32(w.found, w.tensor->dtype, data, values.size(), values.data()); !st.ok())
                return fail(st.error());
            if (w.interleaved_heads) {  // a q/k bias: its entries are rows too
                std::vector<float> ordered(values.size());
                const uint64_t d = values.size() / w.interleaved_heads;
                for (uint64_t k = 0; k < values.size(); ++k) ordered[size_t(hf_row(k, d))] = values[size_t(k)];
                values = std::move(ordered);
            }
            *w.vec = std::move(values);
            w.done = true;
            return Status::success();
        }
        const uint64_t cols = w.shape[1], row_bytes = value_bytes(w.tensor->dtype, cols);
        if (w.data_start + w.tensor->begin + w.next_row * row_bytes != r.offset || r.length % row_bytes) continue;
        const uint64_t count = r.length / row_bytes;
        if (w.tensor->dtype == "I8") {  // packed int8 rows: kept as they are, or widened with their scales
            const int8_t* q = reinterpret_cast<const int8_t*>(data);
            const size_t values = size_t(count * cols);
            uint32_t any_min = 0;  // -128 would break the kernels' exact int32 sums
            for (size_t i = 0; i < values; ++i) any_min |= uint32_t(q[i] == -128);
            if (any_min)
                return fail("tensor " + w.found + " holds -128 near row " + std::to_string(w.next_row) +
                            " (packed int8 values are in [-127, 127])");
            const float* scales = w.scales.data() + w.next_row;
            if (w.next_row == 0) w.matrix->allocate(size_t(w.shape[0]), size_t(cols), w.quantize);
            if (w.quantize) {
                w.matrix->set_rows_i8(size_t(w.next_row), size_t(count), q, scales);
            } else {
                if (scratch_.size() < values) scratch_.resize(values);
                for (size_t i = 0; i < values; ++i) scratch_[i] = float(q[i]) * scales[i / cols];
                w.matrix->set_rows(size_t(w.next_row), size_t(count), scratch_.data());
            }
            w.next_row += count;
            w.done = w.next_row == w.shape[0];
            if (w.done) w.scales = {};
            return Status::success();
        }
        // The chunk's floats in a buffer kept between chunks (not zeroed anew for every one).
        if (scratch_.size() < count * cols) scratch_.resize(size_t(count * cols));
        if (Status st = to_f32(w.found, w.tensor->dtype, data, size_t(count * cols), scratch_.data(), w.next_row * cols);
            !st.ok())
            return fail(st.error());
        if (w.next_row == 0) w.matrix->allocate(size_t(w.shape[0]), size_t(cols), w.quantize);
        if (w.interleaved_heads) {
            const uint64_t d = w.shape[0] / w.interleaved_heads;
            for (uint64_t k = 0; k < count; ++k)
                w.matrix->set_rows(size_t(hf_row(w.next_row + k, d)), 1, scratch_.data() + k * cols);
        } else {
            w.matrix->set_rows(size_t(w.next_row), size_t(count), scratch_.data());
        }
        w.next_row += count;
        w.done = w.next_row == w.shape[0];
        return Status::success();
    }
    return fail("unexpected read of " + r.file + " at " + std::to_string(r.offset));
}

// Finds each wanted tensor by one of its names in the headers and checks its shape and dtype.
Status WeightsLoader::resolve() {
    std::map<std::string, std::pair<const FileState*, const SafetensorsTensor*>> index;
    for (const FileState& f : files_)
        for (const SafetensorsTensor& t : f.header.tensors) index.emplace(t.name, std::make_pair(&f, &t));
    for (Wanted& w : wanted_) {
        for (const std::string& n : w.names) {
            const auto it = index.find(n);
            if (it == index.end()) continue;
            w.found = n;
            w.file = it->second.first->name;
            w.tensor = it->second.second;
            w.data_start = it->second.first->data_start;
            break;
        }
        if (!w.tensor) {
            std::string also;
            for (size_t i = 1; i < w.names.size(); ++i) also += (i > 1 ? ", " : "") + w.names[i];
            return fail("missing tensor " + w.names[0] + (also.empty() ? "" : " (also looked for " + also + ")") + " for a " +
                        architecture_name(c_.arch) + " model");
        }
        if (w.tensor->shape != w.shape)
            return fail("tensor " + w.found + " has shape " + shape_text(w.tensor->shape) + " where config.json implies " +
                        shape_text(w.shape));
        const std::string& dt = w.tensor->dtype;
        if (dt == "I8" && w.matrix) {  // packed by embx convert-model: the row scales are beside it
            const std::string scales = w.found + embxm_format::kRowScaleSuffix;
            const auto it = index.find(scales);
            if (it == index.end() || it->second.first->name != w.file)
                return fail("tensor " + w.found + " is I8 without its row scales (" + scales + ")");
            const SafetensorsTensor& t = *it->second.second;
            if (t.dtype != "F32" || t.shape != std::vector<uint64_t>{w.shape[0]})
                return fail("tensor " + scales + " is " + t.dtype + " " + shape_text(t.shape) + " where F32 " +
                            shape_text({w.shape[0]}) + " was expected");
            w.row_scales = &t;
        } else if (dt == "Q8_0" && w.shape.back() % 32) {
            return fail("tensor " + w.found + " is Q8_0 with rows of " + std::to_string(w.shape.back()) + " values (not whole blocks of 32)");
        } else if (dt != "F32" && dt != "F16" && dt != "BF16" && dt != "Q8_0") {
            return fail("tensor " + w.found + " is " + dt + " (we read F32, F16 and BF16" + (w.matrix ? ", and I8 with row scales)" : ")"));
        }
    }
    for (Wanted& w : wanted_) {
        const auto it = interleaved_.find(w.found);
        if (it == interleaved_.end()) continue;
        const uint64_t rows = w.shape[0], heads = it->second;
        if (heads == 0 || rows % heads || (rows / heads) % 2)
            return fail("tensor " + w.found + ": " + std::to_string(rows) + " rows are not " + std::to_string(heads) +
                        " heads of an even size (llama.cpp's q/k row order)");
        w.interleaved_heads = uint32_t(heads);
    }
    for (Wanted& w : wanted_)
        if (w.matrix && (w.shape[0] == 0 || w.shape[1] == 0)) {  // nothing to read (and no division by 0)
            w.matrix->allocate(size_t(w.shape[0]), size_t(w.shape[1]), w.quantize);
            w.done = true;
        }
    resolved_ = true;
    return Status::success();
}

uint64_t WeightsLoader::tensor_bytes_left() const {
    uint64_t left = 0;
    for (const Wanted& w : wanted_) {
        if (w.done || !w.tensor) continue;
        const uint64_t total = w.tensor->end - w.tensor->begin;
        left += w.matrix ? total - value_bytes(w.tensor->dtype, w.next_row * w.shape[1]) : total;
        if (w.row_scales && w.scales.empty()) left += w.row_scales->end - w.row_scales->begin;
    }
    return left;
}

Expected<TransformerWeights> WeightsLoader::finish() {
    if (!error_.ok()) return Error{error_.error()};
    if (!resolved_) return Error{"the weight files' headers were not all read"};
    for (const Wanted& w : wanted_)
        if (!w.done) return Error{"tensor " + w.found + " was not read"};
    return std::move(w_);
}

}  // namespace embx
