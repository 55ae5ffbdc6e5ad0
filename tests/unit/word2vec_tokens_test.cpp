// Word2Vec over token ids: lines split in chunks of any size (CR dropped, long lines cut the
// same way every time), the token-id vocabulary ("</s>" first, then by count, named by the
// token strings), sources that hand out exactly the tokenizer's ids as rows and tile the text
// in parts at line starts, the token table in token-id order with untrained ids zero, and
// planted structure learnt through a tokenizer.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bpe_fixtures.hpp"
#include "core/train/word2vec_tokens.hpp"
#include "core/train/word2vec_trainer.hpp"

namespace embx::train {
namespace {

using test::bl;

// Byte tokens 0..255, then " c" " ca" " cat" ..., so each animal after a space is one token.
const std::vector<std::string> kAnimals = {"cat", "dog", "cow", "owl", "yak", "emu"};

Tokenizer animal_tokenizer() {
    std::vector<std::pair<std::string, std::string>> merges;
    std::map<std::string, bool> made;
    for (const std::string& a : kAnimals) {
        std::string left = " ";
        for (char c : a) {
            const std::string right(1, c);
            if (!made[left + right]) merges.emplace_back(left, right), made[left + right] = true;
            left += right;
        }
    }
    auto t = Tokenizer::create(test::tiny_bpe(merges, {"<|end|>"}));
    EXPECT_TRUE(t.ok()) << t.error();
    return std::move(*t);
}

std::vector<std::pair<std::string, bool>> split_lines(const std::string& text, size_t chunk, size_t max_line) {
    LineSplitter s(max_line);
    std::vector<std::pair<std::string, bool>> out;
    auto on = [&out](std::string_view l, bool ended) { out.emplace_back(std::string(l), ended); };
    for (size_t i = 0; i < text.size(); i += chunk)
        s.feed(reinterpret_cast<const uint8_t*>(text.data() + i), std::min(chunk, text.size() - i), on);
    s.finish(on);
    return out;
}

TEST(Word2VecTokens, LinesInAnyChunkSize) {
    const std::string text = "a b\r\n\nc\nlast";
    for (size_t chunk : {1, 2, 3, 100}) {
        const auto lines = split_lines(text, chunk, 1000);
        const std::vector<std::pair<std::string, bool>> want = {
            {"a b", true}, {"", true}, {"c", true}, {"last", false}};
        EXPECT_EQ(lines, want) << "chunk " << chunk;
    }
}

TEST(Word2VecTokens, LongLinesAreCutAtWhitespaceElseAtACharacter) {
    // Limit 8: "aaa bbb ccc" -> "aaa bbb " + "ccc"; "ééééé" (10 bytes) -> 4 characters + 1.
    for (size_t chunk : {1, 3, 100}) {
        auto lines = split_lines("aaa bbb ccc\n", chunk, 8);
        ASSERT_EQ(lines.size(), 2u);
        EXPECT_EQ(lines[0], (std::pair<std::string, bool>{"aaa bbb ", false}));
        EXPECT_EQ(lines[1], (std::pair<std::string, bool>{"ccc", true}));
        lines = split_lines("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\n", chunk, 7);
        ASSERT_EQ(lines.size(), 2u) << "chunk " << chunk;
        EXPECT_EQ(lines[0].first, "\xC3\xA9\xC3\xA9\xC3\xA9");  // 6 bytes: the 4th é would cross 7
        EXPECT_EQ(lines[1].first, "\xC3\xA9\xC3\xA9");
    }
}

Expected<TokenVocab> count(const Tokenizer& tok, const std::string& text, uint64_t min_count, size_t chunk) {
    TokenVocabCounter c(tok);
    for (size_t i = 0; i < text.size(); i += chunk)
        if (Status s = c.feed(reinterpret_cast<const uint8_t*>(text.data() + i), std::min(chunk, text.size() - i)); !s)
            return Error{s.error()};
    return c.finish(min_count);
}

TEST(Word2VecTokens, VocabularyIsTheTokenIdsSeenByCount) {
    const Tokenizer tok = animal_tokenizer();
    // Tokens: "x"(1st line start) " cat" x3, " dog" x2, " cow" x1, "<|end|>" x1, 3 newlines.
    const std::string text = "x cat dog cat\n cat dog<|end|>\n cow\n";
    std::map<std::string, uint64_t> want;
    uint64_t total = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        for (const Token& t : tok.encode(line)) ++want[t.text], ++total;
    for (size_t chunk : {1, 2, 5, 1000}) {
        auto v = count(tok, text, 2, chunk);
        ASSERT_TRUE(v.ok()) << v.error();
        EXPECT_EQ(v->vocab.words, (std::vector<std::string>{"</s>", bl(" cat"), bl(" dog")})) << "chunk " << chunk;
        EXPECT_EQ(v->vocab.counts, (std::vector<uint64_t>{3, want[bl(" cat")], want[bl(" dog")]}));
        EXPECT_EQ(v->vocab.corpus_words, total + 3);
        EXPECT_EQ(v->tokens, total);
        EXPECT_EQ(v->lines, 3u);
        EXPECT_EQ(v->distinct, want.size());
        ASSERT_EQ(v->row_of_token.size(), tok.vocab_size());
        for (size_t id = 0; id < tok.vocab_size(); ++id) {
            const int32_t r = v->row_of_token[id];
            if (r >= 0) EXPECT_EQ(v->vocab.words[size_t(r)], tok.token(uint32_t(id)));
            else EXPECT_LT(want.count(tok.token(uint32_t(id))) ? want.at(tok.token(uint32_t(id))) : 0, 2u) << id;
        }
        EXPECT_EQ(v->vocab.codes.size(), 3u);  // Huffman codes are built as for words
    }
}

TEST(Word2VecTokens, BadTextAndEmptyResultsAreClear) {
    const Tokenizer tok = animal_tokenizer();
    auto bad = count(tok, "cat\n dog \xC3( cow\n", 1, 3);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find("byte 9: not UTF-8"), std::string::npos) << bad.error();
    auto nul = count(tok, std::string("cat\0dog", 7), 1, 100);
    ASSERT_FALSE(nul.ok());
    EXPECT_NE(nul.error().find("byte 3: a NUL byte"), std::string::npos) << nul.error();
    auto empty = count(tok, "\n\n\r\n", 1, 100);
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error().find("no tokens"), std::string::npos) << empty.error();
    auto rare = count(tok, " cat dog\n", 5, 100);
    ASSERT_FALSE(rare.ok());
    EXPECT_NE(rare.error().find("min-count = 5"), std::string::npos) << rare.error();
}

