// Desktop shell: a GLFW window with an OpenGL 3 context running the same ExplorerApp as the
// web page. Tables come from the command line or drag and drop and are read in pieces between
// frames, so the window stays responsive and shows the same progress bar as the browser.
//
//   embx-desktop [TABLE] [--tab NAME] [--query WORD] [--frames N] [--screenshot FILE.ppm]
//   (--frames/--screenshot exist for automated smoke tests under Xvfb)
#include <GLFW/glfw3.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/explorer_app.hpp"
#include "platform/desktop/file_dialog.hpp"
#include "platform/gl/point_cloud_gl.hpp"
#include "app/table_session.hpp"
#include "app/theme.hpp"

namespace {

constexpr const char* kDefaultFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// Reads one file a piece per frame into the session.
class FileFeeder {
public:
    explicit FileFeeder(embx::app::TableSession& s) : session_(s) {}
    ~FileFeeder() { close(); }

    void open(const std::string& path) {
        close();
        file_ = std::fopen(path.c_str(), "rb");
        if (!file_) {
            session_.begin(path, 0, glfwGetTime());
            session_.abort(std::string("cannot open: ") + std::strerror(errno));
            return;
        }
        std::fseek(file_, 0, SEEK_END);
        const long size = std::ftell(file_);
        std::fseek(file_, 0, SEEK_SET);
        session_.begin(path, uint64_t(size > 0 ? size : 0), glfwGetTime());
    }

    // Feeds up to ~16 MB, then yields to the next frame.
    void pump() {
        if (!file_) return;
        for (int i = 0; i < 4; ++i) {
            const size_t n = std::fread(buf_.data(), 1, buf_.size(), file_);
            if (n == 0) {
                if (std::ferror(file_)) session_.abort(std::string("read error: ") + std::strerror(errno));
                else session_.finish(glfwGetTime());
                close();
                return;
            }
            if (!session_.feed(buf_.data(), n, glfwGetTime())) {
                close();
                return;
            }
        }
    }

    bool busy() const { return file_ != nullptr; }

private:
    void close() {
        if (file_) std::fclose(file_);
        file_ = nullptr;
    }
    embx::app::TableSession& session_;
    std::FILE* file_ = nullptr;
    std::vector<uint8_t> buf_ = std::vector<uint8_t>(4 << 20);
};

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

bool write_ppm(const char* path, int w, int h) {
    std::vector<unsigned char> px(size_t(w) * h * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
    std::FILE* f = std::fopen(path, "wb");
    if (!f) return false;
    std::fprintf(f, "P6\n%d %d\n255\n", w, h);
    for (int y = h - 1; y >= 0; --y) std::fwrite(px.data() + size_t(y) * w * 3, 1, size_t(w) * 3, f);
    return std::fclose(f) == 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string table_path, screenshot, query, tab;
    long max_frames = -1;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--frames" && i + 1 < argc) max_frames = std::strtol(argv[++i], nullptr, 10);
        else if (a == "--screenshot" && i + 1 < argc) screenshot = argv[++i];
        else if (a == "--query" && i + 1 < argc) query = argv[++i];
        else if (a == "--tab" && i + 1 < argc) tab = argv[++i];
        else if (a == "-h" || a == "--help") {
            std::printf("usage: embx-desktop [TABLE] [--tab NAME] [--query WORD] [--frames N] [--screenshot FILE.ppm]\n");
            return 0;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "embx-desktop: unknown option %s\n", a.c_str());
            return 2;
        } else table_path = a;
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
    embx::app::apply_theme(font.empty() ? nullptr : font.data(), int(font.size()), xscale);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 150");
    if (!embx::platform::point_cloud_init("#version 150")) std::fprintf(stderr, "embx-desktop: no GPU point cloud\n");

    embx::app::TableSession session;
    // Graph exports are written to the working directory (PNG export is web-only for now).
    embx::app::ExplorerApp* app_ptr = nullptr;
    embx::app::PlatformHooks hooks;
    hooks.graph_export.save_file = [&app_ptr](const std::string& name, const std::string&, const std::string& bytes) {
        std::FILE* f = std::fopen(name.c_str(), "wb");
        const bool ok = f && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
        if (f) std::fclose(f);
        if (app_ptr) app_ptr->notice(ok ? "saved " + name : "could not write " + name);
    };
    hooks.point_cloud = &embx::platform::point_cloud_draw;
    embx::desktop::FileDialog dialog;
    hooks.open_file = [&dialog, &table_path] {
        std::error_code ec;
        const auto start = table_path.empty() ? std::filesystem::current_path(ec)
                                              : std::filesystem::path(table_path).parent_path();
        dialog.open(start.empty() ? std::string(".") : start.string());
    };
    embx::app::ExplorerApp app(session, hooks);
    app_ptr = &app;
    FileFeeder feeder(session);
    if (!table_path.empty()) feeder.open(table_path);
    if (!tab.empty()) {
        if (auto t = embx::app::tab_from_name(tab)) app.set_tab(*t);
        else std::fprintf(stderr, "embx-desktop: unknown tab '%s'\n", tab.c_str());
    }
    if (!query.empty()) app.set_query(query);

    int exit_code = 0;
    double ui_ms_sum = 0;
    long ui_frames = 0;
    for (long frame = 0; !glfwWindowShouldClose(window); ++frame) {
        glfwPollEvents();
        if (!g_dropped.empty() && !feeder.busy()) {
            feeder.open(g_dropped.front());
            g_dropped.pop_front();
        }
        feeder.pump();
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
        glClearColor(0.985f, 0.985f, 0.98f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        // UI CPU time per frame (building the frame's draw lists), reported by automated runs.
        if (!feeder.busy()) {
            ui_ms_sum += ui_ms;
            ++ui_frames;
        }
        if (max_frames >= 0 && frame + 1 >= max_frames && !feeder.busy()) {
            if (!screenshot.empty() && !write_ppm(screenshot.c_str(), w, h)) exit_code = 1;
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
