#include "cli/table_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>

#include "cli/commands.hpp"
#include "io/pending_file.hpp"
#include "formats/embx_writer.hpp"
#include "formats/projector_tsv_writer.hpp"
#include "formats/word2vec_writer.hpp"

namespace embx::cli {

namespace {

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Rows named "<row N>" (a matrix without words) or words with blanks still get written.
void note_replaced(size_t replaced, const char* what) {
    if (replaced)
        report_note("wrote " + std::to_string(replaced) + " word" + (replaced == 1 ? "" : "s") + " with '_' in place of " +
                    what + " the output format cannot hold");
}

}  // namespace

Expected<OutputFormat> output_format(const std::string& to, const std::string& out_path) {
    if (to == "embx") return OutputFormat::Embx;
    if (to == "word2vec-text") return OutputFormat::Word2VecText;
    if (to == "word2vec-bin") return OutputFormat::Word2VecBinary;
    if (to == "tsv") return OutputFormat::ProjectorTsv;
    if (!to.empty())
        return Error{"unknown output format '" + to + "' (known: embx, word2vec-text, word2vec-bin, tsv)"};
    const std::string name = lower(out_path);
    if (ends_with(name, ".txt") || ends_with(name, ".vec")) return OutputFormat::Word2VecText;
    if (ends_with(name, ".bin")) return OutputFormat::Word2VecBinary;
    if (ends_with(name, ".tsv")) return OutputFormat::ProjectorTsv;
    return OutputFormat::Embx;  // .embx, and any other name as before --to existed
}

std::string projector_metadata_path(const std::string& vectors_path) {
    const bool tsv = ends_with(lower(vectors_path), ".tsv");
    return (tsv ? vectors_path.substr(0, vectors_path.size() - 4) : vectors_path) + "-metadata.tsv";
}

Expected<std::vector<std::string>> write_table_output(const EmbeddingTable& table, OutputFormat format,
                                                      const std::string& out_path, uint32_t embx_block_rows) {
    if (format == OutputFormat::ProjectorTsv) {
        const std::string meta_path = projector_metadata_path(out_path);
        io::PendingFile vectors(out_path), meta(meta_path);
        if (Status s = vectors.opened(); !s.ok()) return Error{s.error()};
        if (Status s = meta.opened(); !s.ok()) return Error{s.error()};
        size_t replaced = 0;
        if (Status s = write_projector_tsv(table, vectors.sink(), meta.sink(), UnwritableWords::Replace, &replaced);
            !s.ok())
            return Error{out_path + ": " + s.error()};
        note_replaced(replaced, "tabs or line breaks that");
        if (Status s = vectors.commit(); !s.ok()) return Error{s.error()};
        if (Status s = meta.commit(); !s.ok()) return Error{s.error()};
        return std::vector<std::string>{out_path, meta_path};
    }
    io::PendingFile out(out_path);
    if (Status s = out.opened(); !s.ok()) return Error{s.error()};
    Status s;
    size_t replaced = 0;
    switch (format) {
        case OutputFormat::Embx: {
            EmbxWriteOptions opt;
            opt.block_rows = embx_block_rows;
            s = write_embx(table, opt, out.sink());
            break;
        }
        case OutputFormat::Word2VecText:
            s = write_word2vec_text(table, out.sink(), UnwritableWords::Replace, &replaced);
            break;
        case OutputFormat::Word2VecBinary:
            s = write_word2vec_binary(table, out.sink(), UnwritableWords::Replace, &replaced);
            break;
        case OutputFormat::ProjectorTsv: break;
    }
    if (!s.ok()) return Error{out_path + ": " + s.error()};
    note_replaced(replaced, "blanks or line breaks (\"_\" for an empty word) that");
    if (s = out.commit(); !s.ok()) return Error{s.error()};
    return std::vector<std::string>{out_path};
}

}  // namespace embx::cli
