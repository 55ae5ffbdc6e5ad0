#include "formats/json_stream.hpp"

namespace embx {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_number_char(char c) { return is_digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
std::string printable(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
    static const char* hex = "0123456789abcdef";
    return std::string("byte 0x") + hex[u >> 4] + hex[u & 15];
}

}  // namespace

JsonStreamParser::JsonStreamParser(JsonHandler& handler, std::string source_name, Limits limits)
    : h_(handler), name_(std::move(source_name)), lim_(limits) {}

Status JsonStreamParser::fail(const std::string& what) {
    error_ = Error{name_ + ": byte " + std::to_string(offset_) + ": " + what};
    return error_;
}

Status JsonStreamParser::handler_failed() {
    return fail(h_.error.empty() ? std::string("rejected by the importer") : h_.error);
}

Status JsonStreamParser::utf8_append(uint32_t cp) {
    if (cp < 0x80) {
        tok_ += char(cp);
    } else if (cp < 0x800) {
        tok_ += char(0xC0 | (cp >> 6));
        tok_ += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        tok_ += char(0xE0 | (cp >> 12));
        tok_ += char(0x80 | ((cp >> 6) & 0x3F));
        tok_ += char(0x80 | (cp & 0x3F));
    } else {
        tok_ += char(0xF0 | (cp >> 18));
        tok_ += char(0x80 | ((cp >> 12) & 0x3F));
        tok_ += char(0x80 | ((cp >> 6) & 0x3F));
        tok_ += char(0x80 | (cp & 0x3F));
    }
    return Status::success();
}

Status JsonStreamParser::begin_value() {
    if (expect_ == Expect::Value || expect_ == Expect::FirstValueOrEnd) return Status::success();
    if (expect_ == Expect::End) return fail("unexpected data after the end of the JSON value");
    if (expect_ == Expect::Colon) return fail("expected ':' after an object key");
    if (expect_ == Expect::CommaOrEnd) return fail("expected ',' or the end of the container");
    return fail("expected an object key (a string)");
}

Status JsonStreamParser::value_done() {
    expect_ = stack_.empty() ? Expect::End : Expect::CommaOrEnd;
    return Status::success();
}

Status JsonStreamParser::emit_string(std::string_view s) {
    if (string_is_key_) {
        if (!h_.key(s)) return handler_failed();
        expect_ = Expect::Colon;
        return Status::success();
    }
    if (!h_.string(s)) return handler_failed();
    return value_done();
}

bool JsonStreamParser::number_grammar_ok(std::string_view t) const {
    size_t i = 0;
    const size_t n = t.size();
    if (i < n && t[i] == '-') ++i;
    if (i >= n) return false;
    if (t[i] == '0') {
        ++i;
    } else if (is_digit(t[i])) {
        while (i < n && is_digit(t[i])) ++i;
    } else {
        return false;
    }
    if (i < n && t[i] == '.') {
        ++i;
        if (i >= n || !is_digit(t[i])) return false;
        while (i < n && is_digit(t[i])) ++i;
    }
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
        if (i >= n || !is_digit(t[i])) return false;
        while (i < n && is_digit(t[i])) ++i;
    }
    return i == n;
}

Status JsonStreamParser::end_number() {
    lex_ = Lex::Between;
    if (!number_grammar_ok(tok_)) return fail("malformed number '" + tok_ + "'");
    if (!h_.number(tok_)) return handler_failed();
    return value_done();
}

Status JsonStreamParser::end_literal() {
    lex_ = Lex::Between;
    if (tok_ != "true" && tok_ != "false" && tok_ != "null")
        return fail("unexpected word '" + tok_.substr(0, 32) + "' (expected true, false or null)");
    if (!h_.literal(tok_)) return handler_failed();
    return value_done();
}

