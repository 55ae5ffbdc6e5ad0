#include "formats/transformer_folder.hpp"

#include <nlohmann/json.hpp>

#include "formats/bert_vocab_tokenizer.hpp"
#include "formats/embxm_layout.hpp"
#include "formats/gguf.hpp"
#include "formats/hf_config.hpp"
#include "formats/packed_model.hpp"
#include "formats/tokenizer_json.hpp"

namespace embx {

namespace {

std::string megabytes(uint64_t bytes) { return std::to_string((bytes + (1u << 19)) >> 20) + " MB"; }

// A GGUF header is read in chunks of this size until its tensor infos end (a 150k-token
// vocabulary and its merges take a few MB).
constexpr uint64_t kGgufHeaderChunk = uint64_t(1) << 20;


// 1_Pooling/config.json: which pooling_mode_* is on.
Expected<Pooling> read_pooling(const std::string& file, const std::string& text) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return Error{file + ": not a JSON object"};
    const auto on = [&](const char* key) { return j.contains(key) && j[key].is_boolean() && j[key].get<bool>(); };
    if (on("pooling_mode_mean_tokens")) return Pooling::Mean;
    if (on("pooling_mode_cls_token")) return Pooling::Cls;
    if (on("pooling_mode_max_tokens")) return Pooling::Max;
    if (on("pooling_mode_lasttoken")) return Pooling::LastToken;
    return Error{file + ": no pooling mode we compute is on (we compute mean_tokens, cls_token, max_tokens, lasttoken)"};
}

}  // namespace

std::string TransformerModel::token_text(uint32_t id) const {
    return tokenizer && id < tokenizer->vocab_size() ? tokenizer->token(id) : std::string();
}

uint64_t transformer_weight_bytes(const TransformerConfig& c, bool int8) {
    const uint64_t h = c.hidden, f = c.intermediate, d = c.head_dim;
    // A matrix's bytes: int8 keeps one f32 scale per row.
    const auto m = [&](uint64_t rows, uint64_t cols) { return int8 ? rows * cols + 4 * rows : 4 * rows * cols; };
    uint64_t total = m(c.vocab, h);
    if (c.decoder()) {
        const uint64_t qd = c.heads * d, kvd = c.kv_heads * d;
        uint64_t vecs = 2 * h + (c.qk_norm ? 2 * d : 0);  // the norms
        if (c.qkv_bias) vecs += qd + 2 * kvd;
        if (c.o_bias) vecs += h;
        if (c.mlp_bias) vecs += 2 * f + h;
        const uint64_t layer = m(qd, h) + 2 * m(kvd, h) + m(h, qd) + 2 * m(f, h) + m(h, f) + 4 * vecs;
        return total + c.layers * layer + 4 * h;
    }
    total += 4 * (c.max_positions + c.type_vocab) * h + 8 * h;
    const uint64_t layer = 4 * m(h, h) + m(f, h) + m(h, f) + 4 * (9 * h + f);  // biases and 2 LayerNorms
    return total + c.layers * layer;
}

uint64_t TransformerModel::weight_bytes() const { return transformer_weight_bytes(config, int8); }

Expected<std::vector<uint32_t>> model_text_ids(const TransformerModel& m, const std::string& text, std::string* note) {
    if (!m.tokenizer) return Error{m.name + ": no tokenizer to split text with (run token ids instead)"};
    const Tokenizer& tok = *m.tokenizer;
    std::vector<uint32_t> body = tok.encode_ids(text, false);
    const PostProcessorSpec& around = tok.special_around();
    const size_t extra = around.before.size() + around.after.size();
    const size_t max = m.config.max_positions;
    if (max && body.size() + extra > max) {
        if (note)
            *note = std::to_string(body.size() + extra) + " tokens, more than max_position_embeddings " +
                    std::to_string(max) + ": truncated to " + std::to_string(max);
        body.resize(max > extra ? max - extra : 0);
    }
    std::vector<uint32_t> ids(around.before);
    ids.insert(ids.end(), body.begin(), body.end());
    ids.insert(ids.end(), around.after.begin(), around.after.end());
    if (ids.empty()) return Error{"the text has no tokens"};
    return ids;
}

