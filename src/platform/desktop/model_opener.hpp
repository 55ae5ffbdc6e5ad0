// The desktop Context tab's "Open a model folder...": the folder is read on a background thread
// (a 1.5B-parameter checkpoint takes seconds) with the same loader as the CLI's, and the model is
// handed to the app on the UI thread once whole; the model shown stays until then.
#pragma once

#include <atomic>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "core/status.hpp"
#include "formats/transformer_folder.hpp"

namespace embx::app {
class ExplorerApp;
}

namespace embx::desktop {

class ModelOpener {
public:
    // Starts reading `dir` (int8: matrices held as int8); ignored while a load runs.
    void open(const std::string& dir, bool int8);
    // On the UI thread, every frame: progress to the app, then the model or the error once.
    struct Ended {
        bool ok = false;
        std::string line;  // "opened the model ..." or "could not open the model: ..."
    };
    std::optional<Ended> poll(app::ExplorerApp& app);
    bool busy() const { return result_.valid(); }

private:
    std::string name_;
    std::future<Expected<std::shared_ptr<TransformerModel>>> result_;
    std::atomic<uint64_t> read_{0}, planned_{0};
};

}  // namespace embx::desktop
