// Issue 12: text wrapped to the terminal width, English at spaces, Japanese between wide
// characters under the kinsoku rules, and a value to copy (URL, fingerprint) never cut.
#include "report/wrap.hpp"

#include <sstream>

#include <doctest/doctest.h>

#include "report/style.hpp"
#include "util/width.hpp"

using ssoctl::report::WrappedLine;
using ssoctl::report::wrap;
using ssoctl::util::display_width;

namespace {

// Every line within `width` (the first from `start`), and the words all there, in order.
void check_fits(const std::vector<WrappedLine>& lines, size_t width, size_t start) {
    for (size_t i = 0; i < lines.size(); ++i) {
        CAPTURE(lines[i].text);
        CHECK((i ? lines[i].indent : start) + display_width(lines[i].text) <= width);
    }
}

std::string joined(const std::vector<WrappedLine>& lines, const char* sep) {
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) out += (i ? sep : "") + lines[i].text;
    return out;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("report::wrap English at word boundaries, continuation under the value column") {
        const std::string msg = "the IdP sent no 'email' attribute; it sent: givenName, sn, groups, department, employeeNumber";
        const auto lines = wrap(msg, 60, 24, 17);
        REQUIRE(lines.size() == 3);
        check_fits(lines, 60, 24);
        CHECK(lines[0].indent == 0);
        CHECK(lines[1].indent == 17);
        CHECK(lines[0].text == "the IdP sent no 'email' attribute;");
        CHECK(joined(lines, " ") == msg);

        SUBCASE("fits, or no width (a pipe) -> unchanged, spaces kept") {
            CHECK(wrap("a  b", 80, 0, 2).size() == 1);
            CHECK(wrap("a  b", 80, 0, 2)[0].text == "a  b");
            CHECK(wrap(msg, 0, 24, 17).size() == 1);
            CHECK(wrap(msg, 0, 24, 17)[0].text == msg);
        }
        SUBCASE("embedded newlines start a line at the indent") {
            const auto two = wrap("one\ntwo", 80, 10, 4);
            REQUIRE(two.size() == 2);
            CHECK(two[1].indent == 4);
            CHECK(two[1].text == "two");
        }
    }

    TEST_CASE("report::wrap Japanese between wide characters, not before 、。）」 nor after （「") {
        const std::string msg =
            "IdP が 'email' 属性を送っていません。送られたのは givenName, sn, groups です（SP が期待する名前と完全に一致する「email」を送ってください）。";
        for (size_t width : {30, 31, 32, 33, 40, 41, 50, 57}) {
            CAPTURE(width);
            const auto lines = wrap(msg, width, 6, 4);
            REQUIRE(lines.size() > 1);
            check_fits(lines, width, 6);
            for (size_t i = 1; i < lines.size(); ++i) {
                CAPTURE(lines[i].text);
                for (const char* no_start : {"、", "。", "）", "」"}) CHECK_FALSE(lines[i].text.starts_with(no_start));
                for (const char* no_end : {"（", "「"}) CHECK_FALSE(lines[i - 1].text.ends_with(no_end));
            }
            // Nothing lost: rejoined without the spaces, the text is the same.
            std::string flat, again;
            for (char c : msg) if (c != ' ') flat += c;
            for (char c : joined(lines, "")) if (c != ' ') again += c;
            CHECK(again == flat);
        }
        // A break between two kanji needs no space.
        const auto lines = wrap("証明書の有効期限が切れています", 20, 0, 2);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0].text == "証明書の有効期限が切");
        CHECK(lines[1].text == "れています");
    }

    TEST_CASE("report::wrap never cuts a URL, an ID or a fingerprint: it gets a line of its own") {
        const std::string url = "https://login.microsoftonline.com/3f1c0e1a-0000-4000-8000-000000000001/saml2?SAMLRequest=fZJNT8MwDIb";
        const auto lines = wrap("send the user to " + url + " and try again", 80, 17, 17);
        REQUIRE(lines.size() == 3);
        CHECK(lines[0].text == "send the user to");
        CHECK(lines[1].text == url);  // whole, on a line of its own at column 4; the terminal folds it
        CHECK(lines[1].indent == 4);
        CHECK(lines[2].text == "and try again");
        CHECK(lines[2].indent == 17);

        SUBCASE("a value alone that is wider than the room after the label: below the label") {
            const std::string fp = "51:ed:8b:de:4a:b7:46:75:2b:17:86:e9:c3:32:6a:66:f0:5d:6d:c4:24:80:3a:d8:e7:ae:c8:0e:42:f1:8f:36";
            const auto v = wrap(fp, 80, 17, 17);
            REQUIRE(v.size() == 2);
            CHECK(v[0].text.empty());
            CHECK(v[1].text == fp);
        }
        SUBCASE("a URL that fits at the indent moves there whole") {
            const auto v = wrap("Destination https://sp.example.com/saml/acs/with/a/longer/path", 70, 17, 17);
            REQUIRE(v.size() == 2);
            CHECK(v[1].text == "https://sp.example.com/saml/acs/with/a/longer/path");
            CHECK(v[1].indent == 17);
        }
    }

    TEST_CASE("report::wrap keeps a number with the word after it") {
        const auto lines = wrap("2025-01-01T00:00:00Z .. 2035-01-01T00:00:00Z (expires in 3272 d)", 80, 17, 17);
        REQUIRE(lines.size() == 2);
        CHECK(lines[1].text == "3272 d)");
    }

    TEST_CASE("report::TextOut::field wraps under the value column at the terminal width") {
        std::ostringstream os;
        ssoctl::report::TextOut out(os, {}, ssoctl::diag::Lang::en, 40);
        out.field("fix", "add the attribute statement (claim) in the IdP, with exactly the name");
        CHECK(os.str() ==
              "  fix:           add the attribute\n"
              "                 statement (claim) in\n"
              "                 the IdP, with exactly\n"
              "                 the name\n");
        CHECK(out.lines() == 4);
        out.field("sha256", "51:ed:8b:de:4a:b7:46:75:2b:17:86:e9:c3:32:6a:66:f0:5d:6d:c4:24:80:3a:d8:e7:ae:c8:0e:42:f1:8f:36");
        CHECK(os.str().ends_with("  sha256:\n    51:ed:8b:de:4a:b7:46:75:2b:17:86:e9:c3:32:6a:66:f0:5d:6d:c4:24:80:3a:d8:e7:ae:c8:0e:42:f1:8f:36\n"));
        std::ostringstream ja;
        ssoctl::report::TextOut jout(ja, {}, ssoctl::diag::Lang::ja);
        jout.field("対象", "x");
        CHECK(ja.str() == "  対象:          x\n");  // padded by display width: 対象 is four columns
    }
}