TransformerFolderLoader::TransformerFolderLoader(std::string name, std::vector<FolderFile> files, bool int8)
    : name_(std::move(name)), model_(std::make_unique<TransformerModel>()) {
    model_->name = name_;
    model_->int8 = int8;
    if (files.size() == 1 && is_packed_model_name(files[0].path)) {  // one .embxm: its index first
        packed_ = files[0];
        stage_ = Stage::PackHeader;
        planned_ = sizeof(embxm_format::Header);
        advance();
        return;
    }
    if (files.size() == 1 && is_gguf_name(files[0].path)) {
        model_->layout.weights = {files[0].path};
        model_->layout.gguf = true;
        start_gguf(files[0]);
        return;
    }
    start(std::move(files));
}

void TransformerFolderLoader::start_gguf(FolderFile file) {
    gguf_ = std::move(file);
    gguf_header_ = std::make_unique<GgufHeaderReader>(name_, gguf_.size, gguf_model_header_options());
    planned_ += gguf_.size;  // at most; known once the header is read
    stage_ = Stage::GgufHeader;
    advance();
}

void TransformerFolderLoader::start(std::vector<FolderFile> files) {
    auto layout = classify_model_folder(std::move(files));
    if (!layout) {
        fail(layout.error());
        return;
    }
    model_->layout = std::move(*layout);
    const ModelFolderLayout& l = model_->layout;
    if (l.gguf) {  // the GGUF's own metadata is its config; a tokenizer.json beside it is read
        if (!l.tokenizer.empty()) planned_ += l.size_of(l.tokenizer);
        start_gguf({l.weights[0], l.size_of(l.weights[0])});
        return;
    }
    if (l.config.empty()) {
        fail("no config.json: a model folder needs it to know the architecture and the shapes");
        return;
    }
    for (const std::string* f : {&l.config, &l.weights_index, &l.tokenizer, &l.vocab_txt, &l.tokenizer_config,
                                 &l.pooling_config})
        if (!f->empty()) planned_ += l.size_of(*f);
    stage_ = Stage::Config;
    advance();
}

std::optional<ByteRequest> TransformerFolderLoader::next() const {
    if (!pending_ || packed_.path.empty() || stage_ == Stage::PackHeader || stage_ == Stage::PackIndex) return pending_;
    // A packed file's bytes are where the index put them in the .embxm (every file the layout
    // names came from the index, and each request stays inside its file's listed size).
    const auto it = packed_offsets_.find(pending_->file);
    if (it == packed_offsets_.end()) return pending_;
    return ByteRequest{packed_.path, it->second + pending_->offset, pending_->length};
}

Status TransformerFolderLoader::fail_plain(const std::string& why) {
    if (error_.ok()) error_ = Error{why};
    stage_ = Stage::Done;
    pending_.reset();
    return error_;
}

Status TransformerFolderLoader::fail(const std::string& why) {
    if (error_.ok()) error_ = Error{name_ + ": " + why};
    stage_ = Stage::Done;
    pending_.reset();
    return error_;
}

