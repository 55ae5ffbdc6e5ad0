#include "formats/folder_table.hpp"

#include <algorithm>

#include "formats/byte_order.hpp"
#include "formats/embedding_tensor_choice.hpp"
#include "formats/gguf.hpp"
#include "formats/table_tokenizer.hpp"
#include "formats/tokenizer_json.hpp"
#include "formats/tokenizer_vocab.hpp"

namespace embx {

FolderTableLoader::FolderTableLoader(std::string folder_name, std::vector<FolderFile> files, ImportOptions opt)
    : name_(std::move(folder_name)), opt_(std::move(opt)) {
    auto layout = classify_model_folder(std::move(files));
    if (!layout) {
        fail(layout.error());
        return;
    }
    layout_ = std::move(*layout);
    if (layout_.gguf) {  // the file carries its own token strings: nothing else is read
        gguf_size_ = layout_.size_of(layout_.weights[0]);
        gguf_ = make_gguf_importer(layout_.prefix + layout_.weights[0], opt_, gguf_size_);
        notes_.push_back("the weights are a GGUF file: reading " + layout_.weights[0]);
        planned_ = gguf_size_;
        stage_ = Stage::Gguf;
        advance();
        return;
    }
    if (opt_.vocabulary) {  // rows named by the caller: the folder's tokenizer is not read
        layout_.tokenizer.clear();
        layout_.vocab_txt.clear();
    }
    for (const std::string* f : {&layout_.tokenizer, &layout_.vocab_txt, &layout_.weights_index})
        if (!f->empty()) planned_ += layout_.size_of(*f);
    advance();
}

Status FolderTableLoader::fail(const std::string& why) {
    if (error_.ok()) error_ = Error{name_ + ": " + why};
    stage_ = Stage::Done;
    pending_.reset();
    return error_;
}

void FolderTableLoader::advance() {
    pending_.reset();
    const auto whole = [&](const std::string& file) -> bool {
        Expected<ByteRequest> r = whole_text_file_request(layout_, file);
        if (r) pending_ = std::move(*r);
        else fail(r.error());
        return true;
    };
    for (;;) {
        switch (stage_) {
            case Stage::Tokenizer:
                if (!layout_.tokenizer.empty() && whole(layout_.tokenizer)) return;
                stage_ = Stage::Vocab;
                break;
            case Stage::Vocab:
                if (layout_.tokenizer.empty() && !layout_.vocab_txt.empty() && whole(layout_.vocab_txt)) return;
                stage_ = Stage::Index;
                break;
            case Stage::Index:
                if (!layout_.weights_index.empty() && whole(layout_.weights_index)) return;
                stage_ = Stage::HeaderLength;
                break;
            case Stage::HeaderLength:
                if (shard_ < layout_.weights.size()) {
                    pending_ = ByteRequest{layout_.prefix + layout_.weights[shard_], 0, 8};
                    return;
                }
                if (Status s = choose_tensor(); !s.ok()) return;
                stage_ = Stage::Rows;
                break;
            case Stage::Header:
                pending_ = ByteRequest{layout_.prefix + layout_.weights[shard_], 8, header_bytes_};
                return;
            case Stage::Rows:
                if (next_offset_ < end_offset_) {
                    pending_ = ByteRequest{tensor_file_, next_offset_, std::min(kChunkBytes, end_offset_ - next_offset_)};
                    return;
                }
                stage_ = Stage::Done;
                break;
            case Stage::Gguf:
                // Up to the end of the embedding rows (the rest of the file is other tensors).
                if (gguf_at_ < gguf_size_ && !gguf_->complete()) {
                    pending_ = ByteRequest{layout_.prefix + layout_.weights[0], gguf_at_, std::min(kChunkBytes, gguf_size_ - gguf_at_)};
                    return;
                }
                if (Status s = gguf_->finish(); !s.ok()) {
                    fail_plain(s.error());
                    return;
                }
                for (const std::string& n : gguf_->notes()) notes_.push_back(n);
                stage_ = Stage::Done;
                break;
            case Stage::Done: return;
        }
    }
}

Status FolderTableLoader::fail_plain(const std::string& why) {
    if (error_.ok()) error_ = Error{why};
    stage_ = Stage::Done;
    pending_.reset();
    return error_;
}

std::optional<ByteRequest> FolderTableLoader::next() { return pending_; }

Status FolderTableLoader::deliver(const uint8_t* data, size_t n) {
    if (!error_.ok()) return error_;
    if (!pending_) return fail("bytes arrived that were not asked for");
    const ByteRequest req = *pending_;
    if (n != req.length)
        return fail(req.file + ": " + std::to_string(n) + " bytes arrived at byte " + std::to_string(req.offset) + ", " +
                    std::to_string(req.length) + " were asked for (the file is shorter than its listing says?)");
    read_ += n;
    const std::string text(reinterpret_cast<const char*>(data), stage_ == Stage::Rows ? 0 : n);
    switch (stage_) {
        case Stage::Tokenizer: {
            std::vector<std::string> notes;
            auto vocab = read_tokenizer_vocab(req.file, data, n, &notes);
            if (!vocab) return fail(vocab.error());
            opt_.vocabulary = std::make_shared<const std::vector<std::string>>(std::move(*vocab));
            notes_.insert(notes_.end(), notes.begin(), notes.end());
            // Embedded only when we can run it, so the explorer can tokenize for this table.
            auto tok = read_tokenizer(req.file, data, n);
            if (tok) tokenizer_json_ = text;
            else notes_.push_back("the tokenizer is not embedded (rows are still named by it): " + tok.error());
            stage_ = Stage::Vocab;
            break;
        }
        case Stage::Vocab: {
            auto vocab = std::make_shared<std::vector<std::string>>();
            size_t at = 0;
            while (at < text.size()) {
                size_t end = text.find('\n', at);
                if (end == std::string::npos) end = text.size();
                std::string line = text.substr(at, end - at);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                vocab->push_back(std::move(line));
                at = end + 1;
            }
            opt_.vocabulary = std::move(vocab);
            notes_.push_back("rows named by " + req.file + " (" + std::to_string(opt_.vocabulary->size()) + " tokens)");
            stage_ = Stage::Index;
            break;
        }
        case Stage::Index:
            if (Status s = read_safetensors_index(layout_, text); !s.ok()) return fail(s.error());
            stage_ = Stage::HeaderLength;
            break;
        case Stage::HeaderLength: {
            header_bytes_ = load_le<uint64_t>(data);
            const uint64_t size = layout_.size_of(layout_.weights[shard_]);
            if (header_bytes_ < 2 || header_bytes_ > kSafetensorsMaxHeaderBytes || (size && header_bytes_ > size - 8))
                return fail(req.file + ": byte 0: the header length " + std::to_string(header_bytes_) +
                            " is not possible in a " + std::to_string(size) + "-byte safetensors file");
            planned_ += 8 + header_bytes_;
            stage_ = Stage::Header;
            break;
        }
        case Stage::Header: {
            const uint64_t size = layout_.size_of(layout_.weights[shard_]);
            const uint64_t data_start = 8 + header_bytes_;
            auto h = parse_safetensors_header(req.file, data, n, 8, size ? size - data_start : UINT64_MAX);
            if (!h) return fail(h.error());
            shards_.push_back({std::move(*h), data_start});
            ++shard_;
            stage_ = Stage::HeaderLength;
            break;
        }
        case Stage::Gguf: {
            if (Status s = gguf_->feed(data, n); !s.ok()) return fail_plain(s.error());
            gguf_at_ += n;
            if (!table_ && gguf_->table()) table_ = gguf_->table();  // its size was checked by the importer
            break;
        }
        case Stage::Rows: {
            if (Status s = rows_.rows->consume(req.offset, data, n); !s.ok()) return fail(s.error());
            rows_.rows->note_duplicates_once(notes_);
            next_offset_ += n;
            break;
        }
        case Stage::Done: break;
    }
    advance();
    return error_;
}

Status FolderTableLoader::choose_tensor() {
    std::vector<TensorCandidate> candidates;
    std::vector<std::pair<size_t, size_t>> where;  // (shard, tensor) of each candidate
    for (size_t s = 0; s < shards_.size(); ++s)
        for (size_t t = 0; t < shards_[s].header.tensors.size(); ++t) {
            const SafetensorsTensor& x = shards_[s].header.tensors[t];
            candidates.push_back({x.name, x.shape, x.shape.size() == 2 ? x.shape[0] : 0});
            where.emplace_back(s, t);
        }
    auto choice = choose_embedding_tensor(candidates, opt_.tensor_name, true);
    if (!choice) return fail(choice.error());
    const auto [s, t] = where[choice->index];
    Shard& shard = shards_[s];
    const SafetensorsTensor& tensor = shard.header.tensors[t];
    auto started = start_safetensors_table(name_, tensor, shard.data_start, choice->reason,
                                           std::move(shard.header.metadata), opt_, true);
    if (!started) return fail(started.error());
    rows_ = std::move(*started);
    notes_.insert(notes_.end(), rows_.notes.begin(), rows_.notes.end());
    table_ = rows_.table;
    if (!layout_.weights_index.empty())
        notes_.push_back("read " + layout_.weights[s] + " only (one of " + std::to_string(layout_.weights.size()) + " shards)");
    if (!tokenizer_json_.empty()) {
        auto meta = table_->info().metadata;
        meta.emplace_back(std::string(kTokenizerMetadataKey), std::move(tokenizer_json_));
        table_->set_metadata(std::move(meta));
    }
    tensor_file_ = layout_.prefix + layout_.weights[s];
    next_offset_ = shard.data_start + tensor.begin;
    end_offset_ = rows_.rows->end_offset();
    planned_ = read_ + (end_offset_ - next_offset_);
    return Status::success();
}

}  // namespace embx
