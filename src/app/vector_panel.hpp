// Vector tab: a word's vector as numbers (like the article's table: token, id, values...) and
// as a heat strip of every dimension with hover values; its norm; optionally a second word
// compared dimension by dimension.
#pragma once

#include <string>
#include <vector>

#include "app/table_session.hpp"
#include "app/ui_snapshot.hpp"

namespace embx::app {

class VectorPanel {
public:
    void draw(const TableSession& session, bool take_focus);
    void set_word(const std::string& w);
    // The word compared with (the second box).
    void set_other(const std::string& w);
    const std::string& word() const { return a_.query; }
    // Needs the table the values came from to be current: call after a frame drew the tab, or
    // pass the session so the values are loaded first.
    void fill_snapshot(const TableSession& session, VectorSnapshot& out);

private:
    struct Slot {
        char input[256] = {};
        std::string query;
        std::vector<float> values;
        std::string label, error;  // "token (id 123)" or why not
        float norm = 0;
    };
    void refresh(const TableSession& session);
    static void load(const TableSession& session, Slot& s);

    Slot a_, b_;
    int input_id_ = 0;  // bumped when code sets the text (see SearchPanel)
    std::string cached_a_, cached_b_;
    uint64_t cached_generation_ = UINT64_MAX;
};

}  // namespace embx::app
