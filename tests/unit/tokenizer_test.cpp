// The tokenizer pipeline on vocabularies built in code: byte-level BPE merge order, added
// tokens and their flags, NFC and invalid UTF-8, byte offsets, BPE with byte fallback,
// WordPiece, post-processor and decoders.
#include <gtest/gtest.h>

#include "bpe_fixtures.hpp"
#include "core/tokenizer/byte_level.hpp"
#include "core/tokenizer/tokenizer.hpp"

namespace embx {
namespace {

using test::bl;
using test::tiny_bpe;
using V = std::vector<std::string>;

std::vector<std::string> texts(const Tokenizer& t, const std::string& s) {
    std::vector<std::string> out;
    for (const Token& tok : t.encode(s)) out.push_back(tok.text);
    return out;
}

TEST(ByteLevel, KnownLettersAndRoundTrip) {
    EXPECT_EQ(byte_level_encode(" "), "\xC4\xA0");   // U+0120 Ġ
    EXPECT_EQ(byte_level_encode("\n"), "\xC4\x8A");  // U+010A Ċ
    EXPECT_EQ(byte_level_encode("Az~"), "Az~");
    EXPECT_EQ(byte_level_encode("\xC3\xA9"), "\xC3\x83\xC2\xA9");  // é -> Ã©
    std::string all;
    for (int b = 0; b < 256; ++b) all.push_back(char(b));
    const auto back = byte_level_decode(byte_level_encode(all));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, all);
    EXPECT_FALSE(byte_level_decode("\xE4\xB8\x80").has_value());  // U+4E00 is no byte
}

TEST(Tokenizer, MergesByRank) {
    auto t = Tokenizer::create(tiny_bpe({{"b", "c"}, {"a", "b"}, {" ", "a"}}));
    ASSERT_TRUE(t.ok()) << t.error();
    // "bc" outranks "ab": a|bc, and no merge joins a with bc.
    EXPECT_EQ(texts(*t, "abc"), (V{"a", "bc"}));
    EXPECT_EQ(texts(*t, "ab ab"), (V{"ab", bl(" "), "ab"}));  // "ab" outranks " a"
    EXPECT_EQ(texts(*t, " a"), (V{bl(" a")}));
    EXPECT_EQ(t->encode_ids("a")[0], uint32_t('a'));
    EXPECT_EQ(t->kind(), "byte-level BPE");
}

TEST(Tokenizer, LeftmostOnTiesAndChains) {
    auto t = Tokenizer::create(tiny_bpe({{"a", "a"}, {"aa", "a"}, {"aa", "aa"}}));
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(texts(*t, "aaa"), (V{"aaa"}));    // aa|a, then aa+a
    EXPECT_EQ(texts(*t, "aaaa"), (V{"aaaa"}));  // aa|aa, then aa+aa
    // aa|a|a|a -> aa|aa|a (rank 0 first) -> aa|aaa (aa+a outranks aa+aa).
    EXPECT_EQ(texts(*t, "aaaaa"), (V{"aa", "aaa"}));
    // The same again from the per-thread piece cache.
    EXPECT_EQ(texts(*t, "aaaaa"), (V{"aa", "aaa"}));
}

TEST(Tokenizer, AddedTokensFirstLongestMatch) {
    auto t = Tokenizer::create(tiny_bpe({{"h", "i"}}, {"<|x|>", "<|x|>!"}));
    ASSERT_TRUE(t.ok()) << t.error();
    const auto toks = t->encode("hi<|x|>hi<|x|>!");
    ASSERT_EQ(toks.size(), 4u);
    EXPECT_EQ(toks[0].text, "hi");
    EXPECT_EQ(toks[1].text, "<|x|>");
    EXPECT_TRUE(toks[1].added);
    EXPECT_EQ(toks[3].text, "<|x|>!");
    EXPECT_EQ(toks[3].id, 256u + 2);
}

TEST(Tokenizer, AddedTokenFlags) {
    auto spec = tiny_bpe({}, {"<m>", "cat"});
    spec.added[0].lstrip = spec.added[0].rstrip = true;
    spec.added[1].single_word = true;
    auto t = Tokenizer::create(spec);
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(texts(*t, "a  <m>  b"), (V{"a", "<m>", "b"}));
    EXPECT_EQ(texts(*t, "a cat"), (V{"a", bl(" "), "cat"}));
    EXPECT_EQ(texts(*t, "cats").size(), 4u);  // "cat" touches a letter: not the added token
}

TEST(Tokenizer, NormalizedAddedTokensMatchAfterNormalizing) {
    auto spec = tiny_bpe({}, {"\xC3\xA9!"});  // "é!"
    spec.added[0].normalized = true;
    auto t = Tokenizer::create(spec);
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(texts(*t, "e\xCC\x81!"), (V{"\xC3\xA9!"}));  // NFC first makes it the token
    spec.added[0].normalized = false;
    auto raw = Tokenizer::create(spec);
    EXPECT_EQ(texts(*raw, "e\xCC\x81!").size(), 3u);
}

TEST(Tokenizer, NfcAndInvalidUtf8) {
    auto t = Tokenizer::create(tiny_bpe({{"\xC3", "\xA9"}}));
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->encode_ids("e\xCC\x81"), t->encode_ids("\xC3\xA9"));  // e + combining acute = é
    EXPECT_EQ(t->encode_ids("\xC3\xA9").size(), 1u);
    // A lone 0xFF reads as U+FFFD (EF BF BD); so does a truncated sequence, once (TextDecoder).
    EXPECT_EQ(t->encode_ids("\xFF"), (std::vector<uint32_t>{0xEF, 0xBF, 0xBD}));
    EXPECT_EQ(t->encode_ids("\xE2\x82"), (std::vector<uint32_t>{0xEF, 0xBF, 0xBD}));
    auto raw = tiny_bpe({{"\xC3", "\xA9"}});
    raw.normalizer.clear();
    auto t2 = Tokenizer::create(raw);
    ASSERT_TRUE(t2.ok());
    EXPECT_EQ(t2->encode_ids("e\xCC\x81").size(), 3u);
}

