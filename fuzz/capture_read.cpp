// libFuzzer target: capture::read (and the redactor on what it finds) on arbitrary bytes must
// never crash, hang or allocate without bound. Sizes are capped by ReadOptions.
// Build (one command; the lines below are its parts) and run, from the repo root:
//   clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Ilib -I/usr/include/libxml2
//     fuzz/capture_read.cpp lib/capture/{capture,paste,har,html_form,json_view,message_value,redact}.cpp
//     lib/util/{base64,inflate,url,strings}.cpp lib/xml/document.cpp -lxml2 -lz -o /tmp/fuzz-capture
//   /tmp/fuzz-capture -max_total_time=60 -max_len=65536 testdata/capture testdata/capture/paste
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "capture/capture.hpp"
#include "capture/redact.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ssoctl::capture::ReadOptions opts;
    opts.max_paste = 1u << 20;
    opts.max_capture = 4u << 20;
    opts.max_message = 1u << 20;
    opts.max_items = 64;
    auto cap = ssoctl::capture::read(std::string_view(reinterpret_cast<const char*>(data), size), opts);
    if (cap) {
        ssoctl::capture::Redactor r;
        for (auto& item : cap->items) r.item(item);
        (void)ssoctl::capture::pick(*cap, std::nullopt);
    }
    return 0;
}
