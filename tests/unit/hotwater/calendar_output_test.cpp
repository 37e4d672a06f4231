#include "heatloop/hotwater/calendar_output.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "heatloop/core/error.hpp"

namespace heatloop::hotwater {
namespace {

constexpr Timestamp k_monday = 1'704'067'200'000;  // 2024-01-01T00:00Z, a Monday

// Two weeks of 10-minute tank data at 50 degC, with a 6 K drop on each shower below.
UnitFrame tank_frame(const std::vector<Timestamp>& showers, Timestamp days = 14) {
    UnitFrame f("u1");
    f.set_grid(k_monday, 10 * k_minute_ms, static_cast<std::size_t>(days * 144));
    auto& v = f.get_or_add("t_tank_mid").values;
    v.assign(f.rows(), 50.0);
    for (const Timestamp s : showers) {
        const std::size_t i = f.lower_bound(s);
        for (std::size_t k = i + 1; k < std::min(f.rows(), i + 4); ++k) v[k] = 44.0;
    }
    return f;
}

store::Label label(std::int64_t id, const std::string& unit, Timestamp start,
                   store::LabelStatus status, const std::string& category = "shower_event") {
    store::Label l;
    l.id = id;
    l.unit_id = unit;
    l.start = start;
    l.end = start + 8 * k_minute_ms;
    l.category = category;
    l.status = status;
    return l;
}

TEST(LabelEvents, ProposedAndConfirmedShowersOfTheUnitByStart) {
    using S = store::LabelStatus;
    const std::vector<store::Label> labels{
        label(1, "u1", 5000, S::confirmed), label(2, "u1", 1000, S::proposed),
        label(3, "u1", 2000, S::rejected),  label(4, "u1", 3000, S::superseded),
        label(5, "u2", 4000, S::confirmed), label(6, "u1", 6000, S::confirmed, "defrost"),
    };
    const auto events = label_events(labels, "u1");
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].label_id, 2);
    EXPECT_EQ(events[0].status, "proposed");
    EXPECT_EQ(events[1].label_id, 1);
    EXPECT_EQ(events[1].status, "confirmed");
    EXPECT_EQ(events[1].end, 5000 + 8 * k_minute_ms);
}

TEST(MeasureDrops, ValueAtTheStartMinusTheLowestUntil30MinAfterTheEnd) {
    const Timestamp shower = k_monday + 7 * k_hour_ms + 3 * k_minute_ms;  // between samples
    const UnitFrame f = tank_frame({shower});
    std::vector<ShowerEvent> events{
        {shower, shower + 5 * k_minute_ms, {}, "confirmed"},
        {k_monday - k_day_ms, k_monday - k_day_ms + 1, {}, "confirmed"}};
    measure_drops(f, events);
    EXPECT_DOUBLE_EQ(events[0].size, 6.0);
    EXPECT_TRUE(std::isnan(events[1].size));  // before the data
    UnitFrame no_tank("u1");
    no_tank.set_grid(k_monday, k_minute_ms, 10);
    measure_drops(no_tank, events);
    EXPECT_TRUE(std::isnan(events[0].size));
}

TEST(HouseholdCalendar, CountsEventsOverTheObservedHours) {
    std::vector<Timestamp> starts;
    for (int d = 0; d < 14; ++d) starts.push_back(k_monday + d * k_day_ms + 7 * k_hour_ms);
    UnitFrame f = tank_frame(starts);
    // Tuesday 2024-01-09 07:00-08:00 has no tank value: one Tuesday observed at 07 h.
    auto& v = f.get_or_add("t_tank_mid").values;
    for (std::size_t i = f.lower_bound(k_monday + 8 * k_day_ms + 7 * k_hour_ms);
         i < f.lower_bound(k_monday + 8 * k_day_ms + 8 * k_hour_ms); ++i)
        v[i] = std::numeric_limits<double>::quiet_NaN();
    std::vector<ShowerEvent> events;
    for (const Timestamp s : starts) events.push_back({s, s + 5 * k_minute_ms, {}, "confirmed"});
    measure_drops(f, events);
    const DemandCalendar cal = household_calendar(f, "UTC", std::nullopt, std::nullopt, events);
    EXPECT_EQ(cal.from, k_monday);
    EXPECT_EQ(cal.to, k_monday + 14 * k_day_ms);
    EXPECT_EQ(cal.at(0, 7).days_observed, 2);
    EXPECT_DOUBLE_EQ(cal.at(0, 7).probability(), 1.0);
    EXPECT_DOUBLE_EQ(cal.at(0, 7).mean_size, 6.0);
    EXPECT_EQ(cal.at(1, 7).days_observed, 1);
    EXPECT_EQ(cal.events_used, 13);
    EXPECT_EQ(cal.events_ignored, 1);  // the shower in the hole
    EXPECT_DOUBLE_EQ(cal.at(0, 8).probability(), 0.0);

    // In Zurich (UTC+1 in January) the showers are at 08 h local.
    const DemandCalendar zurich =
        household_calendar(f, "Europe/Zurich", std::nullopt, std::nullopt, events);
    EXPECT_DOUBLE_EQ(zurich.at(0, 8).probability(), 1.0);
    EXPECT_DOUBLE_EQ(zurich.at(0, 7).probability(), 0.0);
}

