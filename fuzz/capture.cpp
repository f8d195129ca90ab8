// The capture reader (lib/capture, behind every INPUT): pastes in every form, HAR, SAML-tracer,
// auto-submit HTML, raw XML -> the list of SSO messages, then the item a command would pick.
#include "capture/capture.hpp"
#include "target.hpp"

using namespace ssoctl;

SSOCTL_FUZZ_TARGET(capture) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    capture::ReadOptions opts;
    opts.from_terminal = size % 2 == 0;
    auto cap = capture::read(in, opts);
    if (!cap) return 0;
    (void)capture::pick(*cap, std::nullopt);
    (void)capture::pick(*cap, size_t{1});
    (void)capture::pick(*cap, cap->items.size() + 1);
    return 0;
}
