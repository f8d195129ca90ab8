// Where capture bytes come from: a file mapped into memory (a 300 MB HAR is never copied), stdin,
// or a paste typed into a terminal, read without the tty's canonical line limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace ssoctl::capture {

/** The bytes of one input. Regular files are mmap()ed read-only; stdin ("-") and other streams
 *  are read into memory. Example: `auto src = Source::open("flow.har", 2u << 30); capture::read(src->bytes())`. */
class Source {
public:
    /** More than `max_bytes` -> `input_too_large`; cannot open/read -> `io_error`. */
    static Result<Source> open(const std::string& path, size_t max_bytes);
    static Source from_string(std::string bytes);

    Source(Source&& other) noexcept;
    Source& operator=(Source&& other) noexcept;
    Source(const Source&) = delete;
    Source& operator=(const Source&) = delete;
    ~Source();

    std::string_view bytes() const;

private:
    Source() = default;
    void* m_map = nullptr;
    size_t m_size = 0;
    std::string m_owned;
};

/** Reads a paste from the terminal `fd`: canonical mode off (no 4095-byte line limit), echo kept,
 *  ends at Ctrl-D (or EOF); the terminal settings are restored before returning and on SIGINT,
 *  SIGTERM, SIGHUP and SIGQUIT (the signal is then delivered as usual). More than `max_bytes` ->
 *  `input_too_large`. The caller prints the prompt. */
Result<std::string> read_terminal(int fd, size_t max_bytes);

}  // namespace ssoctl::capture
