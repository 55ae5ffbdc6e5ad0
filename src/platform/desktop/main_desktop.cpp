// Desktop shell: a GLFW window with an OpenGL 3 context running the same ExplorerApp as the
// web page (the ImGui setup and frame are platform/gl/imgui_shell's, shared with the web
// shell). Tables come from the command line, the file dialog or drag and drop; they are
// memory-mapped and fed a few milliseconds per frame (FileFeeder), so the window stays
// responsive and shows the same progress bar as the browser. Text files (the Classroom's
// documents) come from a second dialog, or are dropped while the Classroom tab is showing.
//
//   embx-desktop [TABLE] [--tab NAME] [--query WORD] [--load-budget-ms MS] [--no-mmap]
//                [--theme dark|light] [--reduced-motion]
//                [--frames N] [--screenshot FILE.ppm] [--export-png FILE.png]
//   (--frames, --screenshot and --export-png exist for automated runs under Xvfb)
#include <GLFW/glfw3.h>

#include <algorithm>
#include <thread>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "app/explorer_app.hpp"
#include "app/table_session.hpp"
#include "app/theme.hpp"
#include "io/pending_file.hpp"
#include "io/whole_file.hpp"
#include "platform/desktop/file_dialog.hpp"
#include "platform/desktop/file_feeder.hpp"
#include "platform/desktop/model_opener.hpp"
#include "platform/desktop/screen_capture.hpp"
#include "platform/gl/imgui_shell.hpp"
#include "platform/gl/point_cloud_gl.hpp"

namespace {

constexpr const char* kDefaultFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

struct Args {
    std::string table, tab, query, theme = "light", screenshot, export_png, model;
    std::string corpus = EMBX_DESKTOP_BROWN_CORPUS;  // the Classroom's built-in training corpus
    double load_budget_ms = 10.0;
    bool no_mmap = false, reduced_motion = false, model_int8 = false;
    long frames = -1;
};

void add_options(CLI::App& cli, Args& a) {
    cli.add_option("TABLE", a.table, "a table to open (any format the explorer reads)");
    cli.add_option("--tab", a.tab, "the tab to show first (search, arithmetic, vector, graph, map, table)");
    cli.add_option("--query", a.query, "the word or expression to start with");
    cli.add_option("--model", a.model, "a Hugging Face model folder to open on the Context tab");
    cli.add_flag("--model-int8", a.model_int8, "hold that model's matrices as int8 (a quarter of the memory)");
    cli.add_option("--corpus", a.corpus, "the text the Classroom's Word2Vec trains on as 'the Brown corpus'")
        ->capture_default_str();
    cli.add_option("--load-budget-ms", a.load_budget_ms,
                   "time per frame spent loading a table (default 10; more when drawing is slow, see file_feeder.hpp)")
        ->check(CLI::Range(0.1, 1000.0));
    cli.add_flag("--no-mmap", a.no_mmap, "read tables with read(2) instead of mapping them");
    cli.add_option("--theme", a.theme, "colours (default light)")->check(CLI::IsMember({"dark", "light"}));
    cli.add_flag("--reduced-motion", a.reduced_motion,
                 "no animated layouts: graphs appear settled, t-SNE when finished");
    cli.add_option("--frames", a.frames, "quit after N frames once loading is done (automated runs)")
        ->check(CLI::Range(0L, 1000000000L));
    cli.add_option("--screenshot", a.screenshot, "save the last frame as a PPM image");
    cli.add_option("--export-png", a.export_png, "once the Graph tab's layout settles, press its PNG export as FILE");
}

std::deque<std::string> g_dropped;  // filled by the GLFW drop callback

// A text file for the app (e.g. the Classroom's TF-IDF documents). At most one byte past the
// app's limit for `purpose` is read, so a huge file is refused without being read whole.
void deliver_text_file(embx::app::ExplorerApp& app, const std::string& purpose, const std::string& path) {
    const size_t limit = app.text_file_limit(purpose);
    std::string bytes;
    static const std::string kEnough = "enough bytes";  // stops the reading; not an error
    const embx::Status s = embx::io::read_file_chunks(path, [&](const uint8_t* data, size_t n) -> embx::Status {
        bytes.append(reinterpret_cast<const char*>(data), std::min(n, limit + 1 - bytes.size()));
        if (bytes.size() > limit) return embx::Error{kEnough};
        return {};
    });
    if (!s && s.error() != kEnough) {
        app.notice(s.error());
        return;
    }
    app.text_file_arrived(purpose, std::filesystem::path(path).filename().string(), std::move(bytes));
}

void report_load(const embx::desktop::FileFeeder& feeder) {
    const auto& s = feeder.last();
    if (!s.ok) {
        std::printf("embx-desktop: could not load %s (%.1f MB read)\n", s.name.c_str(), double(s.bytes) / 1e6);
    } else {
        const std::string how = s.mapped ? "memory-mapped" : "read (" + feeder.why_not_mapped() + ")";
        std::printf("embx-desktop: loaded %s: %.1f MB in %.0f ms over %ld frames (longest %.1f ms), %s\n",
                    s.name.c_str(), double(s.bytes) / 1e6, s.seconds * 1000.0, s.pumps, s.longest_pump_ms, how.c_str());
    }
    std::fflush(stdout);
}

GLFWwindow* open_window() {
    glfwSetErrorCallback([](int code, const char* what) { std::fprintf(stderr, "GLFW error %d: %s\n", code, what); });
    if (!glfwInit()) return nullptr;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
    GLFWwindow* window = glfwCreateWindow(1200, 800, "Embedding Explorer", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "embx-desktop: could not open an OpenGL 3.2 window\n");
        glfwTerminate();
        return nullptr;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    glfwSetDropCallback(window, [](GLFWwindow*, int count, const char** paths) {
        for (int i = 0; i < count; ++i) g_dropped.emplace_back(paths[i]);
    });
    return window;
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    CLI::App cli{"embx-desktop - Embedding Explorer in a window"};
    add_options(cli, args);
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }
    const long max_frames = args.frames;

