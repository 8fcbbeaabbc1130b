// sim/html: escaping, tables, charts and a run's page, pure text in and out.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "sim/html/csv_rows.h"
#include "sim/html/html.h"
#include "sim/html/run_page.h"
#include "sim/html/sweep_page.h"
#include "sim/html/svg.h"

namespace monsim::sim::html {
namespace {

TEST(Html, EscapesMarkupAndReplacesBytesThatAreNotUtf8) {
  EXPECT_EQ(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(escape("mon.\xC3\xA9"), "mon.\xC3\xA9");              // é kept
  EXPECT_EQ(escape("a\xFF" "b"), "a\xEF\xBF\xBD" "b");              // a stray byte
  EXPECT_EQ(escape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");        // an overlong '/'
  EXPECT_EQ(escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(escape("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");        // cut short
}

TEST(Html, ATableSortsOnlyWithMoreThanOneRow) {
  Table t;
  t.headers = {"a<b"};
  t.rows = {{"1"}};
  EXPECT_EQ(t.html().find("sortable"), std::string::npos);
  EXPECT_NE(t.html().find("<th>a&lt;b</th>"), std::string::npos);
  t.rows.push_back({number_cell(2.5)});
  EXPECT_NE(t.html().find("<table class=\"sortable\">"), std::string::npos);
  EXPECT_NE(t.html().find("<td class=\"n\" data-v=\"2.5\">2.5</td>"), std::string::npos);
}

TEST(Html, NumbersShowSixSignificantDigits) {
  EXPECT_EQ(number(0.1 + 0.2), "0.3");
  EXPECT_EQ(number(150.0210081), "150.021");
  EXPECT_EQ(number(std::nan("")), "-");
}

TEST(Html, CsvCellsAsNumbers) {
  EXPECT_TRUE(std::isnan(cell_number("")));
  EXPECT_TRUE(std::isnan(cell_number("12x")));
  EXPECT_EQ(cell_number("60.000500"), 60.0005);
}

TEST(Html, CdfStepsFromZeroToOne) {
  const auto xy = cdf_points({3, 1, 2});
  ASSERT_EQ(xy.size(), 4u);
  EXPECT_EQ(xy[0], std::make_pair(1.0, 0.0));
  EXPECT_EQ(xy[1].first, 1.0);
  EXPECT_DOUBLE_EQ(xy[1].second, 1.0 / 3);
  EXPECT_EQ(xy[3], std::make_pair(3.0, 1.0));
  EXPECT_TRUE(cdf_points({}).empty());
}

TEST(Html, AChartIsTheSameBytesForTheSameData) {
  auto draw = [] {
    Chart c("t", "x", "y");
    c.series("s<1>", palette(0), Chart::Style::step, {{0, 0}, {1, 0.5}, {2, 1}});
    c.band(0.5, 1.5, "faults[0] kill", "#d62728");
    return c.svg();
  };
  const std::string a = draw();
  EXPECT_EQ(a, draw());
  EXPECT_NE(a.find("s&lt;1&gt;"), std::string::npos);  // the legend, escaped
  EXPECT_NE(a.find("H"), std::string::npos);           // a step path
  EXPECT_NE(a.find("faults[0] kill"), std::string::npos);
  Chart empty("e", "x", "y");
  empty.empty_note("no requests");
  EXPECT_NE(empty.svg().find(">no requests<"), std::string::npos);
  EXPECT_EQ(palette(0), palette(10));
}

TEST(Html, ARunPageEscapesWhatTheScenarioSays) {
  const auto dir = std::filesystem::temp_directory_path() / ("monsim-html-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "sessions.csv") << "session,client,mon,rank,start_s,end_s,duration_s,end_reason,detected_by\n"
                                      << "0,client.0,mon.a,0,0.006,60,59.994,kill,connection_error\n";
  std::ofstream(dir / "dmesg.txt") << "[    0.006014] libceph: mon0 192.0.2.1:6789 session established\n";
  nlohmann::ordered_json summary = {{"sessions", {{"established", 1}}},
                                    {"hunts", {{"count", 0}}},
                                    {"run", {{"scenario", "<script>alert(1)</script>"}, {"seed", 7}, {"duration", 60.0},
                                             {"clients", 1}, {"monitors", {"mon.a"}}}}};
  RunReport r;
  r.dir = dir;
  r.summary = &summary;
  r.verdict = "FAIL";
  r.expectations = {{"hunts.count", ">= 1", "0", "miss", "s.yaml:9:5", "- {metric: hunts.count, at_least: 1}"}};
  r.rerun = "monsim run s.yaml --seed 7";
  const std::string page = run_page(r);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("session established"), std::string::npos);
  EXPECT_NE(page.find("mon.a: session 0, 0.006 s to 60 s (kill)"), std::string::npos);  // the timeline's bar
  EXPECT_NE(page.find("<span class=\"badge b-fail\">miss</span>"), std::string::npos);
  EXPECT_NE(page.find(">no requests<"), std::string::npos);
  EXPECT_NE(page.find("none kept beside this one"), std::string::npos);
}

}  // namespace
}  // namespace monsim::sim::html
