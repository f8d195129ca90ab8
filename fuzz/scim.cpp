// SCIM response handling: the whole scim-probe run (read-only and --write, as generic, Okta and
// Entra ID) and --cleanup against an in-process HTTP/1.1 server on 127.0.0.1 whose answers come
// from the input. Every JSON parse and shape check of lib/scim sees hostile bodies this way.
//
// Input: answers separated by a line "%%"; each answer is "STATUS [content-type]\n" + body
// (an answer whose first line is not a status is a 200 application/scim+json body). Request i of
// a run gets answer i mod n.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "scim/probe.hpp"
#include "target.hpp"

using namespace ssoctl;

namespace {

struct Answer {
    int status = 200;
    std::string content_type = "application/scim+json";
    std::string body;
};

std::mutex g_mu;
std::vector<Answer> g_answers;
size_t g_next = 0;

Answer next_answer() {
    std::lock_guard<std::mutex> lock(g_mu);
    if (g_answers.empty()) return {};
    return g_answers[g_next++ % g_answers.size()];
}

std::vector<Answer> split(std::string_view in) {
    std::vector<Answer> out;
    size_t pos = 0;
    while (true) {
        const size_t sep = in.find("\n%%\n", pos);
        std::string_view rec = in.substr(pos, sep == std::string_view::npos ? std::string_view::npos : sep - pos);
        Answer a;
        const size_t nl = rec.find('\n');
        std::string_view first = rec.substr(0, nl);
        if (first.size() >= 3 && first[0] >= '1' && first[0] <= '5' && isdigit(first[1]) && isdigit(first[2]) && (first.size() == 3 || first[3] == ' ')) {
            a.status = (first[0] - '0') * 100 + (first[1] - '0') * 10 + (first[2] - '0');
            a.content_type = first.size() > 4 ? std::string(first.substr(4)) : "";
            a.body = nl == std::string_view::npos ? "" : std::string(rec.substr(nl + 1));
        } else {
            a.body = std::string(rec);
        }
        // A header value may not carry CR/LF: keep the content type on its line.
        for (char& c : a.content_type) {
            if (c == '\r' || c == '\n') c = ' ';
        }
        out.push_back(std::move(a));
        if (sep == std::string_view::npos || out.size() >= 64) break;
        pos = sep + 4;
    }
    return out;
}

bool read_request(int fd, std::string& buf) {
    // Headers, then Content-Length bytes of body; what is read beyond stays in buf.
    while (true) {
        const size_t end = buf.find("\r\n\r\n");
        if (end != std::string::npos) {
            size_t len = 0;
            std::string head = buf.substr(0, end);
            for (auto& c : head) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
            const size_t cl = head.find("content-length:");
            if (cl != std::string::npos) len = std::strtoul(head.c_str() + cl + 15, nullptr, 10);
            if (buf.size() >= end + 4 + len) {
                buf.erase(0, end + 4 + len);
                return true;
            }
        }
        char tmp[16384];
        const ssize_t n = recv(fd, tmp, sizeof tmp, 0);
        if (n <= 0) return false;
        buf.append(tmp, static_cast<size_t>(n));
    }
}

void serve(int fd) {
    std::string buf;
    while (read_request(fd, buf)) {
        const Answer a = next_answer();
        std::string resp = "HTTP/1.1 " + std::to_string(a.status) + " X\r\n";
        if (!a.content_type.empty()) resp += "Content-Type: " + a.content_type + "\r\n";
        if (a.status == 429 || a.status == 503) resp += "Retry-After: 0\r\n";
        if (a.status == 201) resp += "Location: http://127.0.0.1/Users/1\r\n";
        resp += "Content-Length: " + std::to_string(a.body.size()) + "\r\n\r\n" + a.body;
        size_t off = 0;
        while (off < resp.size()) {
            const ssize_t n = send(fd, resp.data() + off, resp.size() - off, MSG_NOSIGNAL);
            if (n <= 0) break;
            off += static_cast<size_t>(n);
        }
    }
    close(fd);
}

int start_server() {
    const int ls = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (ls < 0 || bind(ls, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(ls, 16) != 0) fuzz::disagree("scim", "cannot listen on 127.0.0.1");
    socklen_t len = sizeof addr;
    getsockname(ls, reinterpret_cast<sockaddr*>(&addr), &len);
    std::thread([ls] {
        while (true) {
            const int fd = accept(ls, nullptr, nullptr);
            if (fd < 0) continue;
            std::thread(serve, fd).detach();
        }
    }).detach();
    return ntohs(addr.sin_port);
}

}  // namespace

SSOCTL_FUZZ_TARGET(scim) {
    static const int port = start_server();
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    {
        std::lock_guard<std::mutex> lock(g_mu);
        g_answers = split(in);
        g_next = 0;
    }
    scim::ProbeOptions o;
    o.base_url = "http://127.0.0.1:" + std::to_string(port) + "/scim/v2";
    o.token = "fuzz-token";
    o.run_id = "0123abcd";
    o.timeout_ms = 5000;
    o.retry_budget_ms = 0;
    o.trace = [](const std::string&) {};  // --verbose: the redacted, PII-masked trace is built too
    // The IdP flavour and --write from the input's length: every run sees the same bytes.
    static const scim::Idp idps[] = {scim::Idp::generic, scim::Idp::okta, scim::Idp::entra};
    o.as = idps[size % 3];
    o.write = (size / 3) % 2 == 0;
    (void)scim::run_probe(o);
    if (size % 7 == 0) (void)scim::run_cleanup(o);
    return 0;
}
