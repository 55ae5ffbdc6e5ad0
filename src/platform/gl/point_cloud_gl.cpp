#include "platform/gl/point_cloud_gl.hpp"

#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif

#include <cstdio>
#include <string>

#include "app/point_cloud.hpp"

namespace embx::platform {

namespace {

struct State {
    GLuint program = 0, vao = 0, pos_vbo = 0, col_vbo = 0;
    GLint u_mvp = -1, u_size = -1;
    const void* uploaded_for = nullptr;  // the PointCloudDraw whose buffers are on the GPU
    uint64_t pos_version = UINT64_MAX, col_version = UINT64_MAX;
    size_t pos_count = 0, col_count = 0;
};
State g;

GLuint compile(GLenum type, const std::string& src) {
    const GLuint s = glCreateShader(type);
    const char* p = src.c_str();
    glShaderSource(s, 1, &p, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024];
        glGetShaderInfoLog(s, sizeof log, nullptr, log);
        std::fprintf(stderr, "point cloud shader: %s\n", log);
        glDeleteShader(s);
        return 0;
    }
    return s;
}

}  // namespace

bool point_cloud_init(const char* glsl_version) {
    const std::string head = std::string(glsl_version) + "\n";
    const bool es = head.find(" es") != std::string::npos;
    const std::string vs = head +
                           "uniform mat4 u_mvp;\n"
                           "uniform float u_size;\n"
                           "in vec3 a_pos;\n"
                           "in vec4 a_col;\n"
                           "out vec4 v_col;\n"
                           "void main() {\n"
                           "  gl_Position = u_mvp * vec4(a_pos, 1.0);\n"
                           "  gl_PointSize = u_size;\n"
                           "  v_col = a_col;\n"
                           "}\n";
    const std::string fs = head + (es ? "precision mediump float;\n" : "") +
                           "in vec4 v_col;\n"
                           "out vec4 o_col;\n"
                           "void main() {\n"
                           "  vec2 d = gl_PointCoord * 2.0 - 1.0;\n"
                           "  if (dot(d, d) > 1.0) discard;\n"  // round points
                           "  o_col = v_col;\n"
                           "}\n";
    const GLuint v = compile(GL_VERTEX_SHADER, vs), f = compile(GL_FRAGMENT_SHADER, fs);
    if (!v || !f) return false;
    g.program = glCreateProgram();
    glAttachShader(g.program, v);
    glAttachShader(g.program, f);
    glBindAttribLocation(g.program, 0, "a_pos");
    glBindAttribLocation(g.program, 1, "a_col");
    glLinkProgram(g.program);
    glDeleteShader(v);
    glDeleteShader(f);
    GLint ok = 0;
    glGetProgramiv(g.program, GL_LINK_STATUS, &ok);
    if (!ok) return false;
    g.u_mvp = glGetUniformLocation(g.program, "u_mvp");
    g.u_size = glGetUniformLocation(g.program, "u_size");
    glGenVertexArrays(1, &g.vao);
    glGenBuffers(1, &g.pos_vbo);
    glGenBuffers(1, &g.col_vbo);
    return true;
}

void point_cloud_shutdown() {
    if (g.program) glDeleteProgram(g.program);
    if (g.vao) glDeleteVertexArrays(1, &g.vao);
    if (g.pos_vbo) glDeleteBuffers(1, &g.pos_vbo);
    if (g.col_vbo) glDeleteBuffers(1, &g.col_vbo);
    g = State{};
}

void point_cloud_draw(const ImDrawList*, const ImDrawCmd* cmd) {
    const auto* d = static_cast<const app::PointCloudDraw*>(cmd->UserCallbackData);
    if (!g.program || !d || d->count == 0 || !d->xyz || !d->rgba) return;
    // Buffers are re-uploaded only when the app says they changed (t-SNE moves them each frame;
    // a PCA map uploads once).
    glBindVertexArray(g.vao);
    glBindBuffer(GL_ARRAY_BUFFER, g.pos_vbo);
    if (g.uploaded_for != d || g.pos_version != d->positions_version || g.pos_count != d->count) {
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(d->count * 3 * sizeof(float)), d->xyz, GL_DYNAMIC_DRAW);
        g.pos_version = d->positions_version;
        g.pos_count = d->count;
    }
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, g.col_vbo);
    if (g.uploaded_for != d || g.col_version != d->colours_version || g.col_count != d->count) {
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(d->count * sizeof(uint32_t)), d->rgba, GL_STATIC_DRAW);
        g.col_version = d->colours_version;
        g.col_count = d->count;
    }
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);
    g.uploaded_for = d;

    // The clip rect (ImGui display coordinates) becomes the viewport and the scissor.
    const ImDrawData* dd = ImGui::GetDrawData();
    const ImVec2 fb_scale = dd->FramebufferScale;
    const float fb_h = dd->DisplaySize.y * fb_scale.y;
    const float x0 = (cmd->ClipRect.x - dd->DisplayPos.x) * fb_scale.x;
    const float y0 = (cmd->ClipRect.y - dd->DisplayPos.y) * fb_scale.y;
    const float x1 = (cmd->ClipRect.z - dd->DisplayPos.x) * fb_scale.x;
    const float y1 = (cmd->ClipRect.w - dd->DisplayPos.y) * fb_scale.y;
    if (x1 <= x0 || y1 <= y0) return;
    glViewport(GLint(x0), GLint(fb_h - y1), GLsizei(x1 - x0), GLsizei(y1 - y0));
    glEnable(GL_SCISSOR_TEST);
    glScissor(GLint(x0), GLint(fb_h - y1), GLsizei(x1 - x0), GLsizei(y1 - y0));
#if !defined(__EMSCRIPTEN__)
    glEnable(GL_PROGRAM_POINT_SIZE);
#endif
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(g.program);
    glUniformMatrix4fv(g.u_mvp, 1, GL_FALSE, d->mvp);
    glUniform1f(g.u_size, d->point_px * fb_scale.x);
    glDrawArrays(GL_POINTS, 0, GLsizei(d->count));
    glDisableVertexAttribArray(0);
    glDisableVertexAttribArray(1);
    glBindVertexArray(0);
}

}  // namespace embx::platform
