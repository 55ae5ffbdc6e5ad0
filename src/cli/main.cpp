// embx: the command-line face of Embedding Explorer (convert, info, neighbors, ...).
#include <cstdio>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"embx - explore word and token embeddings (Embedding Explorer)"};
    app.require_subcommand(1);
    int exit_code = 0;
    embx::cli::add_convert_command(app, exit_code);
    embx::cli::add_convert_model_command(app, exit_code);
    embx::cli::add_info_command(app, exit_code);
    embx::cli::add_neighbors_command(app, exit_code);
    embx::cli::add_query_command(app, exit_code);
    embx::cli::add_eval_command(app, exit_code);
    embx::cli::add_bench_command(app, exit_code);
    embx::cli::add_quality_command(app, exit_code);
    embx::cli::add_project_command(app, exit_code);
    embx::cli::add_graph_command(app, exit_code);
    embx::cli::add_tokenize_command(app, exit_code);
    embx::cli::add_hidden_command(app, exit_code);
    embx::cli::add_embed_command(app, exit_code);
    embx::cli::add_train_command(app, exit_code);
    embx::cli::add_tfidf_command(app, exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return exit_code;
}