TEST(Tokenizer, ByteOffsetsOfEveryToken) {
    auto t = Tokenizer::create(tiny_bpe({{"h", "i"}, {" ", "hi"}}, {"<e>"}));
    ASSERT_TRUE(t.ok());
    const std::string text = "hi hi<e>\xC3\xA9";
    const auto toks = t->encode(text);
    ASSERT_EQ(toks.size(), 5u);
    EXPECT_EQ(std::make_pair(toks[0].begin, toks[0].end), std::make_pair(0u, 2u));
    EXPECT_EQ(std::make_pair(toks[1].begin, toks[1].end), std::make_pair(2u, 5u));
    EXPECT_EQ(std::make_pair(toks[2].begin, toks[2].end), std::make_pair(5u, 8u));
    // é is two byte tokens; both stand for the character's two bytes.
    EXPECT_EQ(std::make_pair(toks[3].begin, toks[3].end), std::make_pair(8u, 10u));
    EXPECT_EQ(std::make_pair(toks[4].begin, toks[4].end), std::make_pair(8u, 10u));
}

TEST(Tokenizer, IgnoreMerges) {
    auto spec = tiny_bpe({{"a", "b"}});
    spec.model.vocab.push_back(bl("abc"));  // a token no merge produces
    spec.model.ignore_merges = true;
    auto t = Tokenizer::create(spec);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(texts(*t, "abc"), (V{"abc"}));
}

TEST(Tokenizer, RejectsBadSpecs) {
    auto spec = tiny_bpe({{"a", "b"}});
    spec.model.merges.emplace_back("zz", "a");
    auto t = Tokenizer::create(spec);
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().find("'zz' is not in the vocabulary"), std::string::npos) << t.error();
    auto far = tiny_bpe({});
    AddedToken x;
    x.content = "<x>";
    x.id = 99999999;
    far.added.push_back(x);
    EXPECT_FALSE(Tokenizer::create(far).ok());
    EXPECT_FALSE(Tokenizer::create(TokenizerSpec{}).ok());
    auto post = tiny_bpe({});
    post.post.before = {100000};
    EXPECT_FALSE(Tokenizer::create(post).ok());
}

TEST(Tokenizer, LongRuns) {
    auto t = Tokenizer::create(tiny_bpe({{" ", " "}, {"  ", "  "}}));
    ASSERT_TRUE(t.ok());
    const auto ids = t->encode_ids(std::string(4000, ' '));
    EXPECT_EQ(ids.size(), 1000u);
}

