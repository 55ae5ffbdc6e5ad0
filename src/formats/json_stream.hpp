// A push (chunk-fed) JSON parser with SAX-style callbacks.
//
// Why not nlohmann-json (which the project uses elsewhere): its SAX interface pulls from an
// input adapter and cannot be suspended between chunks, while our importers must accept bytes
// as a fetch() stream delivers them. This parser checks the full JSON grammar, keeps only the
// token it is inside, and bounds both the nesting depth and the token length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace embx {

class JsonHandler {
public:
    virtual ~JsonHandler() = default;
    // Each returns false to stop parsing; the handler then explains why in `error`.
    virtual bool begin_object() = 0;
    virtual bool end_object() = 0;
    virtual bool begin_array() = 0;
    virtual bool end_array() = 0;
    virtual bool key(std::string_view k) = 0;
    virtual bool string(std::string_view s) = 0;
    virtual bool number(std::string_view text) = 0;  // raw text, grammar already checked
    virtual bool literal(std::string_view word) = 0; // "true", "false" or "null"
    std::string error;
};

class JsonStreamParser {
public:
    struct Limits {
        size_t max_depth = 64;
        size_t max_token_bytes = 1 << 20;
    };

    JsonStreamParser(JsonHandler& handler, std::string source_name, Limits limits);
    JsonStreamParser(JsonHandler& handler, std::string source_name)
        : JsonStreamParser(handler, std::move(source_name), Limits{}) {}

    Status feed(const char* data, size_t n);
    Status finish();  // end of input: an error unless exactly one complete value was read
    uint64_t offset() const { return offset_; }

private:
    enum class Lex : uint8_t { Between, String, Number, Literal };
    enum class Expect : uint8_t { Value, FirstKeyOrEnd, Key, Colon, CommaOrEnd, FirstValueOrEnd, End };

    Status fail(const std::string& what);
    Status handler_failed();
    Status structural(char c);
    Status begin_value();
    Status value_done();
    Status emit_string(std::string_view s);
    Status end_number();
    Status end_literal();
    bool number_grammar_ok(std::string_view t) const;
    Status utf8_append(uint32_t cp);

    JsonHandler& h_;
    std::string name_;
    Limits lim_;
    Status error_;
    uint64_t offset_ = 0;       // of the byte being looked at
    uint64_t token_start_ = 0;
    Lex lex_ = Lex::Between;
    Expect expect_ = Expect::Value;
    bool string_is_key_ = false;
    int escape_ = 0;            // 0 none, 1 after '\', 2..5 reading \uXXXX hex digits
    uint32_t hex_ = 0;
    uint32_t high_surrogate_ = 0;
    uint64_t bom_bytes_ = 0;    // leading UTF-8 BOM bytes skipped so far
    std::string tok_;           // current token's text (decoded for strings)
    std::vector<char> stack_;   // '{' or '['
};

}  // namespace embx
