#include "formats/embx_writer.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "formats/byte_order.hpp"
#include "formats/checksum.hpp"
#include "formats/embx_layout.hpp"

namespace embx {

namespace fmt = embx_format;

namespace {

void seal_header(uint8_t* h) {
    store_le<uint32_t>(h + 60, uint32_t(checksum64(h, fmt::kHeaderCheckedBytes)));
}

std::vector<uint8_t> encode_metadata(const TableInfo& info) {
    std::vector<std::pair<std::string, std::string>> meta = info.metadata;
    const bool has_name =
        std::any_of(meta.begin(), meta.end(), [](const auto& kv) { return kv.first == "name"; });
    if (!has_name && !info.name.empty()) meta.insert(meta.begin(), {"name", info.name});
    std::vector<uint8_t> out(4);
    store_le<uint32_t>(out.data(), uint32_t(meta.size()));
    auto put = [&out](const std::string& s) {
        const size_t at = out.size();
        out.resize(at + 4 + s.size());
        store_le<uint32_t>(out.data() + at, uint32_t(s.size()));
        std::memcpy(out.data() + at + 4, s.data(), s.size());
    };
    for (const auto& [k, v] : meta) {
        put(k);
        put(v);
    }
    return out;
}

}  // namespace

Status write_embx(const EmbeddingTable& t, const EmbxWriteOptions& opt, const ByteSink& sink) {
    const uint64_t rows = t.rows();
    if (rows == 0) return Error{"cannot write an empty table"};
    if (opt.block_rows == 0 || opt.block_rows > fmt::kMaxBlockRows)
        return Error{"rows per block must be 1.." + std::to_string(fmt::kMaxBlockRows)};
    const auto meta = encode_metadata(t.info());
    if (meta.size() > fmt::kMaxMetaBytes) return Error{"metadata is too large"};
    const uint32_t blocks = uint32_t((rows + opt.block_rows - 1) / opt.block_rows);
    auto emit = [&](const uint8_t* p, size_t n) -> Status {
        if (!sink(p, n)) return Error{"write failed (disk full or output closed)"};
        return Status::success();
    };

    uint8_t h[64] = {};
    std::memcpy(h, fmt::kFileMagic, 4);
    store_le<uint16_t>(h + 4, fmt::kVersionMajor);
    store_le<uint16_t>(h + 6, fmt::kVersionMinor);
    store_le<uint32_t>(h + 8, 64);
    h[offsetof(fmt::FileHeader, dtype)] = uint8_t(t.dtype());
    store_le<uint64_t>(h + offsetof(fmt::FileHeader, rows), rows);
    store_le<uint32_t>(h + offsetof(fmt::FileHeader, dims), t.dims());
    store_le<uint32_t>(h + offsetof(fmt::FileHeader, row_bytes), uint32_t(t.row_bytes()));
    store_le<uint32_t>(h + offsetof(fmt::FileHeader, block_rows), opt.block_rows);
    store_le<uint32_t>(h + offsetof(fmt::FileHeader, block_count), blocks);
    store_le<uint32_t>(h + offsetof(fmt::FileHeader, meta_bytes), uint32_t(meta.size()));
    store_le<uint64_t>(h + offsetof(fmt::FileHeader, meta_hash), checksum64(meta.data(), meta.size()));
    seal_header(h);
    if (Status s = emit(h, 64); !s.ok()) return s;
    std::vector<uint8_t> padded_meta(align_up(meta.size(), 64), 0);
    std::memcpy(padded_meta.data(), meta.data(), meta.size());
    if (Status s = emit(padded_meta.data(), padded_meta.size()); !s.ok()) return s;

    std::vector<uint8_t> payload;
    for (uint32_t b = 0; b < blocks; ++b) {
        const uint64_t first = uint64_t(b) * opt.block_rows;
        const uint32_t n = uint32_t(std::min<uint64_t>(opt.block_rows, rows - first));
        uint64_t vocab = 0;
        for (uint32_t i = 0; i < n; ++i) vocab += t.word(first + i).size();
        if (vocab > UINT32_MAX) return Error{"block " + std::to_string(b) + ": words too long"};
        const auto l = fmt::payload_layout(n, vocab, t.row_bytes());
        payload.assign(l.total, 0);
        uint32_t end = 0;
        for (uint32_t i = 0; i < n; ++i) {
            const auto w = t.word(first + i);
            std::memcpy(payload.data() + l.words + end, w.data(), w.size());
            end += uint32_t(w.size());
            store_le<uint32_t>(payload.data() + l.word_ends + 4 * i, end);
            store_le<float>(payload.data() + l.scales + 4 * i, t.scale(first + i));
            store_le<float>(payload.data() + l.norms + 4 * i, t.norm(first + i));
        }
        std::memcpy(payload.data() + l.rows, t.row_data(first), size_t(n) * t.row_bytes());

        uint8_t bh[64] = {};
        std::memcpy(bh, fmt::kBlockMagic, 4);
        store_le<uint32_t>(bh + 4, b);
        store_le<uint64_t>(bh + offsetof(fmt::BlockHeader, first_row), first);
        store_le<uint32_t>(bh + offsetof(fmt::BlockHeader, row_count), n);
        store_le<uint32_t>(bh + offsetof(fmt::BlockHeader, vocab_bytes), uint32_t(vocab));
        store_le<uint64_t>(bh + offsetof(fmt::BlockHeader, payload_bytes), l.total);
        store_le<uint64_t>(bh + offsetof(fmt::BlockHeader, payload_hash),
                           checksum64(payload.data(), payload.size()));
        seal_header(bh);
        if (Status s = emit(bh, 64); !s.ok()) return s;
        if (Status s = emit(payload.data(), payload.size()); !s.ok()) return s;
    }
    return Status::success();
}

}  // namespace embx
