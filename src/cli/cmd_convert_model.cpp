// embx convert-model MODEL -o OUT.embxm [--dtype f16|i8|f32]
// Packs a Hugging Face model folder (or another .embxm) into one file that streams from start
// to end: its config and tokenizer files and the weights the forward pass uses, in the dtype
// asked for (formats/embxm_layout.hpp). For course servers: one file to put up, one download,
// no Range support needed; the page opens it with ?model=URL or a drop, `embx hidden` too.
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "io/pending_file.hpp"
#include "cli/progress.hpp"
#include "formats/gguf.hpp"
#include "formats/packed_model.hpp"
#include "io/model_folder_disk.hpp"

namespace embx::cli {

namespace {

struct ConvertModelArgs {
    std::string in, out, dtype = "f16";
};

int run_convert_model(const ConvertModelArgs& a) {
    PackedDtype dtype;
    if (a.dtype == "f16") dtype = PackedDtype::F16;
    else if (a.dtype == "i8") dtype = PackedDtype::I8;
    else if (a.dtype == "f32") dtype = PackedDtype::F32;
    else return report_error("--dtype must be f16, i8 or f32, not " + a.dtype);
    if (!is_packed_model_name(a.out)) return report_error(a.out + ": the output name must end in .embxm (the page goes by it)");
    if (is_gguf_name(a.in))
        return report_error(a.in + ": a GGUF model runs as it is (embx hidden " + a.in +
                            ", ?model=URL.gguf, a drop on the Context tab); convert-model packs Hugging Face folders");

    Progress bar("reading " + a.in, 0);
    auto model = io::open_model_folder(
        a.in, dtype == PackedDtype::I8, 0,
        [&bar](uint64_t read, uint64_t planned) {
            bar.update_text(planned ? double(read) / double(planned) : 0.0, std::to_string(read >> 20) + " MB");
        },
        true);
    bar.finish();
    if (!model) return report_error(model.error());
    for (const std::string& note : (*model)->notes) report_note(note);

    io::PendingFile out(a.out);
    if (Status s = out.opened(); !s.ok()) return report_error(s.error());
    uint64_t written = 0;
    const ByteSink sink = [&written, s = out.sink()](const uint8_t* p, size_t n) {
        written += n;
        return s(p, n);
    };
    if (Status s = write_packed_model(**model, dtype, sink); !s.ok()) return report_error(a.out + ": " + s.error());
    if (Status s = out.commit(); !s.ok()) return report_error(s.error());
    const TransformerModel& m = **model;
    std::printf("%s: %s, %zu layers x %zu, %zu tokens, weights as %s: %llu bytes\n", a.out.c_str(),
                architecture_name(m.config.arch), m.config.layers, m.config.hidden, m.config.vocab, packed_dtype_name(dtype),
                static_cast<unsigned long long>(written));
    return 0;
}

}  // namespace

void add_convert_model_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<ConvertModelArgs>();
    CLI::App* cmd = app.add_subcommand(
        "convert-model", "pack a model folder into one .embxm file that streams (for ?model=URL on course servers)");
    cmd->add_option("model", a->in, "Hugging Face model folder, or an .embxm to repack")->required();
    cmd->add_option("-o,--output", a->out, "the .embxm to write")->required();
    cmd->add_option("--dtype", a->dtype, "the weights as f16 (default), i8 (a quarter of f32; per-row scales) or f32");
    cmd->callback([a, &exit_code] { exit_code = run_convert_model(*a); });
}

}  // namespace embx::cli
