// --concurrency: fan-out of independent requests (discovery reads, method probes) over a few
// keep-alive connections. One thread per connection; each thread owns its libcurl handle.
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "scim/http.hpp"

namespace ssoctl::scim {

std::vector<Result<Response>> send_parallel(Client& first, const std::vector<Request>& reqs, size_t concurrency) {
    std::vector<Result<Response>> out(reqs.size(), fail("interrupted", "not sent"));
    const size_t workers = std::max<size_t>(1, std::min(concurrency, reqs.size()));
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    auto work = [&](Client& client) {
        for (size_t i = next++; i < reqs.size() && !failed; i = next++) {
            out[i] = client.send(reqs[i]);
            if (!out[i]) failed = true;
        }
    };
    if (workers == 1) {
        work(first);
        return out;
    }
    std::mutex trace_mu;
    HttpOptions shared = first.options();
    if (shared.trace) {
        shared.trace = [&trace_mu, inner = shared.trace](const std::string& block) {
            std::lock_guard<std::mutex> lock(trace_mu);
            inner(block);
        };
    }
    auto own_trace = first.swap_trace(shared.trace);  // the caller's connection joins in, serialised too
    std::vector<std::unique_ptr<Client>> extra;
    std::vector<std::thread> threads;
    for (size_t w = 1; w < workers; ++w) {
        extra.push_back(std::make_unique<Client>(shared));
        extra.back()->share_budget(first);  // one --retry-budget for the whole run
        threads.emplace_back(work, std::ref(*extra.back()));
    }
    work(first);
    for (auto& t : threads) t.join();
    first.swap_trace(std::move(own_trace));
    return out;
}

}  // namespace ssoctl::scim