// Llama 2 / Gemma style: "▁" marks word starts, characters are the symbols, missing ones fall
// back to <0xXX> byte tokens.
TokenizerSpec sentencepiece_like() {
    TokenizerSpec spec;
    NormalizerStep prepend;
    prepend.kind = NormalizerStep::Kind::Prepend;
    prepend.content = "\xE2\x96\x81";
    NormalizerStep replace;
    replace.kind = NormalizerStep::Kind::Replace;
    replace.regex = false;
    replace.pattern = " ";
    replace.content = "\xE2\x96\x81";
    spec.normalizer = {prepend, replace};
    spec.model.vocab = {"<unk>", "<s>", "\xE2\x96\x81", "a", "b", "\xE2\x96\x81" "a", "\xE2\x96\x81" "ab", "ab"};
    for (int b = 0; b < 256; ++b) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "<0x%02X>", b);
        spec.model.vocab.push_back(buf);
    }
    spec.model.merges = {{"a", "b"}, {"\xE2\x96\x81", "a"}, {"\xE2\x96\x81" "a", "b"}};
    spec.model.unk_token = "<unk>";
    spec.model.byte_fallback = true;
    spec.model.fuse_unk = true;
    AddedToken s;
    s.content = "<s>";
    s.id = 1;
    s.special = true;
    spec.added = {s};
    spec.post.before = {1};
    DecoderStep rep;
    rep.kind = DecoderStep::Kind::Replace;
    rep.pattern = "\xE2\x96\x81";
    rep.content = " ";
    DecoderStep fallback, fuse, strip;
    fallback.kind = DecoderStep::Kind::ByteFallback;
    fuse.kind = DecoderStep::Kind::Fuse;
    strip.kind = DecoderStep::Kind::Strip;
    strip.content = " ";
    strip.start = 1;
    spec.decoder = {rep, fallback, fuse, strip};
    return spec;
}

TEST(Tokenizer, ByteFallbackAndWordMarks) {
    auto t = Tokenizer::create(sentencepiece_like());
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->kind(), "BPE with byte fallback");
    // "▁ab" merges as a|b first (rank 0), then ▁+ab is no merge: ▁, ab.
    EXPECT_EQ(texts(*t, "ab"), (V{"\xE2\x96\x81", "ab"}));
    EXPECT_EQ(texts(*t, "ba a"), (V{"\xE2\x96\x81", "b", "a", "\xE2\x96\x81" "a"}));
    // é is no token: its two bytes.
    EXPECT_EQ(texts(*t, "\xC3\xA9"), (V{"\xE2\x96\x81", "<0xC3>", "<0xA9>"}));
    EXPECT_EQ(t->encode_ids("a", true)[0], 1u);  // BOS from the post-processor
    const auto ids = t->encode_ids("ab a \xC3\xA9", true);
    const auto text = t->decode(ids);
    ASSERT_TRUE(text.ok()) << text.error();
    EXPECT_EQ(*text, "ab a \xC3\xA9");
    EXPECT_FALSE(t->decode({999999}).ok());
}

// BERT's pipeline (its normalizer and pre-tokenizer, WordPiece with "##", [CLS] ... [SEP])
// over `vocab`, which starts [PAD], [UNK], [CLS], [SEP].
TokenizerSpec bert_wordpiece(std::vector<std::string> vocab) {
    TokenizerSpec spec;
    NormalizerStep bert;
    bert.kind = NormalizerStep::Kind::Bert;
    spec.normalizer = {bert};
    PreTokenizerStep pre;
    pre.kind = PreTokenizerStep::Kind::Bert;
    spec.pre_tokenizer = {pre};
    spec.model.kind = ModelSpec::Kind::WordPiece;
    spec.model.vocab = std::move(vocab);
    spec.model.unk_token = "[UNK]";
    spec.model.continuing_subword_prefix = "##";
    spec.post.before = {2};
    spec.post.after = {3};
    return spec;
}

TEST(Tokenizer, WordPieceGreedyLongestWithUnknownWords) {
    TokenizerSpec spec = bert_wordpiece({"[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "affable", ",", "cafe", "##s"});
    spec.model.max_input_chars_per_word = 9;
    DecoderStep wp;
    wp.kind = DecoderStep::Kind::WordPiece;
    spec.decoder = {wp};
    auto t = Tokenizer::create(spec);
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->kind(), "WordPiece");
    // Lower-cased, accents stripped, punctuation split off; "unknown" has no full cover.
    EXPECT_EQ(texts(*t, "UNaffable, Caf\xC3\xA9S unknown"),
              (V{"un", "##aff", "##able", ",", "cafe", "##s", "[UNK]"}));
    EXPECT_EQ(texts(*t, "unaffables").back(), "[UNK]");  // 10 characters > 9
    const auto ids = t->encode_ids("affable", true);
    EXPECT_EQ(ids, (std::vector<uint32_t>{2, 7, 3}));
    const auto text = t->decode(t->encode_ids("unaffable , cafes"));
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*text, "unaffable, cafes");
}

}  // namespace
}  // namespace embx

