// Replay cache file format: one "<unix expiry> <assertion ID>" per line; IDs are percent-escaped
// so a hostile ID cannot forge lines.
#include "saml/replay.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "i18n/i18n.hpp"
#include "util/url.hpp"

namespace ssoctl::saml {
namespace {

struct LockFile {
    int fd = -1;
    explicit LockFile(const std::string& path) {
        fd = ::open((path + ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
        if (fd >= 0) ::flock(fd, LOCK_EX);
    }
    ~LockFile() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

Result<bool> check_and_record(const std::string& path, const std::string& assertion_id, util::UnixTime expires,
                              util::UnixTime now) {
    LockFile lock(path);
    if (lock.fd < 0) return i18n::failure("io_error", N_("cannot lock the replay cache '{}'"), {path + ".lock"}, std::strerror(errno));
    std::map<std::string, util::UnixTime> entries;
    if (std::ifstream in(path); in) {
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream ls(line);
            long long exp = 0;
            std::string id;
            if (!(ls >> exp >> id)) continue;
            auto decoded = util::url_decode(id, false);
            if (decoded && exp > now) entries[*decoded] = exp;
        }
    }
    const bool replayed = entries.count(assertion_id) > 0;
    if (!replayed) entries[assertion_id] = expires;
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) return i18n::failure("io_error", N_("cannot write the replay cache '{}'"), {tmp}, std::strerror(errno));
        for (const auto& [id, exp] : entries) out << exp << ' ' << util::url_encode(id) << '\n';
        out.flush();
        if (!out) return i18n::failure("io_error", N_("cannot write the replay cache '{}'"), {tmp});
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return i18n::failure("io_error", N_("cannot replace the replay cache '{}'"), {path}, std::strerror(errno));
    }
    return replayed;
}

}  // namespace ssoctl::saml
