// Run native work with the GIL released, safely when that work throws.
#pragma once

#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "gil.h"

namespace ohbridge::py {

// GilRelease re-takes the GIL in its destructor; at interpreter exit that
// ends a daemon thread with a forced unwind.  If the work threw, the
// destructor runs during that exception's unwinding, and a second unwind
// is std::terminate.  So the exception is held until the GIL is back and
// only then rethrown.
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
