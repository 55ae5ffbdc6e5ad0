// The embx subcommands. Each registers its options on the CLI11 app and returns the exit code
// through the callback it installs.
#pragma once

#include <CLI/CLI.hpp>

namespace embx::cli {

void add_convert_command(CLI::App& app, int& exit_code);
void add_convert_model_command(CLI::App& app, int& exit_code);
void add_info_command(CLI::App& app, int& exit_code);
void add_neighbors_command(CLI::App& app, int& exit_code);
void add_query_command(CLI::App& app, int& exit_code);
void add_eval_command(CLI::App& app, int& exit_code);
void add_bench_command(CLI::App& app, int& exit_code);
void add_quality_command(CLI::App& app, int& exit_code);
void add_project_command(CLI::App& app, int& exit_code);
void add_graph_command(CLI::App& app, int& exit_code);
void add_tokenize_command(CLI::App& app, int& exit_code);
void add_train_command(CLI::App& app, int& exit_code);
void add_tfidf_command(CLI::App& app, int& exit_code);
void add_hidden_command(CLI::App& app, int& exit_code);
void add_embed_command(CLI::App& app, int& exit_code);

// Prints "embx: error: <message>" to stderr and returns 1.
int report_error(const std::string& message);
// Why --threads N can't be honoured here (the wasm CLI has no threads), or empty.
std::string threads_unavailable(long threads);
// Prints "embx: note: <message>" to stderr (importer remarks that are not errors).
void report_note(const std::string& message);

}  // namespace embx::cli