void TransformerFolderLoader::advance() {
    pending_.reset();
    const ModelFolderLayout& l = model_->layout;
    // Asks for a text file whole; false (go on) when the layout has none.
    const auto whole = [&](const std::string& file) -> bool {
        if (file.empty()) return false;
        Expected<ByteRequest> r = whole_text_file_request(l, file);
        if (r) pending_ = std::move(*r);
        else fail(r.error());
        return true;
    };
    for (;;) {
        switch (stage_) {
            case Stage::PackHeader:
                pending_ = ByteRequest{packed_.path, 0, sizeof(embxm_format::Header)};
                return;
            case Stage::PackIndex:
                pending_ = ByteRequest{packed_.path, sizeof(embxm_format::Header), packed_index_bytes_};
                return;
            case Stage::GgufHeader: {
                const uint64_t at = gguf_header_->consumed();
                if (at >= gguf_.size) {
                    fail_plain(name_ + ": byte " + std::to_string(at) + ": file is truncated: it ends inside " +
                               gguf_header_->where());
                    return;
                }
                pending_ = ByteRequest{l.prefix + gguf_.path, at, std::min(kGgufHeaderChunk, gguf_.size - at)};
                return;
            }
            case Stage::Config:
                if (whole(l.config)) return;
                stage_ = Stage::Index;
                break;
            case Stage::Index:
                if (whole(l.weights_index)) return;
                stage_ = Stage::Tokenizer;
                break;
            case Stage::Tokenizer:
                if (whole(l.tokenizer)) return;
                stage_ = Stage::Vocab;
                break;
            case Stage::Vocab:
                if (l.tokenizer.empty() && whole(l.vocab_txt)) return;
                stage_ = Stage::TokenizerConfig;
                break;
            case Stage::TokenizerConfig:
                if (!vocab_txt_.empty() && whole(l.tokenizer_config)) return;
                if (!vocab_txt_.empty()) {  // vocab.txt without a tokenizer_config.json
                    if (Status s = parsed(Stage::TokenizerConfig, ""); !s.ok()) return;
                }
                stage_ = Stage::Modules;
                break;
            case Stage::Modules:
                if (whole(l.modules)) return;
                stage_ = Stage::Pooling;
                break;
            case Stage::Pooling:
                if (model_->sentence_transformers() && whole(l.pooling_config)) return;
                stage_ = Stage::Weights;
                break;
            case Stage::Weights:
                if (!weights_ && gguf_plan_) {
                    weights_ = std::make_unique<WeightsLoader>(model_->config, gguf_, std::move(gguf_plan_->tensors),
                                                               gguf_header_->data_start(), model_->int8,
                                                               std::move(gguf_plan_->interleaved_heads));
                    gguf_plan_.reset();
                    gguf_header_.reset();
                } else if (!weights_) {
                    std::vector<FolderFile> files;
                    for (const std::string& f : l.weights) files.push_back({f, l.size_of(f)});
                    weights_ = std::make_unique<WeightsLoader>(model_->config, std::move(files), model_->int8);
                }
                for (;;) {
                    if (weight_reads_.empty())
                        for (const ByteRequest& r : weights_->requests()) weight_reads_.push_back(r);
                    if (!headers_known_ && weights_->tensor_bytes_left() > 0) {
                        headers_known_ = true;  // every header read: the tensors' bytes are known
                        planned_ = read_ + weights_->tensor_bytes_left();
                    }
                    if (weight_reads_.empty()) break;
                    const ByteRequest r = weight_reads_.front();
                    // The GGUF header's last chunk read on into the first tensors: those bytes are
                    // not asked for again (from a server without Range requests, a second pass
                    // would download the file again).
                    const uint64_t ahead_end = ahead_at_ + ahead_.size();
                    from_ahead_ = 0;
                    if (!ahead_.empty() && (r.file != gguf_.path || r.offset < ahead_at_ || r.offset >= ahead_end)) ahead_.clear();
                    if (!ahead_.empty()) {
                        if (r.offset + r.length > ahead_end) {
                            from_ahead_ = ahead_end - r.offset;  // the rest is asked for below
                        } else {
                            weight_reads_.pop_front();
                            const auto* p = reinterpret_cast<const uint8_t*>(ahead_.data()) + (r.offset - ahead_at_);
                            if (Status st = weights_->deliver(r, p, size_t(r.length)); !st.ok()) {
                                fail(st.error());
                                return;
                            }
                            continue;
                        }
                    }
                    pending_ = ByteRequest{l.prefix + r.file, r.offset + from_ahead_, r.length - from_ahead_};
                    return;
                }
                stage_ = Stage::Done;
                break;
            case Stage::Done: return;
        }
    }
}

