// A bare TLS client: getaddrinfo + non-blocking connect with a deadline, then SSL_connect, then the peer chain.
#include "x509/tls.hpp"

#include <cerrno>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "x509/cert.hpp"

namespace ssoctl::x509 {
namespace {

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) close(fd);
    }
};

Result<int> connect_with_timeout(const std::string& host, int port, int timeout_ms, std::string& where) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    const std::string service = std::to_string(port);
    if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &res); rc != 0) {
        return i18n::failure("io_error", N_("cannot resolve '{}'"), {where}, gai_strerror(rc));
    }
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(res, freeaddrinfo);
    std::string last = "no address";
    for (addrinfo* ai = res; ai; ai = ai->ai_next) {
        const int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) continue;
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        int rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            rc = poll(&p, 1, timeout_ms);
            if (rc == 1) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
                rc = err == 0 ? 0 : -1;
                errno = err;
            } else {
                errno = rc == 0 ? ETIMEDOUT : errno;
                rc = -1;
            }
        }
        if (rc == 0) {
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
            timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            return fd;
        }
        last = std::strerror(errno ? errno : ETIMEDOUT);
        close(fd);
    }
    return i18n::failure("io_error", N_("cannot connect to '{}'"), {where}, last);
}

std::string ssl_error() {
    const unsigned long e = ERR_get_error();
    if (!e) return "handshake failed";
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

}  // namespace

Result<std::vector<std::string>> fetch_tls_chain(const std::string& host, int port, int timeout_ms) {
    std::string where = util::visible(host) + ":" + std::to_string(port);
    auto fd = connect_with_timeout(host, port, timeout_ms, where);
    if (!fd) return tl::make_unexpected(fd.error());
    Fd owner{*fd};
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
    if (!ctx) return i18n::failure("io_error", N_("cannot create a TLS context"));
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
    if (!ssl) return i18n::failure("io_error", N_("cannot create a TLS session"));
    SSL_set_fd(ssl.get(), owner.fd);
    // SNI only for names, never for IP literals (RFC 6066 §3).
    const bool ip_literal = host.find_first_not_of("0123456789.") == std::string::npos || host.find(':') != std::string::npos;
    if (!ip_literal) SSL_set_tlsext_host_name(ssl.get(), host.c_str());
    ERR_clear_error();
    if (SSL_connect(ssl.get()) != 1) {
        const bool timeout = errno == EAGAIN || errno == EWOULDBLOCK;
        return timeout ? i18n::failure("io_error", N_("TLS handshake with '{}' failed (timed out)"), {where})
                       : i18n::failure("io_error", N_("TLS handshake with '{}' failed"), {where}, ssl_error());
    }
    std::vector<std::string> chain;
    if (STACK_OF(X509)* peer = SSL_get_peer_cert_chain(ssl.get())) {
        for (int i = 0; i < sk_X509_num(peer); ++i) chain.push_back(der_of(sk_X509_value(peer, i)));
    }
    SSL_shutdown(ssl.get());
    if (chain.empty()) return i18n::failure("io_error", N_("'{}' presented no certificate"), {where});
    return chain;
}

}  // namespace ssoctl::x509