TEST(HouseholdCalendar, RefusesNoTankEmptyWindowAndNoValues) {
    UnitFrame no_tank("u1");
    no_tank.set_grid(k_monday, k_minute_ms, 10);
    no_tank.get_or_add("t_outdoor").values.assign(10, 1.0);
    try {
        household_calendar(no_tank, "UTC", std::nullopt, std::nullopt, {});
        FAIL() << "no t_tank_mid accepted";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("no t_tank_mid channel"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("t_outdoor"), std::string::npos);
    }
    const UnitFrame f = tank_frame({}, 2);
    EXPECT_THROW(household_calendar(f, "UTC", k_monday + k_day_ms, k_monday, {}),
                 InvalidInputError);
    EXPECT_THROW(household_calendar(f, "UTC", k_monday + 30 * k_day_ms, std::nullopt, {}),
                 InvalidInputError);
    try {
        household_calendar(f, "Mars/Olympus", std::nullopt, std::nullopt, {});
        FAIL() << "an unknown zone accepted";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("calendar of u1: its time_zone metadata: unknown "
                                             "time zone 'Mars/Olympus'"),
                  std::string::npos)
            << e.what();
    }
}

DemandCalendar sample_calendar() {
    const Timestamp s = k_monday + 7 * k_hour_ms;
    const UnitFrame f = tank_frame({s}, 7);
    std::vector<ShowerEvent> events{{s, s + 5 * k_minute_ms, {}, "confirmed"}};
    measure_drops(f, events);
    return household_calendar(f, "UTC", std::nullopt, std::nullopt, events);
}

TEST(CalendarOutputs, CsvHas168RowsInWeekdayHourOrder) {
    const std::string csv = calendar_csv(sample_calendar());
    std::istringstream in(csv);
    std::string line;
    std::vector<std::string> lines;
    while (std::getline(in, line)) lines.push_back(line);
    ASSERT_EQ(lines.size(), 169u);
    EXPECT_EQ(lines[0],
              "weekday,hour,probability,days_observed,days_with_event,events,lower,upper,"
              "mean_size");
    EXPECT_EQ(lines[1 + 7], "0,7,1.000000,1,1,1,0.206549,1.000000,6.000");
    EXPECT_EQ(lines[1 + 8], "0,8,0.000000,1,0,0,0.000000,0.793451,");
    EXPECT_EQ(lines[168], "6,23,0.000000,1,0,0,0.000000,0.793451,");
}

TEST(CalendarOutputs, JsonCellsMatchTheCalendar) {
    const DemandCalendar cal = sample_calendar();
    const nlohmann::json j = calendar_json(cal, "labels");
    EXPECT_EQ(j.at("source"), "labels");
    EXPECT_EQ(j.at("from"), "2024-01-01T00:00:00Z");
    ASSERT_EQ(j.at("cells").size(), 168u);
    const auto& c = j.at("cells").at(7);
    EXPECT_EQ(c.at("weekday"), 0);
    EXPECT_EQ(c.at("hour"), 7);
    EXPECT_DOUBLE_EQ(c.at("probability").get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(c.at("mean_size").get<double>(), 6.0);
    EXPECT_TRUE(j.at("cells").at(8).at("mean_size").is_null());
}

TEST(CalendarOutputs, HtmlIsSelfContainedWith168CellsAndTheirNumbers) {
    const std::string html = calendar_html(sample_calendar(), "run:abc<x>");
    const std::regex cell(R"re(<rect class="cell[^"]*" data-weekday)re");
    EXPECT_EQ(
        std::distance(std::sregex_iterator(html.begin(), html.end(), cell), std::sregex_iterator()),
        168);
    EXPECT_EQ(html.find("http"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_NE(html.find("Monday 07:00–08:00: probability 1.00 (1 of 1 days observed"),
              std::string::npos);
    EXPECT_NE(html.find("run:abc&lt;x&gt;"), std::string::npos);  // escaped
    // every observed cell rests on one day: all 168 hatched
    std::size_t few = 0;
    for (std::size_t p = 0; (p = html.find("class=\"few\"", p)) != std::string::npos; ++p) ++few;
    EXPECT_EQ(few, 168u);
}

TEST(CalendarOutputs, WritesTheThreeFiles) {
    const auto dir = std::filesystem::temp_directory_path() / "heatloop-calendar-output-test";
    std::filesystem::remove_all(dir);
    const auto files = write_calendar(dir / "nested", sample_calendar(), "labels");
    ASSERT_EQ(files.size(), 3u);
    for (const auto& f : files) {
        EXPECT_TRUE(std::filesystem::is_regular_file(f)) << f;
        EXPECT_GT(std::filesystem::file_size(f), 100u) << f;
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "nested" / "calendar.csv.tmp"));
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace heatloop::hotwater
