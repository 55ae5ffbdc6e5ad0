#include "platform/desktop/model_opener.hpp"

#include <chrono>
#include <filesystem>

#include "app/explorer_app.hpp"
#include "core/transformer/transformer_config.hpp"
#include "io/model_folder_disk.hpp"

namespace embx::desktop {

void ModelOpener::open(const std::string& dir, bool int8) {
    if (busy()) return;
    const std::filesystem::path p(dir);
    name_ = (p.has_filename() ? p.filename() : p.parent_path().filename()).string();
    read_ = planned_ = 0;
    result_ = std::async(std::launch::async, [this, dir, int8] {
        return io::open_model_folder(dir, int8, 0, [this](uint64_t read, uint64_t planned) {
            read_ = read;
            planned_ = planned;
        });
    });
}

std::optional<ModelOpener::Ended> ModelOpener::poll(app::ExplorerApp& app) {
    if (!busy()) return std::nullopt;
    if (result_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        app.context().model_loading(name_, read_, planned_);
        return std::nullopt;
    }
    Expected<std::shared_ptr<TransformerModel>> model = result_.get();
    if (!model) {
        app.context().model_failed(model.error());
        return Ended{false, "could not open the model: " + model.error()};
    }
    const TransformerConfig& c = (*model)->config;
    const std::string line = "opened the model " + name_ + " (" + architecture_name(c.arch) + ", " +
                             std::to_string(c.layers) + " layers, " + ((*model)->int8 ? "int8" : "f32") + ")";
    app.notice(line);
    app.context().set_load_int8((*model)->int8);  // the tab's switch shows what is held
    app.context().model_arrived(std::move(*model));
    return Ended{true, line};
}

}  // namespace embx::desktop