    GLFWwindow* window = open_window();
    if (!window) return 1;
    embx::platform::imgui_shell_init(window, "#version 150");
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(window, &xscale, &yscale);
    auto font = embx::io::read_whole_file(kDefaultFont, size_t(64) << 20);
    if (!font) std::fprintf(stderr, "embx-desktop: %s (using ImGui's built-in font)\n", font.error().c_str());
    embx::app::set_theme_dark(args.theme == "dark");
    embx::platform::imgui_shell_set_scale(font ? *font : std::string(), xscale);

    embx::app::TableSession session;
    // Graph exports are written to the working directory. A PNG is the window as drawn at the
    // end of the frame that asked for it (the web page saves its whole canvas the same way).
    embx::app::ExplorerApp* app_ptr = nullptr;
    std::string pending_png;
    embx::app::PlatformHooks hooks;
    hooks.graph_export.save_file = [&app_ptr](const std::string& name, const std::string&, const std::string& bytes) {
        const embx::Status s = embx::io::write_file_safely(name, bytes);
        if (app_ptr) app_ptr->notice(s ? "saved " + name : s.error());
    };
    hooks.graph_export.save_png = [&pending_png](const std::string& name) { pending_png = name; };
    hooks.point_cloud = &embx::platform::point_cloud_draw;
    hooks.set_clipboard = [window](const std::string& text) { glfwSetClipboardString(window, text.c_str()); };
    hooks.background_threads = true;
    hooks.training_threads = std::max(1u, std::thread::hardware_concurrency());
    embx::ScanPool forward_pool(std::min(4u, std::max(1u, std::thread::hardware_concurrency())), true);
    hooks.forward_pool = &forward_pool;
    embx::desktop::FileDialog dialog;
    hooks.open_file = [&dialog, &args] {
        std::error_code ec;
        const auto start =
            args.table.empty() ? std::filesystem::current_path(ec) : std::filesystem::path(args.table).parent_path();
        dialog.open(start.empty() ? std::string(".") : start.string());
    };
    // The built-in corpus is a file of the build (assets/brown.txt), read when asked for.
    hooks.fetch_corpus = [&app_ptr, &args](const std::string& name) {
        auto text = embx::io::read_whole_file(args.corpus, size_t(2) << 30);
        if (!app_ptr) return;
        if (text) app_ptr->corpus_arrived(name, std::move(*text));
        else app_ptr->corpus_failed(name, text.error());
    };
    embx::desktop::FileDialog text_dialog("Open text files", {".txt", ".text", ".md", ".csv", ".tsv"});
    std::string text_purpose;  // what the text dialog's file is for
    hooks.open_text_files = [&text_dialog, &text_purpose](const std::string& purpose) {
        text_purpose = purpose;
        std::error_code ec;
        text_dialog.open(std::filesystem::current_path(ec).string());
    };
    hooks.open_corpus_file = [open = hooks.open_text_files] { open("corpus"); };  // the same dialog
    embx::desktop::FileDialog model_dialog("Open a model folder", {".json", ".safetensors", ".txt"},
                                           embx::desktop::FileDialog::Pick::Folder);
    embx::desktop::ModelOpener model_opener;
    bool model_int8 = false;  // the Context tab's int8 switch when its button was pressed
    hooks.open_model_folder = [&model_dialog, &model_int8](bool int8) {
        model_int8 = int8;
        std::error_code ec;
        model_dialog.open(std::filesystem::current_path(ec).string());
    };
    embx::app::ExplorerApp app(session, hooks);
    app_ptr = &app;
    app.set_reduced_motion(args.reduced_motion);
    embx::desktop::FileFeeder feeder(session, !args.no_mmap);
    if (!args.table.empty()) feeder.open(args.table);
    if (!feeder.busy() && !args.table.empty() && max_frames >= 0) report_load(feeder);
    if (!args.tab.empty()) {
        if (auto t = embx::app::tab_from_name(args.tab)) app.set_tab(*t);
        else std::fprintf(stderr, "embx-desktop: unknown tab '%s'\n", args.tab.c_str());
    }
    if (!args.query.empty()) app.set_query(args.query);
    if (!args.model.empty()) {
        if (args.tab.empty()) app.set_tab(embx::app::Tab::Context);
        model_opener.open(args.model, args.model_int8);
    }

