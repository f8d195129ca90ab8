#include <doctest/doctest.h>

#include "i18n/i18n.hpp"
#include "util/width.hpp"

using namespace ssoctl;
using diag::Lang;

TEST_CASE("i18n: the embedded Japanese catalog translates, English is the msgid") {
    CHECK(i18n::catalog_size(Lang::ja) > 100);
    CHECK(i18n::catalog_size(Lang::en) == 0);
    CHECK(i18n::tr("expected", Lang::en) == "expected");
    CHECK(i18n::tr("expected", Lang::ja) == "期待値");
    CHECK(i18n::tr("a string no catalog has", Lang::ja) == "a string no catalog has");
}

TEST_CASE("i18n: plurals pick the English form by count, Japanese has one") {
    CHECK(i18n::fmt(i18n::trn("{} error", "{} errors", 1, Lang::en), {"1"}) == "1 error");
    CHECK(i18n::fmt(i18n::trn("{} error", "{} errors", 2, Lang::en), {"2"}) == "2 errors");
    CHECK(i18n::fmt(i18n::trn("{} error", "{} errors", 2, Lang::ja), {"2"}) == "エラー 2 件");
}

TEST_CASE("i18n: fmt fills {} in turn and {N} by position, keeps braces") {
    CHECK(i18n::fmt("{} of {}", {"a", "b"}) == "a of b");
    CHECK(i18n::fmt("{1} 件中 {0}", {"a", "b"}) == "b 件中 a");
    CHECK(i18n::fmt("{{}} {}", {"x"}) == "{} x");
    CHECK(i18n::fmt("{} {}", {"only"}) == "only {}");
    CHECK(i18n::fmt("{7}", {"a"}) == "{7}");
    const diag::Text t = i18n::text("the assertion {}", {{"_a1", "_a1"}});
    CHECK(t.en == "the assertion _a1");
    CHECK(t.ja == "アサーション _a1");
}

TEST_CASE("util: display width counts wide characters twice") {
    CHECK(util::display_width("abc") == 3);
    CHECK(util::display_width("期限") == 4);
    CHECK(util::display_width("警告 ok") == 7);
    CHECK(util::pad_to_width("警告", 7) == "警告   ");
    CHECK(util::display_width("\xff\xfe") == 2);
}