namespace embx {
namespace {

// A long line of mixed text: words, numbers, punctuation runs, whitespace runs, CJK, combining
// marks, invalid UTF-8 and added tokens, from a fixed seed.
std::string long_mixed_text(size_t bytes, uint64_t seed, const std::vector<std::string>& added) {
    const std::vector<std::string> parts = {"hi", " hi", "hello", " world", "   ", "\t", "123", " 4567", "!!", " ...",
                                            "'s", "'re", " caf\xC3\xA9", " e\xCC\x81", "\xE4\xB8\xAD\xE6\x96\x87",
                                            " \xF0\x9F\x98\x80", "\xFF", "\xE2\x82", "a", "b", " ab", "  x", "\r\n"};
    std::string out;
    uint64_t x = seed;
    while (out.size() < bytes) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        const size_t k = size_t(x >> 33);
        if (!added.empty() && k % 29 == 0) out += added[k % added.size()];
        else out += parts[k % parts.size()];
    }
    return out;
}

// Every token of a TokenStream, fed in chunks of `chunk` bytes with windows of `window`.
std::vector<Token> streamed(const Tokenizer& t, const std::string& text, size_t window, size_t chunk, bool special,
                            std::string* echoed) {
    std::vector<Token> all;
    TokenStream s(t, special, window);
    const TokenStream::Sink sink = [&](const std::vector<Token>& toks, std::string_view covered) {
        all.insert(all.end(), toks.begin(), toks.end());
        echoed->append(covered);
    };
    for (size_t i = 0; i < text.size(); i += chunk) s.feed(std::string_view(text).substr(i, chunk), sink);
    s.finish(sink);
    return all;
}

void expect_same_tokens(const std::vector<Token>& a, const std::vector<Token>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a[i].id, b[i].id) << "token " << i;
        ASSERT_EQ(a[i].begin, b[i].begin) << "token " << i;
        ASSERT_EQ(a[i].end, b[i].end) << "token " << i;
    }
}

}  // namespace

// A long text tokenized window by window gives encode()'s tokens and offsets exactly, whatever
// the window and the size of the pieces it is fed in, for byte-level BPE, SentencePiece-style
// BPE and WordPiece; the windows really are cut (the text comes out in several parts).
TEST(TokenStream, WindowsGiveTheWholeTextsTokens) {
    using test::tiny_bpe;
    auto spec = tiny_bpe({{"h", "i"}, {" ", "hi"}, {"l", "l"}, {"e", "ll"}, {" ", "w"}, {"1", "2"}}, {"<|x|>", "<m>"});
    spec.added[1].lstrip = spec.added[1].rstrip = true;
    auto qwen = Tokenizer::create(spec);
    ASSERT_TRUE(qwen.ok()) << qwen.error();
    auto sp = Tokenizer::create(sentencepiece_like());
    ASSERT_TRUE(sp.ok()) << sp.error();
    EXPECT_TRUE(qwen->windows_exact());
    for (const Tokenizer* t : {&*qwen, &*sp}) {
        const std::string text = long_mixed_text(40000, 7, {"<|x|>", "<m>", "  <m>  "});
        const std::vector<Token> whole = t->encode(text, true);
        for (const auto& [window, chunk] : std::vector<std::pair<size_t, size_t>>{{2048, 100}, {2048, 4096}, {3000, 1}, {1 << 20, 777}}) {
            std::string echoed;
            size_t parts = 0;
            TokenStream s(*t, true, window);
            std::vector<Token> all;
            const TokenStream::Sink sink = [&](const std::vector<Token>& toks, std::string_view covered) {
                all.insert(all.end(), toks.begin(), toks.end());
                echoed.append(covered);
                ++parts;
            };
            for (size_t i = 0; i < text.size(); i += chunk) s.feed(std::string_view(text).substr(i, chunk), sink);
            s.finish(sink);
            SCOPED_TRACE(t->kind() + ", window " + std::to_string(window) + ", chunks of " + std::to_string(chunk));
            expect_same_tokens(all, whole);
            EXPECT_EQ(echoed, text);
            if (t->windows_exact() && window < text.size()) {
                EXPECT_GT(parts, 5u);
            }
        }
    }
}