    int exit_code = 0;
    double ui_ms_sum = 0;
    long ui_frames = 0;
    bool png_exported = args.export_png.empty();
    double export_deadline = 0;  // --export-png gives up if the graph never settles
    for (long frame = 0; !glfwWindowShouldClose(window); ++frame) {
        glfwPollEvents();
        // On the Classroom tab dropped files are documents; elsewhere a dropped file is a table.
        if (const std::string purpose = app.drop_purpose(); !purpose.empty()) {
            for (const std::string& path : g_dropped) deliver_text_file(app, purpose, path);
            g_dropped.clear();
        }
        if (!g_dropped.empty() && !feeder.busy()) {
            feeder.open(g_dropped.front());
            g_dropped.pop_front();
        }
        if (feeder.busy()) {
            feeder.pump(args.load_budget_ms);
            if (!feeder.busy() && max_frames >= 0) report_load(feeder);
        }
        if (!png_exported && !feeder.busy()) {
            if (export_deadline == 0) export_deadline = glfwGetTime() + 60;
            const auto g = app.graph_stats();
            if (g.settled && g.nodes > 0 && app.export_graph_png(args.export_png)) png_exported = true;
            else if (glfwGetTime() > export_deadline || !g.error.empty() || !session.last_error().empty()) {
                std::fprintf(stderr, "embx-desktop: --export-png: no settled graph to export%s%s\n",
                             g.error.empty() ? "" : ": ", g.error.c_str());
                png_exported = true;
                exit_code = 1;
            }
        }
        if (const auto ended = model_opener.poll(app); ended && max_frames >= 0) {
            std::printf("embx-desktop: %s\n", ended->line.c_str());
            std::fflush(stdout);
            if (!ended->ok) exit_code = 1;
        }
        const double ui_ms = embx::platform::imgui_shell_build([&] {
            app.frame();
            if (auto chosen = dialog.draw(); chosen && !feeder.busy()) feeder.open(*chosen);
            if (auto chosen = text_dialog.draw()) deliver_text_file(app, text_purpose, *chosen);
            if (auto chosen = model_dialog.draw()) model_opener.open(*chosen, model_int8);
        });
        int w = 0, h = 0;
        embx::platform::imgui_shell_draw(window, w, h);
        if (!pending_png.empty()) {
            const embx::Status s = embx::desktop::write_png(pending_png, embx::desktop::read_framebuffer(w, h));
            app.notice(s.ok() ? "saved " + pending_png : s.error());
            if (max_frames >= 0)
                std::printf("embx-desktop: %s\n", s.ok() ? ("saved " + pending_png).c_str() : s.error().c_str());
            if (!s.ok() && max_frames >= 0) exit_code = 1;
            pending_png.clear();
        }
        // UI CPU time per frame (building the frame's draw lists), reported by automated runs.
        if (!feeder.busy()) {
            ui_ms_sum += ui_ms;
            ++ui_frames;
        }
        if (max_frames >= 0 && frame + 1 >= max_frames && !feeder.busy() && !model_opener.busy() && png_exported) {
            if (!args.screenshot.empty()) {
                const embx::Status s = embx::desktop::write_ppm(args.screenshot, embx::desktop::read_framebuffer(w, h));
                if (!s.ok()) {
                    std::fprintf(stderr, "embx-desktop: %s\n", s.error().c_str());
                    exit_code = 1;
                }
            }
            if (ui_frames > 0)
                std::printf("embx-desktop: %ld frames after loading, UI CPU %.2f ms per frame (mean, GL excluded)\n",
                            ui_frames, ui_ms_sum / double(ui_frames));
            if (!session.last_error().empty()) {
                std::fprintf(stderr, "embx-desktop: %s\n", session.last_error().c_str());
                exit_code = 1;
            }
            break;
        }
        glfwSwapBuffers(window);
    }

    embx::platform::imgui_shell_shutdown();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}
