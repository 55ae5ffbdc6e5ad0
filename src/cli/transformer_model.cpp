#include "cli/transformer_model.hpp"

#include "cli/commands.hpp"
#include "io/model_folder_disk.hpp"

namespace embx::cli {

Expected<std::shared_ptr<TransformerModel>> load_transformer_model(const std::string& dir, bool int8, bool need_tokenizer) {
    auto model = io::open_model_folder(dir, int8);
    if (!model) return Error{model.error()};
    for (const std::string& note : (*model)->notes) {
        if (need_tokenizer && !(*model)->tokenizer) return Error{dir + ": " + note};
        report_note(note);
    }
    if (need_tokenizer && !(*model)->tokenizer)
        return Error{dir + ": no tokenizer.json or vocab.txt to split text with (give token ids with --ids)"};
    return model;
}

}  // namespace embx::cli