ByteReader reader_of(const std::string& text) {
    return [&text](uint64_t off, uint8_t* out, size_t n) -> Expected<size_t> {
        if (off >= text.size()) return size_t(0);
        const size_t k = std::min<uint64_t>(n, text.size() - off);
        std::memcpy(out, text.data() + off, k);
        return k;
    };
}

std::string animal_corpus(size_t lines, uint32_t seed) {
    std::mt19937 rng(seed);
    std::string text;
    for (size_t s = 0; s < lines; ++s) {
        for (size_t k = 0, n = 1 + rng() % 7; k < n; ++k) text += " " + kAnimals[rng() % kAnimals.size()];
        if (rng() % 5 == 0) text += " xyz";  // byte tokens, some under min-count
        text += '\n';
    }
    return text;
}

TEST(Word2VecTokens, SourcesHandOutTheTokenizersIdsAsRowsAndTileTheText) {
    auto tok = std::make_shared<const Tokenizer>(animal_tokenizer());
    const std::string text = animal_corpus(300, 3);
    auto v = count(*tok, text, 20, 1 << 20);
    ASSERT_TRUE(v.ok()) << v.error();
    // What the sources must give: each line's ids mapped to rows, unknown ones left out.
    std::vector<std::vector<int32_t>> want;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::vector<int32_t> rows;
        for (uint32_t id : tok->encode_ids(line))
            if (v->row_of_token[id] >= 0) rows.push_back(v->row_of_token[id]);
        if (!rows.empty()) want.push_back(rows);
    }
    auto map = std::make_shared<const std::vector<int32_t>>(v->row_of_token);
    for (size_t parts : {1, 3, 7}) {
        auto factory = token_source_factory(reader_of(text), text.size(), tok, map);
        std::vector<std::vector<int32_t>> got;
        uint64_t words = 0;
        for (size_t p = 0; p < parts; ++p) {
            auto src = factory(p, parts, v->vocab);
            ASSERT_TRUE(src.ok()) << src.error();
            for (int epoch = 0; epoch < 2; ++epoch) {  // a rewind gives the same sentences
                std::vector<int32_t> rows;
                for (;;) {
                    auto more = (*src)->next(rows, words);
                    ASSERT_TRUE(more.ok()) << more.error();
                    if (!*more) break;
                    if (epoch == 0) got.push_back(rows);
                }
                ASSERT_TRUE((*src)->rewind().ok());
            }
        }
        EXPECT_EQ(got, want) << parts << " parts";
        EXPECT_EQ(words, 2 * v->vocab.corpus_words) << parts << " parts";
    }
}

