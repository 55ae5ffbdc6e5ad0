// Tokens tab: a sentence cut into the table's own tokens, as the article's table shows it —
// position, token id, the token with spaces and bytes made visible, the input it stands for,
// the first numbers of its vector and a heat strip of all of them (BOS/CLS first when the
// model adds them). Clicking a row (or Enter on it) lists its nearest tokens by cosine;
// "Graph this sentence" builds the Graph tab from the same text. A table without a tokenizer
// says how to get one.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/table_session.hpp"
#include "app/ui_snapshot.hpp"
#include "core/status.hpp"
#include "app/text_format.hpp"

namespace embx {
class Tokenizer;
}

namespace embx::app {

// What the tab asks of the app: neighbours of a row ("#id"), and building a graph.
struct TokensHooks {
    std::function<Expected<std::vector<NamedHit>>(const std::string& word, int k)> neighbors;
    std::function<void(const std::string& text)> graph;
    // A built-in table with a tokenizer (file, label) to offer when the table has none.
    std::pair<std::string, std::string> token_table;
    std::function<void(const std::string& file)> load_builtin;
    std::function<void()> open_tokenizer;  // a picker for a second tokenizer.json
};

class TokensPanel {
public:
    static constexpr const char* kArticleSentence = "HTML coders are not considered programmers";
    static constexpr size_t kHeadDims = 4;  // numbers shown per token (the article shows a few)
    static constexpr size_t kMaxTokenizerBytes = size_t(96) << 20;

    TokensPanel() { set_text(kArticleSentence); }
    void draw(const TableSession& session, bool take_focus, const TokensHooks& hooks);
    void set_text(const std::string& text);
    const std::string& text() const { return text_; }
    void set_special(bool on);
    // Lists the nearest tokens of row `index` of the token table (-1: none).
    bool select(const TableSession& session, long index, const TokensHooks& hooks);
    // Tokenizes `text` with the table's tokenizer for the JavaScript API (the tab is unchanged).
    static Expected<std::vector<TokenRowSnapshot>> tokenize(const TableSession& session, const std::string& text,
                                                            bool special);
    void fill_snapshot(const TableSession& session, TokensSnapshot& out);
    // A second tokenizer (a tokenizer.json's bytes) that splits the same text beside the
    // table's: how two models see one sentence. An error leaves the current one.
    Status set_compare_tokenizer(const std::string& name, const std::string& json);

private:
    void refresh(const TableSession& session, bool wait);  // wait: for the table's tokenizer (the API)

    char input_[1024] = {};
    int input_id_ = 0;
    std::string text_;
    bool special_ = true;
    std::vector<TokenRowSnapshot> rows_;
    std::shared_ptr<const Tokenizer> compare_;
    std::string compare_name_;
    std::vector<std::pair<uint32_t, std::string>> compare_rows_;  // id, visible token
    std::string tokenizer_, error_;
    long selected_ = -1;
    std::vector<NamedHit> neighbours_;
    std::string cached_text_;
    bool cached_special_ = true;
    uint64_t cached_generation_ = UINT64_MAX;
};

}  // namespace embx::app
