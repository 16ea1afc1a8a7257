#pragma once

#include "error.h"

#include <QtGlobal>

#include <type_traits>
#include <utility>
#include <variant>

namespace CutPilot::Core {

/// A value or an Error, returned across every module boundary instead of throwing (house style,
/// after Qt Creator's Utils::Result). Shaped like C++23 std::expected so that it can be swapped for
/// it once every supported compiler ships <expected>:
///
///     Result<Settings::ListenAddress> parsed = ListenAddress::parse(text);
///     if (!parsed)
///         return parsed.error().withContext(u"--listen"_s);
///     use(*parsed);
template<typename T = void>
class [[nodiscard]] Result
{
    static_assert(!std::is_same_v<std::decay_t<T>, Error>, "Result<Error> makes no sense");
    static_assert(!std::is_reference_v<T>, "Result<T&> is not supported");

public:
    using ValueType = T;

    Result(const T &value)
        : m_storage(std::in_place_index<0>, value)
    {
    }
    Result(T &&value)
        : m_storage(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Error error)
        : m_storage(std::in_place_index<1>, std::move(error))
    {
        Q_ASSERT_X(std::get<1>(m_storage).code() != ErrorCode::None, "Result",
                   "an error result needs an error code");
    }

    bool hasValue() const { return m_storage.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T &value() &
    {
        Q_ASSERT_X(hasValue(), "Result::value", "called on an error result");
        return std::get<0>(m_storage);
    }
    const T &value() const &
    {
        Q_ASSERT_X(hasValue(), "Result::value", "called on an error result");
        return std::get<0>(m_storage);
    }
    T &&value() &&
    {
        Q_ASSERT_X(hasValue(), "Result::value", "called on an error result");
        return std::get<0>(std::move(m_storage));
    }

    const Error &error() const
    {
        Q_ASSERT_X(!hasValue(), "Result::error", "called on a success result");
        return std::get<1>(m_storage);
    }

    T valueOr(T fallback) const & { return hasValue() ? std::get<0>(m_storage) : fallback; }

    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    /// Applies f to the value, passing an error through unchanged.
    template<typename F>
    auto map(F &&f) const & -> Result<std::invoke_result_t<F, const T &>>
    {
        if (!hasValue())
            return error();
        return std::forward<F>(f)(value());
    }

private:
    std::variant<T, Error> m_storage;
};

/// Success carries nothing; failure carries the Error.
template<>
class [[nodiscard]] Result<void>
{
public:
    using ValueType = void;

    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    {
        Q_ASSERT_X(m_error.code() != ErrorCode::None, "Result",
                   "an error result needs an error code");
    }

    bool hasValue() const { return !m_failed; }
    explicit operator bool() const { return hasValue(); }

    const Error &error() const
    {
        Q_ASSERT_X(m_failed, "Result::error", "called on a success result");
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace CutPilot::Core
