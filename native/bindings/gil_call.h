// Run native work with the GIL released, safely when that work throws.
#pragma once

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "gil.h"

namespace ohbridge::py {

// Holds an exception thrown by the work until the GIL is back, so that it is
// rethrown (and turned into a Python exception by pybind11) with the GIL
// held, whatever the work threw.
template <typename Fn>
auto call_without_gil(Fn&& fn) -> decltype(fn()) {
    using R = decltype(fn());
    std::exception_ptr error;
    if constexpr (std::is_void_v<R>) {
        {
            GilRelease release;
            try {
                fn();
            } catch (...) {
                error = std::current_exception();
            }
        }
        if (error) std::rethrow_exception(error);
    } else {
        std::optional<R> result;
        {
            GilRelease release;
            try {
                result.emplace(fn());
            } catch (...) {
                error = std::current_exception();
            }
        }
        if (error) std::rethrow_exception(error);
        return std::move(*result);
    }
}

}  // namespace ohbridge::py
