// Error values for the whole project: core, formats and app return these instead of throwing,
// so a bad file or an unknown word becomes a message, never an abort (and the wasm build needs
// no exception support on hot paths).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace embx {

struct Error {
    std::string message;
};

// Either a value or an Error. Deliberately tiny: C++17 has no std::expected.
template <typename T>
class Expected {
public:
    Expected(T value) : v_(std::move(value)) {}          // NOLINT: implicit on purpose
    Expected(Error error) : v_(std::move(error)) {}      // NOLINT: implicit on purpose

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

    const std::string& error() const { return std::get<1>(v_).message; }

private:
    std::variant<T, Error> v_;
};

// A success-or-error with no value.
class Status {
public:
    Status() = default;
    Status(Error error) : message_(std::move(error.message)), failed_(true) {}  // NOLINT

    static Status success() { return Status(); }
    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const std::string& error() const { return message_; }

private:
    std::string message_;
    bool failed_ = false;
};

}  // namespace embx
