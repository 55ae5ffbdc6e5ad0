// Desktop shell: a GLFW window with an OpenGL 3 context running the same ExplorerApp as the
// web page. Tables come from the command line, the file dialog or drag and drop; they are
// memory-mapped and fed a few milliseconds per frame (FileFeeder), so the window stays
// responsive and shows the same progress bar as the browser.
//
//   embx-desktop [TABLE] [--tab NAME] [--query WORD] [--load-budget-ms MS] [--no-mmap]
//                [--theme dark|light] [--reduced-motion]
//                [--frames N] [--screenshot FILE.ppm] [--export-png FILE.png]
//   (--frames, --screenshot and --export-png exist for automated runs under Xvfb)
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/explorer_app.hpp"
#include "app/table_session.hpp"
#include "app/theme.hpp"
#include "platform/desktop/file_dialog.hpp"
#include "platform/desktop/file_feeder.hpp"
#include "platform/desktop/screen_capture.hpp"
#include "platform/gl/point_cloud_gl.hpp"

namespace {

constexpr const char* kDefaultFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kUsage =
    "usage: embx-desktop [TABLE] [--tab NAME] [--query WORD] [--load-budget-ms MS] [--no-mmap]\n"
    "                    [--theme dark|light] [--reduced-motion]\n"
    "                    [--frames N] [--screenshot FILE.ppm] [--export-png FILE.png]\n"
    "  --load-budget-ms MS  time per frame spent loading a table (default 10; more when\n"
    "                       drawing is slow, see file_feeder.hpp)\n"
    "  --no-mmap            read tables with read(2) instead of mapping them\n"
    "  --theme dark|light   colours (default light)\n"
    "  --reduced-motion     no animated layouts: graphs appear settled, t-SNE when finished\n"
    "  --frames N           quit after N frames once loading is done (automated runs)\n"
    "  --screenshot FILE    save the last frame as a PPM image\n"
    "  --export-png FILE    once the Graph tab's layout settles, press its PNG export as FILE\n";

std::deque<std::string> g_dropped;  // filled by the GLFW drop callback

std::vector<unsigned char> read_file(const char* path) {
    std::vector<unsigned char> bytes;
    if (std::FILE* f = std::fopen(path, "rb")) {
        std::fseek(f, 0, SEEK_END);
        const long n = std::ftell(f);
        std::fseek(f, 0, SEEK_SET);
        if (n > 0) {
            bytes.resize(size_t(n));
            if (std::fread(bytes.data(), 1, bytes.size(), f) != bytes.size()) bytes.clear();
        }
        std::fclose(f);
    }
    return bytes;
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

}  // namespace

int main(int argc, char** argv) {
    std::string table_path, screenshot, query, tab, export_png;
    long max_frames = -1;
    double load_budget_ms = 10.0;
    bool allow_map = true;
    bool dark = false, reduced_motion = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--frames" && i + 1 < argc) max_frames = std::strtol(argv[++i], nullptr, 10);
        else if (a == "--screenshot" && i + 1 < argc) screenshot = argv[++i];
        else if (a == "--export-png" && i + 1 < argc) export_png = argv[++i];
        else if (a == "--query" && i + 1 < argc) query = argv[++i];
        else if (a == "--tab" && i + 1 < argc) tab = argv[++i];
        else if (a == "--load-budget-ms" && i + 1 < argc) load_budget_ms = std::strtod(argv[++i], nullptr);
        else if (a == "--no-mmap") allow_map = false;
        else if (a == "--reduced-motion") reduced_motion = true;
        else if (a == "--theme" && i + 1 < argc) {
            const std::string t = argv[++i];
            if (t != "dark" && t != "light") {
                std::fprintf(stderr, "embx-desktop: --theme is dark or light (got '%s')\n", t.c_str());
                return 2;
            }
            dark = t == "dark";
        }
        else if (a == "-h" || a == "--help") {
            std::printf("%s", kUsage);
            return 0;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "embx-desktop: unknown option %s\n%s", a.c_str(), kUsage);
            return 2;
        } else table_path = a;
    }
    if (!(load_budget_ms > 0)) {
        std::fprintf(stderr, "embx-desktop: --load-budget-ms needs a positive number of milliseconds\n");
        return 2;
    }

    glfwSetErrorCallback([](int code, const char* what) { std::fprintf(stderr, "GLFW error %d: %s\n", code, what); });
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
    GLFWwindow* window = glfwCreateWindow(1200, 800, "Embedding Explorer", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "embx-desktop: could not open an OpenGL 3.2 window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    glfwSetDropCallback(window, [](GLFWwindow*, int count, const char** paths) {
        for (int i = 0; i < count; ++i) g_dropped.emplace_back(paths[i]);
    });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // usable without a mouse
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(window, &xscale, &yscale);
    const auto font = read_file(kDefaultFont);
    embx::app::set_theme_dark(dark);
    embx::app::apply_theme(font.empty() ? nullptr : font.data(), int(font.size()), xscale);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 150");
    if (!embx::platform::point_cloud_init("#version 150")) std::fprintf(stderr, "embx-desktop: no GPU point cloud\n");

    embx::app::TableSession session;
    // Graph exports are written to the working directory. A PNG is the window as drawn at the
    // end of the frame that asked for it (the web page saves its whole canvas the same way).
    embx::app::ExplorerApp* app_ptr = nullptr;
    std::string pending_png;
    embx::app::PlatformHooks hooks;
    hooks.graph_export.save_file = [&app_ptr](const std::string& name, const std::string&, const std::string& bytes) {
        std::FILE* f = std::fopen(name.c_str(), "wb");
        const bool ok = f && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
        if (f) std::fclose(f);
        if (app_ptr) app_ptr->notice(ok ? "saved " + name : "could not write " + name);
    };
    hooks.graph_export.save_png = [&pending_png](const std::string& name) { pending_png = name; };
    hooks.point_cloud = &embx::platform::point_cloud_draw;
    hooks.set_clipboard = [window](const std::string& text) { glfwSetClipboardString(window, text.c_str()); };
    hooks.background_threads = true;
    embx::desktop::FileDialog dialog;
    hooks.open_file = [&dialog, &table_path] {
        std::error_code ec;
        const auto start = table_path.empty() ? std::filesystem::current_path(ec)
                                              : std::filesystem::path(table_path).parent_path();
        dialog.open(start.empty() ? std::string(".") : start.string());
    };
    embx::app::ExplorerApp app(session, hooks);
    app_ptr = &app;
    app.set_reduced_motion(reduced_motion);
    embx::desktop::FileFeeder feeder(session, allow_map);
    if (!table_path.empty()) feeder.open(table_path);
    if (!feeder.busy() && !table_path.empty() && max_frames >= 0) report_load(feeder);
    if (!tab.empty()) {
        if (auto t = embx::app::tab_from_name(tab)) app.set_tab(*t);
        else std::fprintf(stderr, "embx-desktop: unknown tab '%s'\n", tab.c_str());
    }
    if (!query.empty()) app.set_query(query);

    int exit_code = 0;
    double ui_ms_sum = 0;
    long ui_frames = 0;
    bool png_exported = export_png.empty();
    double export_deadline = 0;  // --export-png gives up if the graph never settles
    for (long frame = 0; !glfwWindowShouldClose(window); ++frame) {
        glfwPollEvents();
        if (!g_dropped.empty() && !feeder.busy()) {
            feeder.open(g_dropped.front());
            g_dropped.pop_front();
        }
        if (feeder.busy()) {
            feeder.pump(load_budget_ms);
            if (!feeder.busy() && max_frames >= 0) report_load(feeder);
        }
        if (!png_exported && !feeder.busy()) {
            if (export_deadline == 0) export_deadline = glfwGetTime() + 60;
            const auto g = app.graph_stats();
            if (g.settled && g.nodes > 0 && app.export_graph_png(export_png)) png_exported = true;
            else if (glfwGetTime() > export_deadline || !g.error.empty() || !session.last_error().empty()) {
                std::fprintf(stderr, "embx-desktop: --export-png: no settled graph to export%s%s\n",
                             g.error.empty() ? "" : ": ", g.error.c_str());
                png_exported = true;
                exit_code = 1;
            }
        }
        const double ui_t0 = glfwGetTime();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        app.frame();
        if (auto chosen = dialog.draw(); chosen && !feeder.busy()) feeder.open(*chosen);
        ImGui::Render();
        const double ui_ms = (glfwGetTime() - ui_t0) * 1000.0;  // the app's CPU work, not GL's
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        glViewport(0, 0, w, h);
        const ImVec4 clear = embx::app::theme_clear_color();
        glClearColor(clear.x, clear.y, clear.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (!pending_png.empty()) {
            const embx::Status s = embx::desktop::write_png(pending_png, embx::desktop::read_framebuffer(w, h));
            app.notice(s.ok() ? "saved " + pending_png : s.error());
            if (max_frames >= 0) std::printf("embx-desktop: %s\n", s.ok() ? ("saved " + pending_png).c_str() : s.error().c_str());
            if (!s.ok() && max_frames >= 0) exit_code = 1;
            pending_png.clear();
        }
        // UI CPU time per frame (building the frame's draw lists), reported by automated runs.
        if (!feeder.busy()) {
            ui_ms_sum += ui_ms;
            ++ui_frames;
        }
        if (max_frames >= 0 && frame + 1 >= max_frames && !feeder.busy() && png_exported) {
            if (!screenshot.empty()) {
                const embx::Status s = embx::desktop::write_ppm(screenshot, embx::desktop::read_framebuffer(w, h));
                if (!s.ok()) {
                    std::fprintf(stderr, "embx-desktop: %s\n", s.error().c_str());
                    exit_code = 1;
                }
            }
            if (ui_frames > 0)
                std::printf("embx-desktop: %ld frames after loading, UI CPU %.2f ms per frame (mean, GL excluded)\n", ui_frames,
                            ui_ms_sum / double(ui_frames));
            if (!session.last_error().empty()) {
                std::fprintf(stderr, "embx-desktop: %s\n", session.last_error().c_str());
                exit_code = 1;
            }
            break;
        }
        glfwSwapBuffers(window);
    }

    embx::platform::point_cloud_shutdown();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}