Status TransformerFolderLoader::parsed(Stage s, std::string text) {
    TransformerModel& m = *model_;
    const ModelFolderLayout& l = m.layout;
    switch (s) {
        case Stage::PackHeader: {
            auto n = parse_embxm_header(name_, reinterpret_cast<const uint8_t*>(text.data()), text.size(), packed_.size);
            if (!n) return fail_plain(n.error());
            packed_index_bytes_ = *n;
            planned_ += *n;
            return Status::success();
        }
        case Stage::PackIndex: {
            auto index = parse_embxm_index(name_, text, packed_index_bytes_, packed_.size);
            if (!index) return fail_plain(index.error());
            for (const auto& e : index->files) packed_offsets_[e.path] = e.offset;
            start(index->folder_files());  // on to Config (or failed)
            return error_;
        }
        case Stage::Config: {
            auto cfg = parse_hf_config(text, l.config);
            if (!cfg) return fail(cfg.error());
            m.config = *cfg;
            return check_memory();
        }
        case Stage::Index:
            if (Status st = read_safetensors_index(m.layout, text); !st.ok()) return fail(st.error());
            return Status::success();
        case Stage::Tokenizer: {
            auto tok = read_tokenizer(l.tokenizer, reinterpret_cast<const uint8_t*>(text.data()), text.size());
            if (tok) m.tokenizer = std::move(*tok);
            else m.notes.push_back("the tokenizer can't be used, only token ids can be run: " + tok.error());
            return Status::success();
        }
        case Stage::Modules: {
            // sentence-transformers' module list: a Normalize module means unit-length sentence
            // embeddings. Its folder is often empty, so a dropped or served folder shows no file
            // of it; the list is what says so.
            const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
            if (!j.is_array()) {
                m.notes.push_back(l.modules + " is not a JSON list of modules: read as mean pooling, no normalisation");
                return Status::success();
            }
            for (const auto& module : j) {
                if (!module.is_object() || !module.contains("type") || !module["type"].is_string()) continue;
                const std::string type = module["type"].get<std::string>();  // "...models.Normalize"
                if (type.size() >= 9 && type.compare(type.size() - 9, 9, "Normalize") == 0) m.layout.normalize = true;
            }
            return Status::success();
        }
        case Stage::Vocab:
            vocab_txt_ = std::move(text);
            if (vocab_txt_.empty()) m.notes.push_back(l.vocab_txt + " is empty: only token ids can be run");
            return Status::success();
        case Stage::TokenizerConfig: {
            auto spec = bert_vocab_tokenizer(vocab_txt_, text);
            vocab_txt_.clear();
            if (!spec) {
                m.notes.push_back(l.vocab_txt + ": " + spec.error() + " (only token ids can be run)");
                return Status::success();
            }
            auto tok = Tokenizer::create(std::move(*spec));
            if (tok) m.tokenizer = std::move(*tok);
            else m.notes.push_back(l.vocab_txt + ": " + tok.error() + " (only token ids can be run)");
            return Status::success();
        }
        case Stage::Pooling: {
            auto p = read_pooling(l.pooling_config, text);
            if (!p) return fail(p.error());
            m.pooling = *p;
            return Status::success();
        }
        case Stage::GgufHeader:
        case Stage::Weights:
        case Stage::Done: break;
    }
    return Status::success();
}

Status TransformerFolderLoader::check_memory() {
    const TransformerModel& m = *model_;
    // Every weight comes from at least one byte of the weight files (Q8_0, the densest format we
    // read, takes 34 bytes for 32 values): a config that describes more values than the files
    // hold does not belong to them, and is refused before anything is allocated for it.
    // (The shards of an index are not known yet when config.json is read: every .safetensors
    // file of the folder counts.)
    uint64_t file_bytes = 0;
    if (gguf_header_) {
        file_bytes = gguf_.size;
    } else {
        for (const FolderFile& f : m.layout.files)
            if (f.path.size() > 12 && f.path.compare(f.path.size() - 12, 12, ".safetensors") == 0) file_bytes += f.size;
    }
    const uint64_t values = transformer_weight_bytes(m.config, false) / 4;
    if (values > file_bytes)
        return fail(std::string("the config describes a ") + architecture_name(m.config.arch) + " model of " +
                    std::to_string(values) + " weights, but the weight files hold " + std::to_string(file_bytes) +
                    " bytes: the config and the weights do not belong together");
    const uint64_t need = transformer_weight_bytes(m.config, m.int8);
    if (memory_limit_ && need > memory_limit_)
        return fail(std::string("this ") + architecture_name(m.config.arch) + " model needs " + megabytes(need) +
                    " of memory as " + (m.int8 ? "int8" : "f32") + " (" +
                    megabytes(transformer_weight_bytes(m.config, !m.int8)) + " as " + (m.int8 ? "f32" : "int8") +
                    "); the page can hold " + megabytes(memory_limit_) + "." + (m.int8 ? "" : " Load it as int8,") +
                    " or run it with the native build (embx hidden)");
    return Status::success();
}