TEST(TokenStream, WordPieceAndTokenizersThatLookAcrossACut) {
    TokenizerSpec spec =
        bert_wordpiece({"[PAD]", "[UNK]", "[CLS]", "[SEP]", "hi", "hello", "world", "##s", "!", ".", "caf", "##e", "a", "b"});
    auto wp = Tokenizer::create(spec);
    ASSERT_TRUE(wp.ok()) << wp.error();
    EXPECT_TRUE(wp->windows_exact());
    const std::string text = long_mixed_text(30000, 11, {});
    std::string echoed;
    expect_same_tokens(streamed(*wp, text, 2048, 999, true, &echoed), wp->encode(text, true));
    EXPECT_EQ(echoed, text);

    // Steps that act at a section's ends (Prepend as in Llama 2, Strip, ByteLevel's prefix
    // space, Metaspace's prepend) are told where a window cut the section: they window too.
    // A regex Replace looks across a cut: the stream holds the text whole instead. Either way
    // the tokens are encode()'s.
    NormalizerStep prepend, strip, regex_replace;
    prepend.kind = NormalizerStep::Kind::Prepend;
    prepend.content = "\xE2\x96\x81";
    strip.kind = NormalizerStep::Kind::Strip;
    strip.left = strip.right = true;
    regex_replace.kind = NormalizerStep::Kind::Replace;
    regex_replace.regex = true;
    regex_replace.pattern = "l+o";
    regex_replace.content = "L";
    PreTokenizerStep prefix_space;
    prefix_space.kind = PreTokenizerStep::Kind::ByteLevel;
    prefix_space.add_prefix_space = true;
    PreTokenizerStep metaspace;
    metaspace.kind = PreTokenizerStep::Kind::Metaspace;
    metaspace.prepend = PreTokenizerStep::Prepend::Always;
    metaspace.split = false;
    struct Case {
        const char* name;
        std::vector<NormalizerStep> normalizer;
        std::vector<PreTokenizerStep> pre;
        bool windows;
    };
    const TokenizerSpec bpe = test::tiny_bpe({{"h", "i"}, {" ", "hi"}, {"l", "l"}, {"e", "ll"}});
    const std::vector<Case> cases = {
        {"Prepend", {prepend}, spec.pre_tokenizer, true},
        {"Strip", {strip}, spec.pre_tokenizer, true},
        {"ByteLevel prefix space", bpe.normalizer, {prefix_space}, true},
        {"regex Replace", {regex_replace}, spec.pre_tokenizer, false},
    };
    const std::string spaced = "  " + text + "  ";
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        TokenizerSpec variant = c.pre.size() == 1 && c.pre[0].kind == PreTokenizerStep::Kind::ByteLevel ? bpe : spec;
        variant.normalizer = c.normalizer;
        variant.pre_tokenizer = c.pre;
        auto t = Tokenizer::create(variant);
        ASSERT_TRUE(t.ok()) << t.error();
        EXPECT_EQ(t->windows_exact(), c.windows);
        size_t parts = 0;
        TokenStream s(*t, false, 2048);
        std::vector<Token> all;
        const TokenStream::Sink sink = [&](const std::vector<Token>& toks, std::string_view) {
            all.insert(all.end(), toks.begin(), toks.end());
            ++parts;
        };
        s.feed(spaced, sink);
        s.finish(sink);
        if (c.windows) EXPECT_GT(parts, 5u);
        else EXPECT_EQ(parts, 1u);
        expect_same_tokens(all, t->encode(spaced, false));
    }
    // Metaspace's prepend after another step would prefix each of its pieces: held whole.
    TokenizerSpec late = spec;
    late.pre_tokenizer.push_back(metaspace);
    auto held = Tokenizer::create(late);
    ASSERT_TRUE(held.ok()) << held.error();
    EXPECT_FALSE(held->windows_exact());
    late.pre_tokenizer = {metaspace};
    auto alone = Tokenizer::create(late);
    ASSERT_TRUE(alone.ok()) << alone.error();
    EXPECT_TRUE(alone->windows_exact());
    std::string echoed2;
    expect_same_tokens(streamed(*alone, spaced, 2048, 500, false, &echoed2), alone->encode(spaced, false));
}

}  // namespace embx