Status JsonStreamParser::structural(char c) {
    switch (c) {
        case '{':
        case '[': {
            if (Status s = begin_value(); !s.ok()) return s;
            if (stack_.size() >= lim_.max_depth)
                return fail("nesting deeper than " + std::to_string(lim_.max_depth) + " levels");
            stack_.push_back(c);
            if (!(c == '{' ? h_.begin_object() : h_.begin_array())) return handler_failed();
            expect_ = c == '{' ? Expect::FirstKeyOrEnd : Expect::FirstValueOrEnd;
            return Status::success();
        }
        case '}':
        case ']': {
            const char open = c == '}' ? '{' : '[';
            const bool empty_ok = c == '}' ? expect_ == Expect::FirstKeyOrEnd
                                           : expect_ == Expect::FirstValueOrEnd;
            if (!empty_ok && !(expect_ == Expect::CommaOrEnd && !stack_.empty() && stack_.back() == open))
                return fail(std::string("unexpected '") + c + "'");
            stack_.pop_back();
            if (!(c == '}' ? h_.end_object() : h_.end_array())) return handler_failed();
            return value_done();
        }
        case ',':
            if (expect_ != Expect::CommaOrEnd) return fail("unexpected ','");
            expect_ = stack_.back() == '{' ? Expect::Key : Expect::Value;
            return Status::success();
        case ':':
            if (expect_ != Expect::Colon) return fail("unexpected ':'");
            expect_ = Expect::Value;
            return Status::success();
        case '"':
            if (expect_ == Expect::FirstKeyOrEnd || expect_ == Expect::Key) {
                string_is_key_ = true;
            } else {
                if (Status s = begin_value(); !s.ok()) return s;
                string_is_key_ = false;
            }
            lex_ = Lex::String;
            tok_.clear();
            token_start_ = offset_;
            return Status::success();
        default:
            if (c == '-' || is_digit(c) || is_lower(c)) {
                if (Status s = begin_value(); !s.ok()) return s;
                lex_ = c == '-' || is_digit(c) ? Lex::Number : Lex::Literal;
                tok_.clear();
                token_start_ = offset_;
                return Status::success();
            }
            return fail("unexpected " + printable(c));
    }
}