Status TransformerFolderLoader::gguf_header_read() {
    TransformerModel& m = *model_;
    auto plan = plan_gguf_model(*gguf_header_, name_);
    if (!plan) return fail_plain(plan.error());
    m.config = plan->config;
    if (Status s = check_memory(); !s.ok()) return s;
    if (!m.layout.tokenizer.empty()) {
        // tokenizer.json beside the file: read next (Stage::Tokenizer), the GGUF's not used
    } else if (plan->tokenizer) {
        auto tok = Tokenizer::create(std::move(*plan->tokenizer));
        if (tok) m.tokenizer = std::move(*tok);
        else m.notes.push_back("the GGUF's tokenizer can't be used, only token ids can be run: " + tok.error());
    } else {
        m.notes.push_back("only token ids can be run: " + plan->tokenizer_note);
    }
    plan->tokenizer.reset();
    gguf_plan_ = std::make_unique<GgufModelPlan>(std::move(*plan));
    planned_ = read_;  // the tensors' bytes are added once the weights loader knows them
    stage_ = Stage::Tokenizer;
    return Status::success();
}

Status TransformerFolderLoader::deliver(const uint8_t* data, size_t n) {
    if (!error_.ok()) return error_;
    if (!pending_) return fail("bytes arrived that were not asked for");
    const ByteRequest req = *pending_;
    if (n != req.length)
        return fail(req.file + ": " + std::to_string(n) + " bytes arrived at byte " + std::to_string(req.offset) + ", " +
                    std::to_string(req.length) + " were asked for (the file is shorter than its listing says?)");
    read_ += n;
    if (stage_ == Stage::GgufHeader) {
        auto used = gguf_header_->feed(data, n);
        if (!used) return fail_plain(used.error());
        if (gguf_header_->done()) {
            ahead_.assign(reinterpret_cast<const char*>(data) + *used, n - *used);  // the first tensors' bytes, maybe
            ahead_at_ = req.offset + *used;
            if (Status s = gguf_header_read(); !s.ok()) return s;
        }
    } else if (stage_ == Stage::Weights) {
        const ByteRequest r = weight_reads_.front();
        weight_reads_.pop_front();
        if (from_ahead_) {  // its start came with the GGUF header
            std::string whole = ahead_.substr(size_t(r.offset - ahead_at_), size_t(from_ahead_));
            whole.append(reinterpret_cast<const char*>(data), n);
            ahead_.clear();
            from_ahead_ = 0;
            if (Status s = weights_->deliver(r, reinterpret_cast<const uint8_t*>(whole.data()), whole.size()); !s.ok())
                return fail(s.error());
        } else if (Status s = weights_->deliver(r, data, n); !s.ok()) {
            return fail(s.error());
        }
    } else if (stage_ == Stage::PackIndex) {  // start() has moved on to the folder's files
        if (Status s = parsed(stage_, std::string(reinterpret_cast<const char*>(data), n)); !s.ok()) return s;
        return error_;
    } else {
        std::string text(reinterpret_cast<const char*>(data), n);
        if (keep_text_ && stage_ != Stage::PackHeader && stage_ != Stage::Index)
            model_->text_files.emplace_back(req.file.substr(model_->layout.prefix.size()), text);
        if (Status s = parsed(stage_, std::move(text)); !s.ok()) return s;
        stage_ = Stage(int(stage_) + 1);
    }
    advance();
    return error_;
}

Expected<std::shared_ptr<TransformerModel>> TransformerFolderLoader::take() {
    if (!error_.ok()) return Error{error_.error()};
    if (!done() || !weights_) return Error{name_ + ": the model is not loaded yet"};
    auto w = weights_->finish();
    if (!w) return Error{name_ + ": " + w.error()};
    model_->weights = std::move(*w);
    weights_.reset();
    TransformerModel& m = *model_;
    if (m.tokenizer && m.tokenizer->vocab_size() > m.config.vocab)
        m.notes.push_back("the tokenizer has " + std::to_string(m.tokenizer->vocab_size()) +
                          " tokens, the embedding matrix " + std::to_string(m.config.vocab) +
                          " rows: a token past the rows is refused when it appears");
    if (m.sentence_transformers() && m.layout.pooling_config.empty())
        m.notes.push_back("modules.json without 1_Pooling/config.json: mean pooling");
    m.normalize = m.layout.normalize;
    return std::shared_ptr<TransformerModel>(std::move(model_));
}

}  // namespace embx
