// The API over HTTP against a workspace that changes while the server runs (issue 16 defect
// 11) and the undo of an admin's delete (defect 6).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "api_fixture.hpp"

namespace heatloop::web::testing {

namespace {

// Two hours of 10-minute readings of `unit` from 2024-01-01T<hour>:00Z with `columns`.
std::string readings(const std::string& unit, int hour, const std::string& columns = "t_supply") {
    std::string csv = "timestamp,unit_id," + columns + "\n";
    const auto n = std::count(columns.begin(), columns.end(), ',') + 1;
    for (int m = 0; m < 120; m += 10) {
        csv += fmt::format("2024-01-01T{:02}:{:02}:00Z,{}", hour + m / 60, m % 60, unit);
        for (int c = 0; c < n; ++c) csv += fmt::format(",{}", 30 + c + m / 10);
        csv += "\n";
    }
    return csv;
}

std::vector<std::string> unit_ids(const Reply& r) {
    std::vector<std::string> out;
    for (const auto& u : r.body.at("units")) out.push_back(u.at("unit_id").get<std::string>());
    return out;
}

std::vector<std::string> channel_names(const Reply& r) {
    std::vector<std::string> out;
    for (const auto& c : r.body.at("channels")) out.push_back(c.at("name").get<std::string>());
    return out;
}

const char* k_units = "unit_id,type,location\nhp1,ASHP,Bern\n";

}  // namespace

TEST(ApiServer, UnitsIngestedWhileServingAppearWithoutARestart) {
    ApiServer server(k_units, readings("hp1", 0));
    ApiClient rita = server.client("rita");
    EXPECT_EQ(unit_ids(rita.get("/api/v1/units")), (std::vector<std::string>{"hp1"}));
    EXPECT_EQ(rita.get("/api/v1/units/site%2F2").status, 404);

    // A unit whose id holds '/', ingested with its metadata while the server runs.
    server.ingest("units2.csv", "unit_id,type,location\nsite/2,GSHP,Basel\n");
    server.ingest("sensors2.csv", readings("site/2", 0));
    EXPECT_EQ(unit_ids(rita.get("/api/v1/units")), (std::vector<std::string>{"hp1", "site/2"}));
    // Addressable with the '/' percent-encoded, in every unit route.
    const Reply unit = rita.get("/api/v1/units/site%2F2");
    ASSERT_EQ(unit.status, 200) << unit.body.dump();
    EXPECT_EQ(unit.body.at("unit_id"), "site/2");
    EXPECT_EQ(unit.body.at("type"), "GSHP");
    const Reply series = rita.get("/api/v1/units/site%2F2/series?channels=t_supply");
    ASSERT_EQ(series.status, 200) << series.body.dump();
    EXPECT_TRUE(series.body.at("series").contains("t_supply"));
    // Known to the label store too: a label can be drawn on it at once.
    const Reply made = rita.post("/api/v1/labels", {{"unit_id", "site/2"},
                                                    {"start", 1704067200000},
                                                    {"end", 1704070800000},
                                                    {"category", "sensor_fault"}});
    ASSERT_EQ(made.status, 201) << made.body.dump();
    const Reply labels = rita.get("/api/v1/units/site%2F2/labels");
    ASSERT_EQ(labels.status, 200);
    ASSERT_EQ(labels.body.at("labels").size(), 1u);
    EXPECT_EQ(labels.body.at("labels")[0].at("unit_id"), "site/2");
}

TEST(ApiServer, AUnitIngestedAgainIsNotServedFromTheStaleCache) {
    ApiServer server(k_units, readings("hp1", 0));
    ApiClient rita = server.client("rita");
    const Reply before = rita.get("/api/v1/units/hp1");  // loads the frame into the cache
    ASSERT_EQ(before.status, 200);
    EXPECT_EQ(channel_names(before), (std::vector<std::string>{"t_supply"}));
    // More hours with a new channel: the unit's file is replaced.
    server.ingest("more.csv", readings("hp1", 2, "t_supply,t_return"));
    const Reply after = rita.get("/api/v1/units/hp1");
    ASSERT_EQ(after.status, 200);
    EXPECT_EQ(channel_names(after), (std::vector<std::string>{"t_supply", "t_return"}));
    EXPECT_GT(after.body.at("end").get<std::int64_t>(), before.body.at("end").get<std::int64_t>());
    const Reply series = rita.get(fmt::format(
        "/api/v1/units/hp1/series?channels=t_return&start={}&end={}",
        after.body.at("start").get<std::int64_t>(), after.body.at("end").get<std::int64_t>()));
    ASSERT_EQ(series.status, 200) << series.body.dump();
    EXPECT_TRUE(series.body.at("series").contains("t_return"));
}

TEST(ApiServer, UndoOfAnAdminsDeleteRestoresTheSameLabel) {
    ApiServer server(k_units, readings("hp1", 0));
    ApiClient rita = server.client("rita"), admin = server.client("admin");
    Reply made = rita.post("/api/v1/labels", {{"unit_id", "hp1"},
                                              {"start", 1704067200000},
                                              {"end", 1704070800000},
                                              {"category", "sensor_fault"},
                                              {"notes", "stuck"}});
    ASSERT_EQ(made.status, 201);
    const std::int64_t id = made.body.at("id");
    const Reply confirmed = rita.post(fmt::format("/api/v1/labels/{}/confirm", id),
                                      {{"version", made.body.at("version")}});
    ASSERT_EQ(confirmed.status, 200);
    EXPECT_EQ(admin.post(fmt::format("/api/v1/labels/{}/restore", id)).status, 409);  // not deleted
    ASSERT_EQ(admin
                  .del(fmt::format("/api/v1/labels/{}?version={}", id,
                                   confirmed.body.at("version").get<int>()))
                  .status,
              204);
    EXPECT_EQ(rita.post(fmt::format("/api/v1/labels/{}/restore", id)).status, 403);  // admin only
    const Reply back = admin.post(fmt::format("/api/v1/labels/{}/restore", id));
    ASSERT_EQ(back.status, 200) << back.body.dump();
    for (const char* field : {"id", "unit_id", "start", "end", "category", "status", "source",
                              "reviewer", "notes", "created_at"})
        EXPECT_EQ(back.body.at(field), confirmed.body.at(field)) << field;
    EXPECT_EQ(back.body.at("status"), "confirmed");
    EXPECT_EQ(back.body.at("reviewer"), "rita");
    const Reply history = rita.get(fmt::format("/api/v1/labels/{}/history", id));
    ASSERT_EQ(history.status, 200);
    const auto& h = history.body.at("history");
    ASSERT_EQ(h.size(), 4u);
    EXPECT_EQ(h[2].at("action"), "delete");
    EXPECT_EQ(h[3].at("action"), "restore");
    EXPECT_EQ(h[3].at("who"), "admin");
    EXPECT_EQ(admin.post("/api/v1/labels/999/restore").status, 404);
}

}  // namespace heatloop::web::testing