Status JsonStreamParser::feed(const char* p, size_t n) {
    if (!error_.ok()) return error_;
    const char* const end = p + n;
    while (p < end) {
        switch (lex_) {
            case Lex::Between: {
                const char c = *p;
                // A UTF-8 byte order mark is tolerated at the very start (Windows editors add it).
                static constexpr unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};
                if (offset_ < 3 && bom_bytes_ == offset_ && static_cast<unsigned char>(c) == kBom[offset_]) {
                    ++bom_bytes_;
                    ++p;
                    ++offset_;
                    break;
                }
                if (is_ws(c)) {
                    ++p;
                    ++offset_;
                    break;
                }
                // Fast path for the bulk of embedding files: a number that ends inside this
                // chunk is validated and handed over in place, without copying it.
                if ((c == '-' || is_digit(c)) &&
                    (expect_ == Expect::Value || expect_ == Expect::FirstValueOrEnd)) {
                    const char* q = p + 1;
                    while (q < end && is_number_char(*q)) ++q;
                    if (q < end && q - p <= 64) {
                        const std::string_view num(p, size_t(q - p));
                        if (!number_grammar_ok(num)) return fail("malformed number '" + std::string(num) + "'");
                        if (!h_.number(num)) return handler_failed();
                        value_done();
                        offset_ += uint64_t(q - p);
                        p = q;
                        break;
                    }
                }
                if (c == ',' && expect_ == Expect::CommaOrEnd) {
                    expect_ = stack_.back() == '{' ? Expect::Key : Expect::Value;
                    ++p;
                    ++offset_;
                    break;
                }
                if (Status s = structural(c); !s.ok()) return s;
                // Strings start after their quote; numbers and literals with their first char.
                if (lex_ == Lex::Between || lex_ == Lex::String) {
                    ++p;
                    ++offset_;
                }
                break;
            }
            case Lex::String: {
                if (escape_ == 0) {
                    const char* q = p;
                    while (q < end && *q != '"' && *q != '\\' && static_cast<unsigned char>(*q) >= 0x20) ++q;
                    if (q > p && high_surrogate_) {
                        utf8_append(0xFFFD);
                        high_surrogate_ = 0;
                    }
                    tok_.append(p, q);
                    offset_ += uint64_t(q - p);
                    p = q;
                    if (tok_.size() > lim_.max_token_bytes)
                        return fail("string longer than " + std::to_string(lim_.max_token_bytes) + " bytes");
                    if (p == end) break;
                    if (*p == '"') {
                        if (high_surrogate_) {
                            utf8_append(0xFFFD);
                            high_surrogate_ = 0;
                        }
                        ++p;
                        ++offset_;
                        lex_ = Lex::Between;
                        if (Status s = emit_string(tok_); !s.ok()) return s;
                    } else if (*p == '\\') {
                        escape_ = 1;
                        ++p;
                        ++offset_;
                    } else {
                        return fail("raw control character inside a string");
                    }
                } else if (escape_ == 1) {
                    const char c = *p;
                    if (c != 'u' && high_surrogate_) {
                        utf8_append(0xFFFD);
                        high_surrogate_ = 0;
                    }
                    switch (c) {
                        case '"': tok_ += '"'; break;
                        case '\\': tok_ += '\\'; break;
                        case '/': tok_ += '/'; break;
                        case 'b': tok_ += '\b'; break;
                        case 'f': tok_ += '\f'; break;
                        case 'n': tok_ += '\n'; break;
                        case 'r': tok_ += '\r'; break;
                        case 't': tok_ += '\t'; break;
                        case 'u': break;
                        default: return fail("invalid escape \\" + std::string(1, c) + " in a string");
                    }
                    escape_ = c == 'u' ? 2 : 0;
                    hex_ = 0;
                    ++p;
                    ++offset_;
                } else {
                    const int v = hex_value(*p);
                    if (v < 0) return fail("invalid \\u escape (expected 4 hex digits)");
                    hex_ = hex_ * 16 + uint32_t(v);
                    ++p;
                    ++offset_;
                    if (++escape_ == 6) {
                        escape_ = 0;
                        const uint32_t cu = hex_;
                        if (cu >= 0xD800 && cu < 0xDC00) {
                            if (high_surrogate_) utf8_append(0xFFFD);
                            high_surrogate_ = cu;
                        } else if (cu >= 0xDC00 && cu < 0xE000) {
                            if (high_surrogate_)
                                utf8_append(0x10000 + ((high_surrogate_ - 0xD800) << 10) + (cu - 0xDC00));
                            else
                                utf8_append(0xFFFD);  // lone low surrogate
                            high_surrogate_ = 0;
                        } else {
                            if (high_surrogate_) utf8_append(0xFFFD);
                            high_surrogate_ = 0;
                            utf8_append(cu);
                        }
                    }
                }
                break;
            }
            case Lex::Number:
            case Lex::Literal: {
                const bool num = lex_ == Lex::Number;
                const char* q = p;
                if (num) while (q < end && is_number_char(*q)) ++q;
                else while (q < end && is_lower(*q)) ++q;
                tok_.append(p, q);
                offset_ += uint64_t(q - p);
                p = q;
                if (tok_.size() > 64) return fail(num ? "number is too long" : "unexpected word");
                if (p < end) {  // the token ended inside this chunk; its delimiter is read next
                    if (Status s = num ? end_number() : end_literal(); !s.ok()) return s;
                }
                break;
            }
        }
    }
    return Status::success();
}

Status JsonStreamParser::finish() {
    if (!error_.ok()) return error_;
    // Only a top-level scalar may run up to the end of the input; inside a container a
    // number or word cut by the end means the file was truncated.
    if ((lex_ == Lex::Number || lex_ == Lex::Literal) && !stack_.empty())
        return fail(std::string("input ends inside ") + (stack_.back() == '{' ? "an object" : "an array") +
                    " (file truncated?)");
    if (lex_ == Lex::Number) {
        if (Status s = end_number(); !s.ok()) return s;
    } else if (lex_ == Lex::Literal) {
        if (Status s = end_literal(); !s.ok()) return s;
    } else if (lex_ == Lex::String) {
        return fail("input ends inside a string that started at byte " + std::to_string(token_start_));
    }
    if (expect_ != Expect::End) {
        if (stack_.empty()) return fail("input is empty (no JSON value)");
        return fail(std::string("input ends inside ") + (stack_.back() == '{' ? "an object" : "an array") +
                    " (file truncated?)");
    }
    return Status::success();
}

}  // namespace embx
