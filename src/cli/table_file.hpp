// Reading tables from disk for the CLI: detect the format, stream the file through its
// importer in 4 MB pieces, show progress on a terminal.
#pragma once

#include <memory>
#include <string>

#include "core/embedding_table.hpp"
#include "core/status.hpp"
#include "formats/detect.hpp"
#include "formats/importer.hpp"

namespace embx::cli {

struct LoadRequest {
    std::string path;
    Format format = Format::Auto;
    ImportOptions options;
    bool progress = true;
};

Expected<std::shared_ptr<EmbeddingTable>> load_table_file(const LoadRequest& req);

}  // namespace embx::cli
