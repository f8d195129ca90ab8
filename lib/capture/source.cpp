// mmap for files, a plain read for streams, and a terminal paste read byte-wise with ICANON cleared.
#include "capture/source.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "i18n/i18n.hpp"
#include "util/file.hpp"

namespace ssoctl::capture {
namespace {

// The settings to put back from a signal handler: plain globals, written before the handler is set.
struct termios g_saved;
volatile sig_atomic_t g_fd = -1;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
struct sigaction g_old[4];

void restore_and_reraise(int sig) {
    if (g_fd >= 0) tcsetattr(g_fd, TCSANOW, &g_saved);
    for (size_t i = 0; i < 4; ++i) {
        if (kSignals[i] == sig) sigaction(sig, &g_old[i], nullptr);
    }
    raise(sig);
}

}  // namespace

Result<Source> Source::open(const std::string& path, size_t max_bytes) {
    if (path != "-") {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            auto same = util::read_file(path, max_bytes);  // the one wording of open errors
            if (!same) return tl::make_unexpected(same.error());
            return from_string(std::move(*same));
        }
        struct stat st {};
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            const auto size = static_cast<size_t>(st.st_size);
            if (size > max_bytes) {
                ::close(fd);
                return i18n::failure("input_too_large", N_("'{}' is {} bytes; the limit is {}"), {path, std::to_string(size), std::to_string(max_bytes)});
            }
            Source s;
            if (size > 0) {
                void* m = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
                if (m == MAP_FAILED) {
                    ::close(fd);
                    return i18n::failure("io_error", N_("cannot map '{}': {}"), {path, std::strerror(errno)});
                }
                madvise(m, size, MADV_SEQUENTIAL);
                s.m_map = m;
                s.m_size = size;
            }
            ::close(fd);
            return s;
        }
        ::close(fd);
    }
    auto data = util::read_file(path, max_bytes);
    if (!data) return tl::make_unexpected(data.error());
    return from_string(std::move(*data));
}

Source Source::from_string(std::string bytes) {
    Source s;
    s.m_owned = std::move(bytes);
    return s;
}

Source::Source(Source&& o) noexcept : m_map(o.m_map), m_size(o.m_size), m_owned(std::move(o.m_owned)) {
    o.m_map = nullptr;
    o.m_size = 0;
}

Source& Source::operator=(Source&& o) noexcept {
    if (this != &o) {
        if (m_map) munmap(m_map, m_size);
        m_map = o.m_map;
        m_size = o.m_size;
        m_owned = std::move(o.m_owned);
        o.m_map = nullptr;
        o.m_size = 0;
    }
    return *this;
}

Source::~Source() {
    if (m_map) munmap(m_map, m_size);
}

std::string_view Source::bytes() const {
    if (m_map) return {static_cast<const char*>(m_map), m_size};
    return m_owned;
}

Result<std::string> read_terminal(int fd, size_t max_bytes) {
    struct termios saved {};
    if (tcgetattr(fd, &saved) != 0) return i18n::failure("io_error", N_("cannot read the terminal settings: {}"), {std::strerror(errno)});
    g_saved = saved;
    g_fd = fd;
    struct sigaction sa {};
    sa.sa_handler = restore_and_reraise;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < 4; ++i) sigaction(kSignals[i], &sa, &g_old[i]);
    struct termios raw = saved;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(fd, TCSANOW, &raw);
    const unsigned char eof = saved.c_cc[VEOF] ? saved.c_cc[VEOF] : 0x04;

    std::string out;
    Result<std::string> result = out;
    char buf[8192];
    bool done = false;
    while (!done) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            result = i18n::failure("io_error", N_("cannot read the terminal: {}"), {std::strerror(errno)});
            break;
        }
        if (n == 0) break;
        for (ssize_t i = 0; i < n; ++i) {
            if (static_cast<unsigned char>(buf[i]) == eof) {
                done = true;
                break;
            }
            out.push_back(buf[i]);
        }
        if (out.size() > max_bytes) {
            result = i18n::failure("input_too_large", N_("the paste is larger than {} bytes"), {std::to_string(max_bytes)});
            break;
        }
    }
    tcsetattr(fd, TCSANOW, &saved);
    g_fd = -1;
    for (size_t i = 0; i < 4; ++i) sigaction(kSignals[i], &g_old[i], nullptr);
    if (!result) return result;
    return out;
}

}  // namespace ssoctl::capture