std::unique_ptr<Word2VecTrainer> token_trainer(const std::string& text, std::shared_ptr<const Tokenizer> tok,
                                               const Word2VecParams& p, TokenVocab& v) {
    auto counted = count(*tok, text, p.min_count, 1 << 20);
    EXPECT_TRUE(counted.ok()) << counted.error();
    v = std::move(*counted);
    auto map = std::make_shared<const std::vector<int32_t>>(v.row_of_token);
    auto t = Word2VecTrainer::create(p, v.vocab, token_source_factory(reader_of(text), text.size(), tok, map));
    EXPECT_TRUE(t.ok()) << t.error();
    return t.ok() ? std::move(*t) : nullptr;
}

std::vector<std::string> names_of(const Tokenizer& tok) {
    std::vector<std::string> names;
    for (uint32_t id = 0; id < tok.vocab_size(); ++id) names.push_back(tok.token(id));
    return names;
}

TEST(Word2VecTokens, TokenTableIsInTokenIdOrderWithUntrainedIdsZero) {
    auto tok = std::make_shared<const Tokenizer>(animal_tokenizer());
    const std::string text = animal_corpus(400, 5);
    Word2VecParams p;
    p.size = 8, p.min_count = 10, p.iter = 1;
    TokenVocab v;
    auto t = token_trainer(text, tok, p, v);
    ASSERT_TRUE(t && t->train_all().ok());
    auto table = t->to_token_table("animals", DType::F32, names_of(*tok), v.row_of_token);
    ASSERT_EQ(table->rows(), tok->vocab_size());
    std::vector<float> got(p.size);
    size_t trained = 0;
    for (uint32_t id = 0; id < tok->vocab_size(); ++id) {
        EXPECT_EQ(table->word(id), tok->token(id));
        table->row_as_float(id, got.data());
        const int32_t r = v.row_of_token[id];
        if (r > 0) {
            ++trained;
            for (size_t d = 0; d < p.size; ++d) EXPECT_EQ(got[d], t->row(size_t(r))[d]) << id;
        } else {
            for (size_t d = 0; d < p.size; ++d) EXPECT_EQ(got[d], 0.f) << id;
        }
    }
    EXPECT_EQ(trained, v.vocab.size() - 1);  // every token row, not "</s>"
    EXPECT_GE(trained, kAnimals.size());
}

// Animals in two groups that never share a line: through the tokenizer, each animal's nearest
// animal is of its own group. One part, one seed: the same bytes twice.
TEST(Word2VecTokens, PlantedGroupsAreLearntAndOneSeedGivesTheSameBytes) {
    auto tok = std::make_shared<const Tokenizer>(animal_tokenizer());
    std::mt19937 rng(9);
    std::string text;
    for (size_t s = 0; s < 3000; ++s) {
        const size_t g = rng() % 2;
        for (size_t k = 0; k < 6; ++k) text += " " + kAnimals[g * 3 + rng() % 3];
        text += '\n';
    }
    Word2VecParams p;
    p.cbow = false, p.size = 16, p.window = 3, p.sample = 0, p.min_count = 1, p.iter = 3, p.seed = 4;
    std::vector<float> first;
    for (int run = 0; run < 2; ++run) {
        TokenVocab v;
        auto t = token_trainer(text, tok, p, v);
        ASSERT_TRUE(t && t->train_all().ok());
        const std::vector<float> w(t->input_vectors(), t->input_vectors() + t->vocab().size() * p.size);
        if (run == 0) first = w;
        else EXPECT_EQ(w, first);
        auto row = [&](const std::string& a) { return t->row(size_t(v.row_of_token[tok->encode_ids(" " + a)[0]])); };
        for (size_t a = 0; a < kAnimals.size(); ++a) {
            size_t best = a;
            double best_cos = -2;
            for (size_t b = 0; b < kAnimals.size(); ++b) {
                if (b == a) continue;
                const float *x = row(kAnimals[a]), *y = row(kAnimals[b]);
                double xy = 0, xx = 0, yy = 0;
                for (size_t d = 0; d < p.size; ++d) xy += x[d] * y[d], xx += x[d] * x[d], yy += y[d] * y[d];
                const double c = xy / std::sqrt(xx * yy);
                if (c > best_cos) best_cos = c, best = b;
            }
            EXPECT_EQ(best / 3, a / 3) << kAnimals[a] << " -> " << kAnimals[best];
        }
    }
}

}  // namespace
}  // namespace embx::train
